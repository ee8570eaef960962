package io.subtrack.common.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.db.SqlServerDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database's SQL (sql/sqlserver or sql/postgresql) and the Java declarations describe the same
 * tables: columns in order, keys, nullability, foreign keys, every code of every CHECK; applying
 * the SQL twice is harmless. Run here on H2 in MSSQLServer mode with the SQL Server scripts, and by
 * PostgresSchemaIT (integration-tests) on the dev-db PostgreSQL server with the PostgreSQL scripts.
 */
public class SchemaMatchesSqlTest {
    protected Connection c;

    /** A new, empty database of the kind under test. */
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:schema" + System.nanoTime() + ";MODE=MSSQLServer;DB_CLOSE_DELAY=-1");
    }

    protected DatabaseDialect dialect() {
        return new SqlServerDialect();
    }

    @BeforeEach
    void open() throws SQLException {
        c = connect();
        SchemaApplier.applyRaw(c, dialect());
        SchemaApplier.applyProcessed(c, dialect());
        // the second time finds everything there: nothing is created twice, nothing fails
        SchemaApplier.applyRaw(c, dialect());
        SchemaApplier.applyProcessed(c, dialect());
    }

    @AfterEach
    void close() throws SQLException {
        c.close();
    }

    protected List<String> columns(String table) throws SQLException {
        List<String> cols = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, null, table, null)) {
            while (rs.next()) cols.add(rs.getString("COLUMN_NAME"));
        }
        return cols;
    }

    @Test
    void rawTablesHaveTheDeclaredColumnsInOrder() throws SQLException {
        for (RawTable t : RawTable.all()) {
            List<String> expected = new ArrayList<>();
            expected.add("row_id");
            expected.addAll(t.fields());
            expected.add(RawTable.RECORD_HASH_COLUMN);
            expected.addAll(RawTable.LINEAGE_COLUMNS);
            expected.add(RawTable.EXTRACT_ID_COLUMN);
            assertEquals(expected, columns(t.tableName()), t.tableName());
            // consumer-raw finds stored records by the source row number, the first field of every table
            assertEquals(RawTable.SOURCE_ROW_FIELD, t.fields().get(0), t.tableName());
        }
    }

    @Test
    void processedTablesHaveTheDeclaredColumnsKeysAndNullability() throws SQLException {
        for (ProcessedTable t : ProcessedTable.values()) {
            assertEquals(t.storedColumnNames(), columns(t.tableName()), t.tableName());
            List<String> pk = new ArrayList<>();
            try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, null, t.tableName())) {
                while (rs.next()) pk.add(rs.getString("COLUMN_NAME"));
            }
            assertEquals(new HashSet<>(t.primaryKey()), new HashSet<>(pk), t.tableName() + " primary key");
            try (ResultSet rs = c.getMetaData().getColumns(null, null, t.tableName(), null)) {
                while (rs.next()) {
                    String name = rs.getString("COLUMN_NAME");
                    Column col = t.column(name) != null ? t.column(name)
                        : ProcessedTable.VERSION_COLUMNS.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow();
                    assertEquals(col.nullable(), "YES".equals(rs.getString("IS_NULLABLE")), t.tableName() + "." + col.name());
                }
            }
            Set<String> fks = new HashSet<>();
            try (ResultSet rs = c.getMetaData().getImportedKeys(null, null, t.tableName())) {
                while (rs.next()) fks.add(rs.getString("FKCOLUMN_NAME") + "->" + rs.getString("PKTABLE_NAME"));
            }
            Set<String> declared = new HashSet<>();
            for (ForeignKey fk : t.foreignKeys()) declared.add(fk.columns().get(0) + "->" + fk.parentTable());
            assertEquals(declared, fks, t.tableName() + " foreign keys");
        }
    }

    @Test
    void everyDeclaredParentIsDeclaredEarlier() {
        for (ProcessedTable t : ProcessedTable.values()) {
            for (ForeignKey fk : t.foreignKeys()) {
                assertTrue(fk.parent().ordinal() < t.ordinal(), t + " references " + fk.parentTable() + " declared after it");
            }
        }
    }

    /** Each code column's CHECK accepts exactly the declared codes: every code loads, an undeclared one is refused. */
    @Test
    void codeSetChecksMatchTheDeclaredCodes() throws SQLException {
        for (ProcessedTable t : ProcessedTable.values()) {
            for (Column code : t.columns()) {
                if (!code.isCode()) continue;
                for (String value : code.codes()) {
                    c.setAutoCommit(false);
                    insertParentsAndRow(t, code.name(), value);
                    c.rollback();
                }
                c.setAutoCommit(false);
                assertThrows(SQLException.class, () -> insertParentsAndRow(t, code.name(), "NOT_A_CODE"),
                    t.tableName() + "." + code.name() + " accepted an undeclared code");
                c.rollback();
                c.setAutoCommit(true);
            }
        }
    }

    /** Inserts a minimal row (and its parents' minimal rows) with one column set to the given value. */
    private void insertParentsAndRow(ProcessedTable t, String column, String value) throws SQLException {
        insertMinimal(t, column, value);
    }

    private void insertMinimal(ProcessedTable t, String column, String value) throws SQLException {
        for (ForeignKey fk : t.foreignKeys()) insertMinimalIfAbsent(fk.parent());
        List<String> cols = new ArrayList<>();
        List<Object> vals = new ArrayList<>();
        for (Column col : t.columns()) {
            Object v;
            if (col.name().equals(column)) v = value;
            else if (!col.nullable()) v = minimalValue(col);
            else continue;
            cols.add("\"" + col.name() + "\"");
            vals.add(v);
        }
        String sql = "INSERT INTO \"" + t.tableName() + "\" (" + String.join(", ", cols) + ") VALUES ("
            + String.join(", ", java.util.Collections.nCopies(cols.size(), "?")) + ")";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < vals.size(); i++) ps.setObject(i + 1, vals.get(i));
            ps.executeUpdate();
        }
    }

    private void insertMinimalIfAbsent(ProcessedTable parent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM \"" + parent.tableName() + "\"");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            if (rs.getInt(1) == 0) insertMinimal(parent, null, null);
        }
    }

    private static Object minimalValue(Column col) {
        if (col.isCode()) return col.codes().get(0);
        if (col.type() == JdbcType.MONEY) return new java.math.BigDecimal("1.00");
        return "K1";
    }
}
