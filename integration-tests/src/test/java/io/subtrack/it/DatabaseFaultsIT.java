package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.test.Fixtures;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.devdb.DevDbCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 acceptance, across real processes: the dev-db server SIGKILLed (its JVM and its
 * postmaster) in the middle of a consumer-raw load and started again on the same data; and a plain
 * client reading every table and view while a consumer loads.
 */
class DatabaseFaultsIT {
    static final int COPIES = 40;
    @TempDir static Path dir;
    static EmbeddedStack stack;
    static Path bigFile;
    static long records;

    @BeforeAll
    static void start() throws Exception {
        stack = new EmbeddedStack(dir);
        bigFile = dir.resolve("raw_big.json");
        records = RawConsumerProcessesIT.writeCopies(Fixtures.rawSample(), bigFile, COPIES);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    private void produce(String topic) {
        var run = EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", stack.bootstrap(), "--topic", topic,
            "--input", bigFile.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(records, run.summary("out"));
    }

    /** A dev-db of its own in a child JVM (so it can be killed), printing READY when it accepts connections. */
    private static ChildProcess startDevDb(Path log, int port, Path data) throws Exception {
        ChildProcess db = ChildProcess.start(log, DevDbCommand.class, "--port", String.valueOf(port), "--data-dir", data.toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.readString(log).contains("READY ")) {
            assertTrue(db.process.isAlive(), "dev-db exited:\n" + Files.readString(log));
            assertTrue(System.nanoTime() < deadline, "dev-db not ready in 120 s:\n" + Files.readString(log));
            Thread.sleep(100);
        }
        return db;
    }

    private static long postmasterPid(Path data) throws Exception {
        return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip());
    }

    private static long rawRows(String url) throws SQLException {
        long n = 0;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (RawTable t : RawTable.all()) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + t.tableName() + "\"")) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        }
        return n;
    }

    private static long rawRowsOrZero(String url) {
        try {
            return rawRows(url);
        } catch (SQLException notThereYet) {
            return 0;
        }
    }

    /** Every record once: no two rows share a record key or a lineage key, and every offset of the topic is there. */
    private static void assertEveryMessageOnce(String url, long expected) throws SQLException {
        long offsets = 0;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            for (RawTable t : RawTable.all()) {
                String q = "SELECT COUNT(*), COUNT(DISTINCT (\"raw_id\", \"record_hash\")),"
                    + " COUNT(DISTINCT (\"kafka_partition\", \"kafka_offset\")) FROM \"" + t.tableName() + "\"";
                try (ResultSet rs = st.executeQuery(q)) {
                    rs.next();
                    assertEquals(rs.getLong(1), rs.getLong(2), "a record stored twice in " + t.tableName());
                    assertEquals(rs.getLong(1), rs.getLong(3), "a message stored twice in " + t.tableName());
                    offsets += rs.getLong(3);
                }
            }
        }
        assertEquals(expected, offsets, "messages stored");
    }

    @Test
    void databaseServerKilledMidLoadAndRestartedEveryMessageLandsExactlyOnce() throws Exception {
        String topic = "raw_db_killed";
        produce(topic);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = dir.resolve("killed-pg");
        ChildProcess db = startDevDb(dir.resolve("dev-db-1.log"), port, data);
        String url = "jdbc:postgresql://localhost:" + port + "/subtrack?user=postgres";
        String[] args = {"--bootstrap-server", stack.bootstrap(), "--topic", topic, "--group", "db-killed",
            "--jdbc-url", url, "--max-poll-records", "200", "--idle-timeout", "8s"};
        ChildProcess consumer = ChildProcess.start(dir.resolve("db-killed-consumer-1.log"), ConsumerRawCommand.class, args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (rawRowsOrZero(url) < records / 5) {
            assertTrue(System.nanoTime() < deadline && consumer.process.isAlive(), "no load under way:\n" + consumer.output());
            Thread.sleep(50);
        }
        long pid = postmasterPid(data);
        db.process.destroyForcibly(); // SIGKILL of dev-db's JVM ...
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).inheritIO().start().waitFor(); // ... and of its server
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        db.process.waitFor(30, TimeUnit.SECONDS);

        ChildProcess again = startDevDb(dir.resolve("dev-db-2.log"), port, data);
        try {
            long atRestart = rawRows(url);
            assertTrue(atRestart > 0 && atRestart < records, "killed mid-load: " + atRestart + " of " + records);
            assertTrue(consumer.process.waitFor(180, TimeUnit.SECONDS), "consumer neither finished nor stopped");
            if (consumer.process.exitValue() != 0) {
                // it gave up on the database and stopped without committing: a restart finishes the load
                ChildProcess restarted = ChildProcess.start(dir.resolve("db-killed-consumer-2.log"), ConsumerRawCommand.class, args);
                assertTrue(restarted.process.waitFor(180, TimeUnit.SECONDS), "restarted consumer did not finish");
                assertEquals(0, restarted.process.exitValue(), restarted.output());
            }
            assertEquals(records, rawRows(url), consumer.output());
            assertEveryMessageOnce(url, records);
        } finally {
            again.process.destroy(); // SIGTERM: a clean stop
            again.process.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /**
     * What destroyed the H2 file: one plain client. Here a connection with the URL alone and no
     * options reads every table and view while consumer-raw loads, and the load still finishes
     * with exact counts; afterwards everyone opens the database again.
     */
    @Test
    void aPlainClientReadsEveryTableAndViewWhileAConsumerLoads() throws Exception {
        String topic = "raw_plain_client";
        String url = stack.jdbcUrl("plain_client");
        try (Connection c = DriverManager.getConnection(url)) {
            SchemaApplier.applyProcessed(c, DatabaseDialect.forUrl(url)); // the views too, as consumer-processed creates them
        }
        produce(topic);
        String[] args = {"--bootstrap-server", stack.bootstrap(), "--topic", topic, "--group", "plain-client",
            "--jdbc-url", url, "--max-poll-records", "500", "--idle-timeout", "8s"};
        ChildProcess consumer = ChildProcess.start(dir.resolve("plain-client-consumer.log"), ConsumerRawCommand.class, args);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (rawRowsOrZero(url) == 0) {
            assertTrue(System.nanoTime() < deadline && consumer.process.isAlive(), "no load under way:\n" + consumer.output());
            Thread.sleep(20);
        }
        List<String> relations = new ArrayList<>();
        for (RawTable t : RawTable.all()) relations.add(t.tableName());
        for (ProcessedTable t : ProcessedTable.values()) relations.add(t.tableName());
        relations.addAll(new io.subtrack.common.db.DialectStatementChecks(DatabaseDialect.forUrl(url), s -> s).viewNames());
        int read = 0;
        boolean duringLoad;
        try (Connection plain = DriverManager.getConnection(url); Statement st = plain.createStatement()) {
            for (String relation : relations) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + relation + "\"")) {
                    while (rs.next()) read++;
                }
            }
            duringLoad = consumer.process.isAlive();
        }
        assertTrue(duringLoad, "the reads finished while the consumer was still loading");
        assertTrue(read > 0, "read rows");
        assertTrue(consumer.process.waitFor(180, TimeUnit.SECONDS), "consumer did not finish");
        assertEquals(0, consumer.process.exitValue(), consumer.output());
        assertEquals(records, consumer.summary("out"), consumer.output());
        assertEveryMessageOnce(url, records);
        try (Connection again = DriverManager.getConnection(url); Statement st = again.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"subtrack_load_offsets\"")) {
            assertTrue(rs.next() && rs.getLong(1) > 0, "offsets stored, the database opens again");
        }
    }
}
