package io.subtrack.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.test.Fixtures;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Across real processes: a plain client reads every table and view while a
 * consumer loads. (The dev-db server SIGKILLed mid-load and restarted is KillAndRestartIT's
 * database fault, with the same key-set checks.)
 */
@ExtendWith(EmbeddedStackExtension.class)
class PlainClientIT {
    static final int COPIES = 40;
    @TempDir static Path dir;
    static EmbeddedStack stack;
    static Path bigFile;
    static long records;

    @BeforeAll
    static void start(EmbeddedStack started) throws Exception {
        stack = started;
        bigFile = dir.resolve("raw_big.json");
        records = KillAndRestartIT.writeCopies(Fixtures.rawSample(), bigFile, COPIES);
    }


    private void produce(String topic) {
        var run = EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", stack.bootstrap(), "--topic", topic,
            "--input", bigFile.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(records, run.summary("in"));
        assertEquals(records + 3, run.summary("out"), "the records and an end-of-extract marker on each of the 3 partitions");
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

    /**
     * A plain client, as any SQL tool opens the database: a connection with the URL alone and no
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
            "--jdbc-url", url, "--max-poll-records", "500", "--idle-timeout", "1s"};
        ChildProcess consumer = ChildProcess.start(dir.resolve("plain-client-consumer.log"), ConsumerRawCommand.class, args);
        await("a load under way").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
            .failFast("the consumer exited before loading", () -> !consumer.process.isAlive())
            .until(() -> rawRowsOrZero(url) > 0);
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
