package io.subtrack.it.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.sqlserver.jdbc.ISQLServerConnection;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.DialectStatementChecks;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.db.SqlServerDialect;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.it.DeclaredSchema;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mssqlserver.MSSQLServerContainer;

/**
 * SQL Server as docker compose runs it: the init script, and every statement of
 * SqlServerDialect exactly as built, including what H2 cannot run (the MERGE locking hint under
 * concurrent upserts, bulk copy of batched inserts). Skipped, with the reason shown, where no
 * Docker engine is available.
 */
// the display name carries the skip reason to the console, where surefire prints no reason of its own
@DisplayName("SQL Server container: init script, collation, bulk copy, MERGE HOLDLOCK (Testcontainers: skipped when no Docker engine is available)")
@Testcontainers(disabledWithoutDocker = true)
class SqlServerContainerTest {
    @Container
    static final MSSQLServerContainer MSSQL = ProductionStack.sqlServer();

    private final DatabaseDialect dialect = DatabaseDialect.forUrl("jdbc:sqlserver://x");

    private static Connection connect(String database) {
        return Database.connect(ProductionStack.jdbcUrl(MSSQL, database), MSSQL.getUsername(), MSSQL.getPassword());
    }

    /** A database of the test's own, created by docker/init-db.sh as compose creates its two (same collation). */
    private static void createDatabase(String database) throws Exception {
        ProductionStack.runInitScript(MSSQL, database);
    }

    private static String collation(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT CAST(DATABASEPROPERTYEX(?, 'Collation') AS NVARCHAR(128))")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                return rs.getString(1);
            }
        }
    }

    private static boolean readCommittedSnapshot(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT is_read_committed_snapshot_on FROM sys.databases WHERE name = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), database);
                return rs.getBoolean(1);
            }
        }
    }

    /**
     * The init script creates the two databases with the case-sensitive collation and locking READ
     * COMMITTED (docs/sql-server.md), twice without harm; the stages then create their tables in
     * them (data kept on a second start), non-ASCII column names intact.
     */
    @Test
    void initScriptCreatesBothDatabasesAndTheStagesTheirTables() throws Exception {
        ProductionStack.runInitScript(MSSQL);
        ProductionStack.runInitScript(MSSQL);
        try (Connection master = connect("master")) {
            for (String db : List.of(ProductionStack.RAW_DB, ProductionStack.PROCESSED_DB)) {
                assertEquals(ProductionStack.COLLATION, collation(master, db), db);
                assertFalse(readCommittedSnapshot(master, db), db + ": READ_COMMITTED_SNAPSHOT stays off (the transformer's watermark)");
            }
        }
        try (Connection raw = connect(ProductionStack.RAW_DB)) {
            SchemaApplier.applyRaw(raw, new SqlServerDialect());
            try (Statement st = raw.createStatement()) {
                st.execute("INSERT INTO [subtrack_load_offsets] ([target], [topic], [kafka_partition], [next_offset]) VALUES (N'raw', N't', 0, 7)");
            }
            SchemaApplier.applyRaw(raw, new SqlServerDialect());
            for (RawTable t : RawTable.all()) assertTrue(SchemaApplier.tableExists(raw, t.tableName()), t.tableName());
            try (ResultSet rs = raw.getMetaData().getColumns(raw.getCatalog(), null, "raw_Journal", "valeurPrécedente")) {
                assertTrue(rs.next(), "the non-ASCII column name survived");
            }
            assertEquals(1, new DialectStatementChecks(dialect, s -> s).count(raw, "subtrack_load_offsets"),
                "a second start keeps the data");
        }
        try (Connection processed = connect(ProductionStack.PROCESSED_DB)) {
            SchemaApplier.applyProcessed(processed, new SqlServerDialect());
            for (ProcessedTable t : ProcessedTable.values()) assertTrue(SchemaApplier.tableExists(processed, t.tableName()), t.tableName());
            for (String view : new DialectStatementChecks(new SqlServerDialect(), sql -> sql).viewNames()) assertTrue(DialectStatementChecks.viewExists(processed, view), view);
        }
    }

    /**
     * sql/sqlserver, migrated, is what the declarations say, read back from sys.*: every processed table's
     * columns in order with their types and nullability, its primary and foreign keys, and the exact codes of
     * every code CHECK (as PostgresSchemaIT reads pg_catalog); every raw table's source fields as text of the raw width.
     */
    @Test
    void theCatalogHoldsTheDeclaredTables() throws Exception {
        createDatabase("checks_catalog");
        try (Connection c = connect("checks_catalog")) {
            SchemaApplier.applyProcessed(c, dialect);
            for (ProcessedTable t : ProcessedTable.values()) {
                DeclaredSchema.assertMatches(t.tableName(), DeclaredSchema.declared(t, dialect), SqlServerCatalog.read(c, t.tableName()));
            }
            SchemaApplier.applyRaw(c, dialect);
            for (RawTable t : RawTable.all()) {
                assertEquals(DeclaredSchema.rawFields(t, dialect), DeclaredSchema.fieldsOf(t, SqlServerCatalog.read(c, t.tableName())), t.tableName());
            }
        }
    }

    /**
     * Every text column of every table the migrations create is NVARCHAR, read from sys.columns: source text carries
     * accents and the euro sign, and the driver sends string parameters as Unicode (SqlServerDialect's driver
     * defaults), so a VARCHAR column would lose characters outside its code page and force a conversion on every
     * comparison. The views created are the declared ones.
     */
    @Test
    void everyTextColumnIsNvarcharAndTheViewsAreTheDeclaredOnes() throws Exception {
        createDatabase("checks_unicode");
        try (Connection c = connect("checks_unicode")) {
            SchemaApplier.applyRaw(c, dialect);
            SchemaApplier.applyProcessed(c, dialect);
            List<String> nonUnicode = new ArrayList<>();
            int unicode = 0;
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT OBJECT_NAME(c.object_id), c.name, TYPE_NAME(c.system_type_id) FROM sys.columns c"
                     + " JOIN sys.tables t ON t.object_id = c.object_id"
                     + " WHERE TYPE_NAME(c.system_type_id) IN ('varchar', 'char', 'text', 'nchar', 'ntext', 'nvarchar')")) {
                while (rs.next()) {
                    if (rs.getString(3).equals("nvarchar")) unicode++;
                    else nonUnicode.add(rs.getString(1) + "." + rs.getString(2) + " " + rs.getString(3));
                }
            }
            assertTrue(unicode > 100, "only " + unicode + " NVARCHAR columns found");
            assertTrue(nonUnicode.isEmpty(), "non-NVARCHAR text columns: " + nonUnicode);
            java.util.Set<String> views = new java.util.TreeSet<>();
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT name FROM sys.views")) {
                while (rs.next()) views.add(rs.getString(1));
            }
            assertEquals(new java.util.TreeSet<>(new DialectStatementChecks(dialect, s -> s).viewNames()), views);
        }
    }

    /** Case-variant keys are two keys and a lower-case code is refused, as on PostgreSQL (EmbeddedAgreementTest). */
    @Test
    void caseVariantKeysAreTwoKeysAndCodesAreCaseSensitive() throws Exception {
        createDatabase("checks_collation");
        try (Connection c = connect("checks_collation")) {
            SchemaApplier.applyProcessed(c, new SqlServerDialect());
            CollationChecks.caseVariantKeysAreTwoKeysAndCodesAreCaseSensitive(c, dialect);
        }
    }

    /** A card's last four with a trailing space (LEN() ignores it) or a letter is refused, as on PostgreSQL. */
    @Test
    void aCardsLastFourIsFourDigits() throws Exception {
        createDatabase("checks_last_four");
        try (Connection c = connect("checks_last_four")) {
            SchemaApplier.applyProcessed(c, new SqlServerDialect());
            CollationChecks.aCardsLastFourIsFourDigitsInBothDatabases(c, dialect);
        }
    }

    @Test
    void connectionsUseBulkCopyWithConstraintsCheckedAndSendStringsAsUnicode() throws SQLException {
        try (Connection c = connect("master")) {
            ISQLServerConnection sqlServer = c.unwrap(ISQLServerConnection.class);
            assertTrue(sqlServer.getUseBulkCopyForBatchInsert());
            assertTrue(sqlServer.getBulkCopyForBatchInsertCheckConstraints());
            // setString, not setNString: the server sees NVARCHAR only if the driver sends strings as Unicode
            try (PreparedStatement ps = c.prepareStatement("SELECT CAST(SQL_VARIANT_PROPERTY(?, 'BaseType') AS NVARCHAR(20))")) {
                ps.setString(1, "Élodie €");
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals("nvarchar", rs.getString(1));
                }
            }
        }
    }

    /** Batched raw inserts go through the driver's bulk copy (it logs constructing one) and read back exactly, non-ASCII included. */
    @Test
    void rawStatementsRunOnSqlServerThroughBulkCopy() throws Exception {
        createDatabase("checks_raw");
        Logger bulkCopyLog = Logger.getLogger("com.microsoft.sqlserver.jdbc.SQLServerBulkCopy");
        AtomicInteger bulkCopies = new AtomicInteger();
        Handler counter = new Handler() {
            @Override public void publish(LogRecord r) {
                if ("SQLServerBulkCopy".equals(r.getSourceMethodName())) bulkCopies.incrementAndGet();
            }
            @Override public void flush() {}
            @Override public void close() {}
        };
        Level level = bulkCopyLog.getLevel();
        bulkCopyLog.setLevel(Level.FINER);
        counter.setLevel(Level.ALL);
        bulkCopyLog.addHandler(counter);
        try (Connection c = connect("checks_raw")) {
            SchemaApplier.applyRaw(c, new SqlServerDialect());
            SchemaApplier.applyRaw(c, new SqlServerDialect());
            DialectStatementChecks checks = new DialectStatementChecks(dialect, s -> s);
            checks.rawInsertBatchSelectAndCount(c);
            checks.offsetsUpsertInsertsThenUpdates(c);
        } finally {
            bulkCopyLog.removeHandler(counter);
            bulkCopyLog.setLevel(level);
        }
        assertTrue(bulkCopies.get() >= RawTable.all().size(), "bulk copies: " + bulkCopies.get());
    }

    /**
     * A refused row must be told from a database failure on SQL Server too: the loaders then retry
     * a failed batch row by row and dead-letter only what the database refuses. The bulk copy path
     * reports its failure without SQLSTATE (see SqlErrors); the row-by-row INSERT carries 23000.
     */
    @Test
    void aRefusedRowInABulkCopiedBatchIsFoundRowByRow() throws Exception {
        createDatabase("checks_refused_raw");
        RawTable table = RawTable.ADMIN;
        List<String> columns = new ArrayList<>(table.fields());
        columns.add(RawTable.RECORD_HASH_COLUMN);
        columns.addAll(RawTable.LINEAGE_COLUMNS);
        try (Connection c = connect("checks_refused_raw")) {
            SchemaApplier.applyRaw(c, new SqlServerDialect());
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement(dialect.buildInsertStatement(table.tableName(), columns))) {
                bindAdmin(insert, "stored-hash", 0);
                insert.executeUpdate();
                c.commit();

                bindAdmin(insert, "new-hash", 1);
                insert.addBatch();
                bindAdmin(insert, "stored-hash", 2);
                insert.addBatch();
                SQLException batchFailure = assertThrows(SQLException.class, insert::executeBatch);
                c.rollback();
                assertTrue(dialect.isRowRefused(batchFailure), "batch failure: " + batchFailure);

                bindAdmin(insert, "new-hash", 1);
                insert.executeUpdate();
                bindAdmin(insert, "stored-hash", 2);
                SQLException rowFailure = assertThrows(SQLException.class, insert::executeUpdate);
                assertTrue(rowFailure.getSQLState() != null && rowFailure.getSQLState().startsWith("23"), "row failure: " + rowFailure);
                c.rollback();
            }
        }
    }

    /** One raw_Admin row: the same {@code record} gives the same record key (raw_id, record_hash) at any offset. */
    private static void bindAdmin(PreparedStatement insert, String record, long offset) throws SQLException {
        int i = 1;
        for (String field : RawTable.ADMIN.fields()) insert.setNString(i++, field + "-" + record);
        insert.setBytes(i++, java.util.Arrays.copyOf(record.getBytes(java.nio.charset.StandardCharsets.UTF_8), 32));
        insert.setNString(i++, "subscriptions_raw");
        insert.setInt(i++, 0);
        insert.setLong(i++, offset);
        insert.setTimestamp(i, Timestamp.valueOf(LocalDateTime.of(2026, 1, 15, 10, 30)));
    }

    /** A MERGE batch (no bulk copy) refused by a CHECK constraint keeps its SQLSTATE, so the row is blamed. */
    @Test
    void aCheckViolationInAMergeBatchBlamesTheRow() throws Exception {
        createDatabase("checks_refused_processed");
        try (Connection c = connect("checks_refused_processed")) {
            SchemaApplier.applyProcessed(c, new SqlServerDialect());
            c.setAutoCommit(false);
            for (ProcessedTable table : List.of(ProcessedTable.SUPPLIERS, ProcessedTable.PLANS)) {
                ObjectNode record = DialectStatementChecks.processedRecord(table, 1);
                if (table == ProcessedTable.PLANS) record.put("price", new BigDecimal("-1.00"));
                try (PreparedStatement upsert = c.prepareStatement(
                    dialect.buildUpsertStatement(table.tableName(), table.primaryKey(), table.columnNames()))) {
                    DialectStatementChecks.bind(upsert, table, record);
                    upsert.addBatch();
                    if (table == ProcessedTable.SUPPLIERS) {
                        upsert.executeBatch();
                        c.commit();
                    } else {
                        SQLException refused = assertThrows(SQLException.class, upsert::executeBatch);
                        c.rollback();
                        assertTrue(dialect.isRowRefused(refused), "refused: " + refused);
                    }
                }
            }
        }
    }

    @Test
    void processedStatementsRunOnSqlServerWithTheLockingHint() throws Exception {
        createDatabase("checks_processed");
        String upsert = dialect.buildUpsertStatement("t", List.of("k"), List.of("k", "v"));
        assertTrue(upsert.contains(SqlServerDialect.MERGE_LOCK_HINT) && upsert.endsWith(";"), upsert);
        try (Connection c = connect("checks_processed")) {
            SchemaApplier.applyProcessed(c, new SqlServerDialect());
            SchemaApplier.applyProcessed(c, new SqlServerDialect());
            DialectStatementChecks checks = new DialectStatementChecks(dialect, s -> s);
            checks.processedUpsertInsertsThenUpdates(c);
            checks.everyCodeOfEveryCodeColumnCanBeStored(c);
            checks.dropViewIfExists(c);
        }
    }

    /**
     * Several consumers upserting the same new key at once: with HOLDLOCK the second MERGE waits
     * for the first and updates; without it both can take the NOT MATCHED branch and one fails on
     * the primary key. Deadlock victims (none expected) are retried and counted, never hidden.
     */
    @Test
    void concurrentUpsertsOfTheSameNewKeyNeverViolateThePrimaryKey() throws Exception {
        createDatabase("checks_race");
        try (Connection c = connect("checks_race")) {
            SchemaApplier.applyProcessed(c, new SqlServerDialect());
        }
        ProcessedTable table = ProcessedTable.SUPPLIERS;
        String sql = dialect.buildUpsertStatement(table.tableName(), table.primaryKey(), table.columnNames());
        int writers = 8;
        int keys = 25;
        List<String> primaryKeyViolations = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger deadlockRetries = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    try (Connection c = connect("checks_race"); PreparedStatement ps = c.prepareStatement(sql)) {
                        c.setAutoCommit(false);
                        for (int k = 0; k < keys; k++) {
                            ObjectNode record = DialectStatementChecks.processedRecord(table, 1 + writer % 2);
                            record.put("supplier_id", "RACE" + k);
                            start.await(30, TimeUnit.SECONDS);
                            for (int attempt = 1; ; attempt++) {
                                try {
                                    DialectStatementChecks.bind(ps, table, record);
                                    ps.executeUpdate();
                                    c.commit();
                                    break;
                                } catch (SQLException e) {
                                    c.rollback();
                                    if (e.getErrorCode() == 1205 && attempt < 5) {
                                        deadlockRetries.incrementAndGet();
                                    } else if (e.getErrorCode() == 2627 || e.getErrorCode() == 2601) {
                                        primaryKeyViolations.add("RACE" + k + ": " + e.getMessage());
                                        break;
                                    } else {
                                        throw e;
                                    }
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) f.get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), primaryKeyViolations);
        try (Connection c = connect("checks_race")) {
            assertEquals(keys, new DialectStatementChecks(dialect, s -> s).count(c, table.tableName()),
                "one row per key; deadlock retries: " + deadlockRetries.get());
        }
    }
}
