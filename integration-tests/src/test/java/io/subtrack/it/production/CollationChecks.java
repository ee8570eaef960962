package io.subtrack.it.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.DialectStatementChecks;
import io.subtrack.common.schema.ProcessedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What both databases must agree on about text comparison (docs/sql-server.md, "Collation"), run
 * on SQL Server by SqlServerContainerTest and on PostgreSQL by EmbeddedAgreementTest, each on a
 * database with the processed schema applied.
 */
final class CollationChecks {
    private CollationChecks() {}

    private static void upsert(Connection c, DatabaseDialect dialect, ProcessedTable table, ObjectNode record) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.buildUpsertStatement(table.tableName(), table.primaryKey(), table.columnNames()))) {
            DialectStatementChecks.bind(ps, table, record);
            ps.executeUpdate();
        }
    }

    /**
     * USR001-style keys that differ in case only are two rows, not one updated twice; a code in lower
     * case ('eur') is refused by the CHECK that lists it in upper case, as a refused row; the code as
     * listed is stored.
     */
    static void caseVariantKeysAreTwoKeysAndCodesAreCaseSensitive(Connection c, DatabaseDialect dialect) throws SQLException {
        c.setAutoCommit(false);
        ProcessedTable suppliers = ProcessedTable.SUPPLIERS;
        String key = suppliers.primaryKey().get(0);
        List<String> keys = List.of("SUPCASE1", "supcase1", "SupCase1");
        for (String k : keys) {
            ObjectNode r = DialectStatementChecks.processedRecord(suppliers, 1);
            r.put(key, k);
            upsert(c, dialect, suppliers, r);
        }
        upsert(c, dialect, suppliers, DialectStatementChecks.processedRecord(suppliers, 1)); // the plans' parent
        c.commit();
        List<String> stored = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
            dialect.buildSelectByKeysStatement(suppliers.tableName(), List.of(key), key, keys.size(), List.of()))) {
            for (int i = 0; i < keys.size(); i++) ps.setString(i + 1, keys.get(i));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) stored.add(rs.getString(1));
            }
        }
        c.commit();
        assertEquals(keys.stream().sorted().toList(), stored.stream().sorted().toList(), "one row per spelling of the key");

        ProcessedTable plans = ProcessedTable.PLANS;
        ObjectNode lower = DialectStatementChecks.processedRecord(plans, 1);
        lower.put("currency", "eur");
        SQLException refused = assertThrows(SQLException.class, () -> upsert(c, dialect, plans, lower), "'eur' is not the code 'EUR'");
        c.rollback();
        assertTrue(dialect.isRowRefused(refused), "refused: " + refused);

        ObjectNode upper = DialectStatementChecks.processedRecord(plans, 1);
        upper.put("currency", "EUR");
        upsert(c, dialect, plans, upper);
        c.commit();
    }

    /**
     * A card's last four are four digits in both databases: a value with a trailing space (which SQL Server's LEN()
     * ignores) or a letter is refused as a row; four digits are stored.
     */
    static void aCardsLastFourIsFourDigitsInBothDatabases(Connection c, DatabaseDialect dialect) throws SQLException {
        c.setAutoCommit(false);
        for (ProcessedTable parent : List.of(ProcessedTable.SUPPLIERS, ProcessedTable.USERS, ProcessedTable.PLANS, ProcessedTable.PAYMENTS)) {
            upsert(c, dialect, parent, DialectStatementChecks.processedRecord(parent, 1));
        }
        c.commit();
        ProcessedTable methods = ProcessedTable.PAYMENT_METHODS;
        for (String bad : List.of("123 ", "12a4", "123")) {
            ObjectNode r = DialectStatementChecks.processedRecord(methods, 1);
            r.put("card_last4", bad);
            SQLException refused = assertThrows(SQLException.class, () -> upsert(c, dialect, methods, r), "'" + bad + "' refused");
            c.rollback();
            assertTrue(dialect.isRowRefused(refused), "refused as a row: " + refused);
        }
        ObjectNode good = DialectStatementChecks.processedRecord(methods, 1);
        good.put("card_last4", "0423");
        upsert(c, dialect, methods, good);
        c.commit();
    }
}
