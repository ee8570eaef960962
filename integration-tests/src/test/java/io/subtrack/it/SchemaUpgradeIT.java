package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.db.PostgresDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.devdb.DevDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A database that SubTrack 8330ec5 created (its tables, which are the first migrations unchanged, and its views,
 * kept verbatim under src/test/resources/schema-8330ec5, applied statement by statement as it applied them) and filled, then started
 * by this version: the migrations upgrade it in place, every row and every value is still there,
 * the new columns are empty, the views answer, and a second start changes nothing.
 */
class SchemaUpgradeIT {
    private static final String LEGACY = "schema-8330ec5/";
    private static final int ROWS = 25;

    @Test
    void aDatabaseOfTheVersionBeforeMigrationsUpgradesInPlaceWithEveryRowKept() throws Exception {
        String url = DevDb.forTests().createDatabase("upgrade_8330ec5");
        try (Connection c = DriverManager.getConnection(url)) {
            // 8330ec5's tables are the first migrations, statement for statement (the files were renamed, not changed);
            // its views are kept apart, as they were before they left deleted rows out
            for (String script : List.of("sql/postgresql/shared/V1__load_offsets.sql", "sql/postgresql/raw/V1__raw_tables.sql",
                "sql/postgresql/raw/V2__transformer_watermark.sql", "sql/postgresql/processed/V1__processed_tables.sql",
                LEGACY + "002_analytics_views.sql")) {
                try (Statement st = c.createStatement()) {
                    for (String sql : SchemaApplier.statements(SchemaApplier.read(script).replace(";\n", ";\nGO\n"))) st.execute(sql);
                }
            }
            fillLikeTheOldVersion(c);
            Map<String, List<String>> before = contents(c);
            assertEquals(RawTable.all().size() + 4 + 3, before.size(), "tables read before the upgrade");

            SchemaApplier.applyRaw(c, new PostgresDialect());
            SchemaApplier.applyProcessed(c, new PostgresDialect());
            Map<String, List<String>> after = contents(c);
            for (Map.Entry<String, List<String>> e : before.entrySet()) {
                if (!e.getKey().equals("processed_payments")) assertEquals(ROWS, e.getValue().size(), e.getKey() + " rows before");
                assertEquals(e.getValue(), after.get(e.getKey()), e.getKey() + ": the rows before and after the upgrade");
            }
            for (RawTable t : RawTable.all()) {
                assertEquals(ROWS, countWhereNull(c, t.tableName(), RawTable.EXTRACT_ID_COLUMN), t + ": extract_id empty on old rows");
            }
            for (ProcessedTable t : new ProcessedTable[] {ProcessedTable.SUPPLIERS, ProcessedTable.PLANS}) {
                assertEquals(ROWS, countWhereNull(c, t.tableName(), ProcessedTable.DELETED_AT.name()), t + ": no row deleted by the upgrade");
            }
            // the views are the new ones (they read deleted_at) and see every old row
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT SUM(\"active_subscriptions\") FROM \"v_mrr_by_supplier\"")) {
                rs.next();
                assertEquals(ROWS, rs.getInt(1));
            }
            assertEquals(List.of("2", "3", "4"), versions(c, SchemaApplier.Layer.RAW));
            assertEquals(List.of("1", "2", "3"), versions(c, SchemaApplier.Layer.PROCESSED));

            SchemaApplier.applyRaw(c, new PostgresDialect());
            SchemaApplier.applyProcessed(c, new PostgresDialect());
            assertEquals(after, contents(c), "a second start changes nothing");
            assertEquals(List.of("2", "3", "4"), versions(c, SchemaApplier.Layer.RAW));
        }
    }

    @Test
    void anEmptyDatabaseGetsEveryMigrationAndNoBaseline() throws Exception {
        String url = DevDb.forTests().createDatabase("upgrade_empty");
        try (Connection c = DriverManager.getConnection(url)) {
            SchemaApplier.applyProcessed(c, new PostgresDialect());
            // the processed layer first, in the same database: the raw layer is still created, not baselined over
            SchemaApplier.applyRaw(c, new PostgresDialect());
            assertEquals(List.of("1", "2", "3", "4"), versions(c, SchemaApplier.Layer.RAW));
            assertEquals(List.of("1", "2", "3"), versions(c, SchemaApplier.Layer.PROCESSED));
            assertTrue(SchemaApplier.tableExists(c, "raw_User"));
            assertTrue(SchemaApplier.tableExists(c, "subtrack_extracts"));
        }
    }

    /** Rows as the old version wrote them: raw records with their hash and lineage, a small processed model, offsets. */
    private static void fillLikeTheOldVersion(Connection c) throws SQLException {
        for (RawTable t : RawTable.all()) {
            List<String> cols = new ArrayList<>(t.fields());
            cols.add(RawTable.RECORD_HASH_COLUMN);
            cols.addAll(RawTable.LINEAGE_COLUMNS);
            try (PreparedStatement ps = c.prepareStatement(insert(t.tableName(), cols))) {
                for (int i = 0; i < ROWS; i++) {
                    int p = 1;
                    for (String f : t.fields()) ps.setString(p++, f + "-" + i);
                    byte[] hash = new byte[32];
                    hash[0] = (byte) i;
                    hash[31] = (byte) t.ordinal();
                    ps.setBytes(p++, hash);
                    ps.setString(p++, "subscriptions_raw");
                    ps.setInt(p++, t.ordinal());
                    ps.setLong(p++, i);
                    ps.setTimestamp(p, Timestamp.valueOf("2025-05-28 12:00:00"));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        for (int i = 0; i < ROWS; i++) {
            exec(c, "INSERT INTO \"processed_suppliers\" (\"supplier_id\", \"name\", \"sector\", \"extracted_at\") VALUES (?, ?, 'OTHER', ?)",
                "FRN" + i, "Supplier " + i, Timestamp.valueOf("2025-05-01 10:00:00"));
            exec(c, "INSERT INTO \"processed_plans\" (\"plan_id\", \"supplier_id\", \"price\", \"currency\", \"category\") VALUES (?, ?, ?, 'EUR', 'MUSIC')",
                "ABN" + i, "FRN" + i, new java.math.BigDecimal("9.99"));
            exec(c, "INSERT INTO \"processed_users\" (\"user_id\", \"email\", \"supplier_id\") VALUES (?, ?, ?)",
                "USR" + i, "u" + i + "@example.com", "FRN" + i);
            exec(c, "INSERT INTO \"processed_subscriptions\" (\"user_id\", \"plan_id\", \"billing_cycle\", \"status\") VALUES (?, ?, 'MONTHLY', 'ACTIVE')",
                "USR" + i, "ABN" + i);
            exec(c, "INSERT INTO \"subtrack_load_offsets\" (\"target\", \"topic\", \"kafka_partition\", \"next_offset\") VALUES ('raw', 't', ?, ?)",
                i, (long) i * 1000);
            exec(c, "INSERT INTO \"transformer_watermark\" (\"raw_table\", \"last_row_id\") VALUES (?, ?)", "t" + i, (long) i);
        }
        for (String view : List.of("v_mrr_by_category", "v_mrr_by_supplier", "v_active_subscriptions_by_plan")) {
            assertFalse(contentsOf(c, view).isEmpty(), view + " answers on the old schema");
        }
    }

    private static String insert(String table, List<String> cols) {
        return "INSERT INTO \"" + table + "\" (\"" + String.join("\", \"", cols) + "\") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")";
    }

    private static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) ps.setObject(i + 1, args[i]);
            ps.executeUpdate();
        }
    }

    /** Every table the old version had, each row as the text of the old columns, sorted. */
    private static Map<String, List<String>> contents(Connection c) throws SQLException {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (RawTable t : RawTable.all()) out.put(t.tableName(), contentsOf(c, t.tableName()));
        for (ProcessedTable t : new ProcessedTable[] {ProcessedTable.SUPPLIERS, ProcessedTable.PLANS, ProcessedTable.USERS,
            ProcessedTable.SUBSCRIPTIONS}) {
            out.put(t.tableName(), contentsOf(c, t.tableName()));
        }
        out.put("subtrack_load_offsets", contentsOf(c, "subtrack_load_offsets"));
        out.put("transformer_watermark", contentsOf(c, "transformer_watermark"));
        out.put("processed_payments", contentsOf(c, "processed_payments"));
        return out;
    }

    private static final java.util.Set<String> NEW_COLUMNS = java.util.Set.of(RawTable.EXTRACT_ID_COLUMN,
        ProcessedTable.EXTRACT_DATE.name(), ProcessedTable.DELETED_AT.name());

    private static List<String> contentsOf(Connection c, String table) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    if (NEW_COLUMNS.contains(md.getColumnName(i))) continue;
                    Object v = rs.getObject(i);
                    sb.append(md.getColumnName(i)).append('=').append(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v).append(';');
                }
                rows.add(sb.toString());
            }
        }
        rows.sort(null);
        return rows;
    }

    private static int countWhereNull(Connection c, String table, String column) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + table + "\" WHERE \"" + column + "\" IS NULL")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static List<String> versions(Connection c, SchemaApplier.Layer layer) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT \"version\" FROM \"" + layer.historyTable()
            + "\" WHERE \"version\" IS NOT NULL AND \"version\" <> '0' AND \"success\" ORDER BY \"installed_rank\"")) {
            while (rs.next()) out.add(rs.getString(1));
        }
        return out;
    }
}
