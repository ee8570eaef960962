package io.subtrack.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.JdbcType;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Runs every statement a dialect builds, for every declared raw and processed table, on a live
 * connection holding the real schema of sql/, and checks the rows that come back. Driven by the
 * declarations in RawTable and ProcessedTable, so a new table or column is covered without a test
 * change. DialectStatementsOnH2Test runs these on H2; SqlServerContainerTest (integration-tests)
 * runs them on SQL Server, including what H2 cannot run: the MERGE locking hint and the driver's
 * bulk copy of batched inserts. Each check expects the tables it writes to be empty.
 */
public final class DialectStatementChecks {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Every key and reference column gets this value, so every foreign key finds its parent. */
    public static final String KEY = "ID-1";

    private final DatabaseDialect dialect;
    private final UnaryOperator<String> asRun;

    /** {@code asRun} turns a built statement into what the database under test runs (identity for SQL Server). */
    public DialectStatementChecks(DatabaseDialect dialect, UnaryOperator<String> asRun) {
        this.dialect = dialect;
        this.asRun = asRun;
    }

    /** Batched inserts of two rows per raw table (bulk copy on SQL Server), read back by record hash; text with non-ASCII letters. */
    public void rawInsertBatchSelectAndCount(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        for (RawTable table : RawTable.all()) {
            List<String> columns = new ArrayList<>(table.fields());
            columns.add(RawTable.RECORD_HASH_COLUMN);
            columns.addAll(RawTable.LINEAGE_COLUMNS);
            List<List<String>> rows = List.of(rawValues(table, 1), rawValues(table, 2));
            try (PreparedStatement insert = c.prepareStatement(asRun.apply(dialect.buildInsertStatement(table.tableName(), columns)))) {
                for (int r = 0; r < rows.size(); r++) {
                    int i = 1;
                    for (String v : rows.get(r)) {
                        if (v == null) insert.setNull(i++, Types.VARCHAR);
                        else insert.setString(i++, v);
                    }
                    insert.setBytes(i++, hash(table, r));
                    insert.setString(i++, "subscriptions_raw");
                    insert.setInt(i++, 0);
                    insert.setLong(i++, r);
                    insert.setTimestamp(i, Timestamp.valueOf(LocalDateTime.of(2026, 1, 15, 10, 30)));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
            assertEquals(rows.size(), count(c, table.tableName()), table.tableName());

            try (PreparedStatement select = c.prepareStatement(asRun.apply(
                dialect.buildSelectByKeysStatement(table.tableName(), table.fields(), RawTable.RECORD_HASH_COLUMN, 2, List.of())))) {
                select.setBytes(1, hash(table, 0));
                select.setBytes(2, hash(table, 1));
                try (ResultSet rs = select.executeQuery()) {
                    // a key look-up promises no order: compared as sets of rows
                    java.util.Set<List<String>> read = new java.util.HashSet<>();
                    while (rs.next()) {
                        List<String> row = new java.util.ArrayList<>();
                        for (int i = 0; i < table.fields().size(); i++) row.add(rs.getString(i + 1));
                        read.add(row);
                    }
                    assertEquals(new java.util.HashSet<>(rows), read, table.tableName());
                }
            }
        }
        c.setAutoCommit(autoCommit);
    }

    /** A record hash (BINARY(32)) distinct per table and row. */
    private static byte[] hash(RawTable table, int row) {
        return java.util.Arrays.copyOf((table.tableName() + "-hash-" + row).getBytes(java.nio.charset.StandardCharsets.UTF_8), 32);
    }

    /** Source text as the raw layer keeps it: non-ASCII included, the last field left null. */
    private static List<String> rawValues(RawTable table, int variant) {
        List<String> values = new ArrayList<>();
        for (String field : table.fields()) values.add("v" + variant + " " + field + " — 86,48 € Élodie");
        values.set(values.size() - 1, null);
        return values;
    }

    /** The raw loader's per-partition offsets: a composite-key MERGE, inserted and then updated. */
    public void offsetsUpsertInsertsThenUpdates(Connection c) throws SQLException {
        List<String> columns = List.of("target", "topic", "kafka_partition", "next_offset");
        String sql = dialect.buildUpsertStatement("subtrack_load_offsets", columns.subList(0, 3), columns);
        try (PreparedStatement upsert = c.prepareStatement(asRun.apply(sql))) {
            for (long next : new long[] {10, 42}) {
                upsert.setString(1, "raw");
                upsert.setString(2, "subscriptions_raw");
                upsert.setInt(3, 2);
                upsert.setLong(4, next);
                upsert.addBatch();
                upsert.executeBatch();
            }
        }
        if (!c.getAutoCommit()) c.commit();
        assertEquals(1, count(c, "subtrack_load_offsets"));
        try (PreparedStatement select = c.prepareStatement(asRun.apply(
            dialect.buildSelectStatement("subtrack_load_offsets", List.of("next_offset"), List.of("target", "kafka_partition"), null)))) {
            select.setString(1, "raw");
            select.setInt(2, 2);
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(42, rs.getLong(1));
            }
        }
    }

    /** Each processed table in dependency order: the first MERGE inserts, the second updates every non-key column. */
    public void processedUpsertInsertsThenUpdates(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        for (ProcessedTable table : ProcessedTable.values()) {
            String sql = asRun.apply(dialect.buildUpsertStatement(table.tableName(), table.primaryKey(), table.columnNames()));
            for (int variant = 1; variant <= 2; variant++) {
                ObjectNode record = processedRecord(table, variant);
                try (PreparedStatement upsert = c.prepareStatement(sql)) {
                    bind(upsert, table, record);
                    upsert.addBatch();
                    upsert.executeBatch();
                }
                c.commit();
                assertEquals(1, count(c, table.tableName()), table.tableName() + " after upsert " + variant);
                assertStored(c, table, record);
            }
        }
        c.setAutoCommit(autoCommit);
    }

    /**
     * Daily extracts, each processed table in dependency order: the versioned upsert ({@link DatabaseDialect.VersionGuard}
     * on extract_date, clearing deleted_at) and the guarded update a soft delete runs. Newer wins, a NULL version only
     * over a stored NULL, an older write changes nothing (update count 0), a deleted key that comes back is undeleted,
     * and a deletion of a key never stored changes nothing.
     */
    public void processedVersionedUpsertAndGuardedUpdate(Connection c) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        DatabaseDialect.VersionGuard guard = new DatabaseDialect.VersionGuard(ProcessedTable.EXTRACT_DATE.name(),
            List.of(ProcessedTable.DELETED_AT.name()));
        LocalDateTime day1 = LocalDateTime.of(2025, 5, 28, 0, 0);
        LocalDateTime day2 = day1.plusDays(1);
        LocalDateTime day3 = day1.plusDays(2);
        for (ProcessedTable table : ProcessedTable.values()) {
            List<String> columns = new ArrayList<>(table.columnNames());
            columns.add(ProcessedTable.EXTRACT_ID.name());
            columns.add(ProcessedTable.EXTRACT_DATE.name());
            String upsert = asRun.apply(dialect.buildUpsertStatement(table.tableName(), table.primaryKey(), columns, guard));
            String delete = asRun.apply(dialect.buildGuardedUpdateStatement(table.tableName(),
                List.of(ProcessedTable.DELETED_AT.name(), ProcessedTable.EXTRACT_ID.name(), ProcessedTable.EXTRACT_DATE.name()),
                table.primaryKey(), ProcessedTable.EXTRACT_DATE.name()));
            ObjectNode v1 = processedRecord(table, 1);
            ObjectNode v2 = processedRecord(table, 2);
            String t = table.tableName();

            assertEquals(1, versionedUpsert(c, upsert, table, v1, null, null), t + ": a legacy row (no version) is inserted");
            assertEquals(1, versionedUpsert(c, upsert, table, v2, null, null), t + ": no version over no version applies");
            assertStored(c, table, v2);
            assertEquals(1, versionedUpsert(c, upsert, table, v1, "d2", day2), t + ": a version over no version applies");
            assertVersion(c, table, "d2", day2, null);
            assertEquals(0, versionedUpsert(c, upsert, table, v2, "d1", day1), t + ": an older extract changes nothing");
            assertEquals(0, versionedUpsert(c, upsert, table, v2, null, null), t + ": no version over a version changes nothing");
            assertStored(c, table, v1);
            assertVersion(c, table, "d2", day2, null);

            assertEquals(0, guardedDelete(c, delete, table, v1, "d1", day1), t + ": an older deletion changes nothing");
            assertVersion(c, table, "d2", day2, null);
            assertEquals(1, guardedDelete(c, delete, table, v1, "d2b", day2), t + ": a deletion as new as the row applies");
            assertVersion(c, table, "d2b", day2, day2.plusHours(1));
            assertStored(c, table, v1);

            assertEquals(1, versionedUpsert(c, upsert, table, v2, "d3", day3), t + ": a newer extract undeletes the key");
            assertStored(c, table, v2);
            assertVersion(c, table, "d3", day3, null);

            ObjectNode unknown = v1.deepCopy();
            for (String k : table.primaryKey()) unknown.put(k, "ID-UNKNOWN");
            assertEquals(0, guardedDelete(c, delete, table, unknown, "d3", day3), t + ": a deletion of a key never stored");
            assertEquals(1, count(c, t), t + ": one row, the deletion inserted none");
        }
        c.setAutoCommit(autoCommit);
    }

    private static int versionedUpsert(Connection c, String sql, ProcessedTable table, ObjectNode record, String extractId,
                                       LocalDateTime extractDate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, table, record);
            int i = table.columns().size() + 1;
            if (extractId == null) ps.setNull(i++, Types.VARCHAR);
            else ps.setString(i++, extractId);
            if (extractDate == null) ps.setNull(i, Types.TIMESTAMP);
            else ps.setTimestamp(i, Timestamp.valueOf(extractDate));
            int n = ps.executeUpdate();
            c.commit();
            return n;
        }
    }

    /** A soft delete: deleted_at one hour after the extract, extract_id and extract_date, by key, guarded. */
    private static int guardedDelete(Connection c, String sql, ProcessedTable table, ObjectNode key, String extractId,
                                     LocalDateTime extractDate) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setTimestamp(i++, Timestamp.valueOf(extractDate.plusHours(1)));
            ps.setString(i++, extractId);
            ps.setTimestamp(i++, Timestamp.valueOf(extractDate));
            for (String k : table.primaryKey()) ps.setString(i++, key.get(k).asText());
            ps.setTimestamp(i, Timestamp.valueOf(extractDate));
            int n = ps.executeUpdate();
            c.commit();
            return n;
        }
    }

    private void assertVersion(Connection c, ProcessedTable table, String extractId, LocalDateTime extractDate,
                               LocalDateTime deletedAt) throws SQLException {
        List<String> version = List.of(ProcessedTable.EXTRACT_ID.name(), ProcessedTable.EXTRACT_DATE.name(),
            ProcessedTable.DELETED_AT.name());
        try (PreparedStatement select = c.prepareStatement(asRun.apply(
            dialect.buildSelectStatement(table.tableName(), version, table.primaryKey(), null)))) {
            for (int i = 0; i < table.primaryKey().size(); i++) select.setString(i + 1, KEY);
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next(), table.tableName());
                assertEquals(extractId, rs.getString(1), table.tableName() + ".extract_id");
                assertEquals(extractDate, rs.getObject(2, LocalDateTime.class), table.tableName() + ".extract_date");
                assertEquals(deletedAt, rs.getObject(3, LocalDateTime.class), table.tableName() + ".deleted_at");
            }
            if (!c.getAutoCommit()) c.commit();
        }
    }

    /** Every code of every code column passes the column's width and its CHECK constraint. */
    public void everyCodeOfEveryCodeColumnCanBeStored(Connection c) throws SQLException {
        for (ProcessedTable table : ProcessedTable.values()) {
            String sql = asRun.apply(dialect.buildUpsertStatement(table.tableName(), table.primaryKey(), table.columnNames()));
            for (Column code : table.columns()) {
                for (String value : code.codes()) {
                    ObjectNode record = processedRecord(table, 1);
                    record.put(code.name(), value);
                    try (PreparedStatement upsert = c.prepareStatement(sql)) {
                        bind(upsert, table, record);
                        upsert.executeUpdate();
                    }
                    assertStored(c, table, record);
                }
            }
        }
    }

    /**
     * Every analytics view of the processed migrations exists and answers, and migrating again (a second stage
     * starting, a newer SubTrack) keeps them: the views are a repeatable migration, never dropped by a start.
     */
    public void dropViewIfExists(Connection c) throws SQLException {
        List<String> views = viewNames();
        assertFalse(views.isEmpty(), "no views found in " + SchemaApplier.scripts(dialect, SchemaApplier.Layer.PROCESSED));
        for (int round = 0; round < 2; round++) {
            try (Statement st = c.createStatement()) {
                for (String view : views) {
                    assertTrue(viewExists(c, view), view + " after migration " + (round + 1));
                    try (ResultSet rs = st.executeQuery(asRun.apply(dialect.buildCountStatement(view)))) {
                        assertTrue(rs.next());
                    }
                }
            }
            if (!c.getAutoCommit()) c.commit();
            SchemaApplier.applyProcessed(c, dialect);
        }
    }

    /** The declared analytics views, which the processed layer's repeatable migration creates. */
    public List<String> viewNames() {
        return AnalyticsView.ALL.stream().map(AnalyticsView::name).toList();
    }

    /** A record whose keys and references all point at {@link #KEY}; other values differ between variants 1 and 2. */
    public static ObjectNode processedRecord(ProcessedTable table, int variant) {
        Set<String> keyColumns = new HashSet<>(table.primaryKey());
        for (ForeignKey fk : table.foreignKeys()) keyColumns.addAll(fk.columns());
        ObjectNode record = JSON.objectNode();
        for (Column col : table.columns()) {
            JdbcType type = col.type();
            if (col.isCode()) {
                record.put(col.name(), variant == 1 ? col.codes().get(0) : col.codes().get(col.codes().size() - 1));
            } else if (keyColumns.contains(col.name())) {
                record.put(col.name(), KEY);
            } else if (type instanceof JdbcType.Text text && text.maxLength() == 4) {
                record.put(col.name(), "000" + variant); // a card's last four: four digits, as its CHECK requires
            } else if (type instanceof JdbcType.Text text) {
                String v = "v" + variant + "é " + col.name();
                record.put(col.name(), v.substring(0, Math.min(v.length(), text.maxLength())));
            } else if (type == JdbcType.MONEY) {
                record.put(col.name(), new BigDecimal(variant == 1 ? "12.34" : "56.78"));
            } else if (type == JdbcType.DATE) {
                record.put(col.name(), "2026-01-1" + variant);
            } else if (type == JdbcType.TIMESTAMP) {
                record.put(col.name(), "2026-01-15T10:30:0" + variant);
            } else if (type == JdbcType.BOOLEAN) {
                record.put(col.name(), variant == 1);
            } else if (type == JdbcType.INT) {
                record.put(col.name(), variant);
            } else {
                throw new AssertionError("no sample value for type " + type + " of " + table.tableName() + "." + col.name());
            }
        }
        return record;
    }

    /** Binds a record the way the processed loader does: through each column's JdbcType. */
    public static void bind(PreparedStatement ps, ProcessedTable table, ObjectNode record) throws SQLException {
        int i = 1;
        for (Column col : table.columns()) col.type().bind(ps, i++, record.get(col.name()));
    }

    public void assertStored(Connection c, ProcessedTable table, ObjectNode record) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(asRun.apply(
            dialect.buildSelectStatement(table.tableName(), table.columnNames(), table.primaryKey(), null)))) {
            for (int i = 0; i < table.primaryKey().size(); i++) select.setString(i + 1, record.get(table.primaryKey().get(i)).asText());
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next(), table.tableName());
                int i = 1;
                for (Column col : table.columns()) {
                    assertEquals(expected(col.type(), record.get(col.name())), actual(col.type(), rs, i++),
                        table.tableName() + "." + col.name());
                }
            }
        }
    }

    private static Object expected(JdbcType type, JsonNode v) {
        if (type == JdbcType.MONEY) return v.decimalValue().setScale(2, RoundingMode.HALF_UP);
        if (type == JdbcType.DATE) return LocalDate.parse(v.asText());
        if (type == JdbcType.TIMESTAMP) return LocalDateTime.parse(v.asText());
        if (type == JdbcType.BOOLEAN) return v.booleanValue();
        if (type == JdbcType.INT) return v.intValue();
        return v.asText();
    }

    private static Object actual(JdbcType type, ResultSet rs, int i) throws SQLException {
        if (type == JdbcType.MONEY) return rs.getBigDecimal(i);
        if (type == JdbcType.DATE) return rs.getObject(i, LocalDate.class);
        if (type == JdbcType.TIMESTAMP) return rs.getObject(i, LocalDateTime.class);
        if (type == JdbcType.BOOLEAN) return rs.getBoolean(i);
        if (type == JdbcType.INT) return rs.getInt(i);
        return rs.getString(i);
    }

    public static boolean viewExists(Connection c, String view) throws SQLException {
        try (ResultSet rs = c.getMetaData().getTables(c.getCatalog(), null, view, new String[] {"VIEW"})) {
            return rs.next();
        }
    }

    public long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(asRun.apply(dialect.buildCountStatement(table)))) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
