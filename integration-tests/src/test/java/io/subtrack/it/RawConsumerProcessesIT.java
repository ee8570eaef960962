package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.test.Fixtures;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 4 acceptance 2 and 4, across real process boundaries: SIGKILL mid-load, and two processes in one group. */
@ExtendWith(EmbeddedStackExtension.class)
class RawConsumerProcessesIT {
    static final int COPIES = 30;
    @TempDir static Path dir;
    static EmbeddedStack stack;
    static Path bigFile;
    static long records;

    @BeforeAll
    static void start(EmbeddedStack started) throws Exception {
        stack = started;
        bigFile = dir.resolve("raw_big.json");
        records = writeCopies(Fixtures.rawSample(), bigFile, COPIES);
    }


    /** The fixture repeated, each copy with its own raw_id range: distinct records, same shapes. */
    static long writeCopies(Path fixture, Path out, int copies) throws Exception {
        JsonNode root = Json.MAPPER.readTree(fixture.toFile());
        long n = 0;
        try (JsonGenerator g = Json.MAPPER.createGenerator(Files.newOutputStream(out))) {
            g.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                var table = it.next();
                g.writeArrayFieldStart(table.getKey());
                for (int k = 0; k < copies; k++) {
                    for (JsonNode rec : table.getValue()) {
                        ObjectNode copy = rec.deepCopy();
                        copy.put("raw_id", rec.get("raw_id").asLong() + 100_000L * k);
                        Json.MAPPER.writeTree(g, copy);
                        n++;
                    }
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        return n;
    }

    private void produce(String topic) {
        var run = EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", stack.bootstrap(), "--topic", topic,
            "--input", bigFile.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(records, run.summary("in"));
        assertEquals(records + 3, run.summary("out"), "the records and an end-of-extract marker on each of the 3 partitions");
    }

    private long rawRows(String db) throws SQLException {
        long n = 0;
        for (RawTable t : RawTable.all()) n += stack.count(db, t.tableName());
        return n;
    }

    private long rawRowsOrZero(String db) {
        try {
            return rawRows(db);
        } catch (SQLException notThereYet) {
            return 0;
        }
    }

    private void assertNoDuplicates(String db) throws SQLException {
        try (Connection c = stack.db(db); Statement st = c.createStatement()) {
            for (RawTable t : RawTable.all()) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COUNT(DISTINCT \"raw_id\") FROM \"" + t.tableName() + "\"")) {
                    rs.next();
                    assertEquals(rs.getLong(1), rs.getLong(2), "duplicate raw_id in " + t.tableName());
                }
            }
        }
    }

    /** The child's latest assignment is not empty. */
    private static boolean holdsPartitions(ChildProcess c) throws Exception {
        String last = null;
        for (String line : c.output().split("\n")) if (line.contains("assigned partitions")) last = line;
        return last != null && !last.trim().endsWith("[]");
    }

    @Test
    void consumerKilledMidLoadAndRestartedLoadsEveryMessageExactlyOnce() throws Exception {
        String topic = "raw_crash";
        produce(topic);
        String[] args = {"--bootstrap-server", stack.bootstrap(), "--topic", topic, "--group", "crash",
            "--jdbc-url", stack.jdbcUrl("crash"), "--max-poll-records", "100", "--idle-timeout", "5s"};
        ChildProcess first = ChildProcess.start(dir.resolve("crash-1.log"), ConsumerRawCommand.class, args);
        long deadline = System.currentTimeMillis() + 120_000;
        long seen = 0;
        while (System.currentTimeMillis() < deadline && (seen = rawRowsOrZero("crash")) < records / 10) {
            Thread.sleep(100);
        }
        first.process.destroyForcibly(); // SIGKILL: no shutdown hook, no final commit
        first.process.waitFor(30, TimeUnit.SECONDS);
        long atKill = rawRows("crash");
        assertTrue(atKill > 0 && atKill < records, "killed mid-load: " + atKill + " of " + records + "\n" + first.output());

        ChildProcess second = ChildProcess.start(dir.resolve("crash-2.log"), ConsumerRawCommand.class, args);
        assertTrue(second.process.waitFor(180, TimeUnit.SECONDS), "restarted consumer did not finish");
        assertEquals(0, second.process.exitValue(), second.output());
        assertEquals(records, rawRows("crash"));
        assertNoDuplicates("crash");
    }

    @Test
    void twoConsumersInOneGroupSplitTheLoad() throws Exception {
        String topic = "raw_pair";
        String[] args = {"--bootstrap-server", stack.bootstrap(), "--topic", topic, "--group", "pair",
            "--jdbc-url", stack.jdbcUrl("pair"), "--max-poll-records", "500", "--idle-timeout", "10s"};
        ChildProcess a = ChildProcess.start(dir.resolve("pair-a.log"), ConsumerRawCommand.class, args);
        ChildProcess b = ChildProcess.start(dir.resolve("pair-b.log"), ConsumerRawCommand.class, args);
        // both members hold partitions before any message exists, so the split does not depend on start-up speed
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && !(holdsPartitions(a) && holdsPartitions(b))) Thread.sleep(200);
        assertTrue(holdsPartitions(a) && holdsPartitions(b), "both consumers joined:\n" + a.output() + "\n" + b.output());
        produce(topic);
        assertTrue(a.process.waitFor(180, TimeUnit.SECONDS) && b.process.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, a.process.exitValue(), a.output());
        assertEquals(0, b.process.exitValue(), b.output());
        long loadedByA = a.summary("out");
        long loadedByB = b.summary("out");
        assertTrue(loadedByA > 0 && loadedByB > 0, "both did work: " + loadedByA + " / " + loadedByB);
        assertEquals(records, loadedByA + loadedByB);
        assertEquals(records, rawRows("pair"));
        assertNoDuplicates("pair");
    }
}
