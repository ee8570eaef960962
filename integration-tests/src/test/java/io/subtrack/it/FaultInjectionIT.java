package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.test.Fixtures;
import io.subtrack.consumer.processed.ConsumerProcessedCommand;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.devbroker.DevBrokerCommand;
import io.subtrack.devdb.DevDbCommand;
import io.subtrack.producer.processed.ProducerProcessedCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import io.subtrack.transformer.TransformerCommand;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15's fault-injection suite: real processes (the stage programs, the dev broker, the dev-db
 * PostgreSQL server, each in a JVM of its own) killed with SIGKILL at random points, and after
 * every run each raw and processed table's count and key set compared with the input.
 * <ul>
 *   <li>consumer kills: consumer-raw or consumer-processed killed mid-load, started again at once,
 *       several times; then one scripted run ({@code --idle-timeout}) that must exit 0 with
 *       everything loaded;</li>
 *   <li>broker killed while producer-raw publishes: the producer must exit 1 saying how many
 *       records were acknowledged; published again after the broker is back, every record once;</li>
 *   <li>broker killed while consumer-raw loads: restarted after a few seconds, the load finishes;</li>
 *   <li>database server killed while consumer-raw loads: restarted after a few seconds, the load
 *       finishes (the consumer reconnects, or stops without committing and is started again).</li>
 * </ul>
 * A run that exits 0 must have lost, duplicated and left unread nothing. The small suite (a few
 * faults, ~24k records) runs in the README's test command; the full suite is
 * {@code mvn -B -ntp -pl integration-tests -am verify -Dtest=FaultInjectionIT -Dsurefire.failIfNoSpecifiedTests=false -Dsubtrack.faults=full}
 * (20 consumer kills, of which those that find the topic loaded already are not counted; 5 broker
 * kills; 5 database kills). Its figures go to
 * {@code integration-tests/target/fault-injection.md} (docs/reliability.md quotes them).
 */
class FaultInjectionIT {
    static final boolean FULL = "full".equals(System.getProperty("subtrack.faults"));
    static final long SEED = Long.getLong("subtrack.faults.seed", System.nanoTime());
    static final Random RANDOM = new Random(SEED);
    static final int COPIES = FULL ? 120 : 30;

    @TempDir static Path dir;
    static Path rawFile;
    static Path cleanedFile;
    static long records;
    static Map<RawTable, Set<String>> rawKeys;
    static Map<ProcessedTable, Set<String>> processedKeys;
    static long processedRecords;
    static int brokerPort;
    static int controllerPort;
    static int dbPort;
    static ChildProcess broker;
    static ChildProcess db;
    static int restarts;
    static final Figures FIGURES = new Figures();

    @BeforeAll
    static void start() throws Exception {
        rawFile = dir.resolve("raw.json");
        records = RawConsumerProcessesIT.writeCopies(Fixtures.rawSample(), rawFile, COPIES);
        rawKeys = rawKeys(rawFile);
        cleanedFile = dir.resolve("cleaned.json");
        var t = EmbeddedStack.run(new TransformerCommand(), "--input", rawFile.toString(), "--output", cleanedFile.toString(),
            "--rejected", dir.resolve("rejected.json").toString(), "--report", dir.resolve("report").toString());
        assertTrue(t.exitCode() == 0 || t.exitCode() == 3, t.output());
        processedKeys = processedKeys(cleanedFile);
        processedRecords = processedKeys.values().stream().mapToLong(Set::size).sum();
        brokerPort = freePort();
        controllerPort = freePort();
        dbPort = freePort();
        broker = startBroker();
        db = startDb();
        System.out.println("fault injection: seed " + SEED + (FULL ? " (full suite)" : " (small suite)"));
    }

    @AfterAll
    static void stop() throws Exception {
        FIGURES.write(Path.of("target", "fault-injection.md"));
        if (broker != null) stopGently(broker);
        if (db != null) stopGently(db);
    }

    // ---- the faults

    @Test
    void consumersKilledAtRandomPointsThenAScriptedRunLoadsEverythingOnce() throws Exception {
        // the processed topic is small (the copies share their business keys): most kills go to the raw load
        consumerKills("raw", FULL ? 20 : 2);
        consumerKills("processed", FULL ? 4 : 1);
    }

    private void consumerKills(String layer, int kills) throws Exception {
        String name = "ck_" + layer + "_" + Long.toString(SEED & 0xffff, 36);
        String url = database(name);
        String topic = name + "_topic";
        boolean raw = layer.equals("raw");
        publish(raw, topic);
        Class<?> consumer = raw ? ConsumerRawCommand.class : ConsumerProcessedCommand.class;
        String[] args = consumerArgs(topic, name, url, "200", "30s");
        for (int k = 1; k <= kills; k++) {
            long startedAt = System.nanoTime();
            long before = rows(url, raw);
            ChildProcess c = ChildProcess.start(dir.resolve(name + "-" + k + ".log"), consumer, args);
            waitForRowsAbove(url, raw, before, c, 60);
            FIGURES.firstBatch(System.nanoTime() - startedAt);
            Thread.sleep(RANDOM.nextInt(FULL ? 800 : 2500)); // a random point of the load
            c.process.destroyForcibly();
            c.process.waitFor(30, TimeUnit.SECONDS);
            FIGURES.fault("consumer-" + layer + " SIGKILL");
            if (rows(url, raw) >= (raw ? records : processedRecords)) break; // loaded before the kill: nothing left to interrupt
        }
        scriptedRunLoadsEverything(consumer, args, name, url, raw);
    }

    @Test
    void brokerKilledWhilePublishingThenPublishedAgainEveryRecordOnce() throws Exception {
        int faults = FULL ? 3 : 1;
        for (int f = 1; f <= faults; f++) {
            String name = "bp" + f + "_" + Long.toString(SEED & 0xffff, 36);
            String url = database(name);
            String topic = name + "_topic";
            ChildProcess producer = ChildProcess.start(dir.resolve(name + "-producer-1.log"), ProducerRawCommand.class,
                "--bootstrap-server", bootstrap(), "--topic", topic, "--input", rawFile.toString());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!producer.output().contains("publish") && producer.process.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            Thread.sleep(200 + RANDOM.nextInt(1500));
            boolean killedMidPublish = producer.process.isAlive();
            killBroker();
            FIGURES.fault("broker SIGKILL while producer-raw publishes");
            assertTrue(producer.process.waitFor(180, TimeUnit.SECONDS), "producer did not stop after the broker died");
            if (killedMidPublish && producer.process.exitValue() != 0) {
                assertEquals(1, producer.process.exitValue(), producer.output());
                // an extract is one transaction: the producer says none of it was published (or that Kafka never answered)
                assertTrue(producer.output().contains("nothing of extract") || producer.output().contains("cannot reach Kafka"),
                    "the producer says what became of the extract:\n" + producer.output());
            }
            broker = startBroker();
            var again = EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", bootstrap(), "--topic", topic,
                "--input", rawFile.toString());
            assertEquals(0, again.exitCode(), again.output());
            scriptedRunLoadsEverything(ConsumerRawCommand.class, consumerArgs(topic, name, url, "2000", "10s"), name, url, true);
        }
    }

    @Test
    void brokerKilledWhileAConsumerLoadsTheLoadFinishes() throws Exception {
        int faults = FULL ? 2 : 1;
        for (int f = 1; f <= faults; f++) {
            String name = "bc" + f + "_" + Long.toString(SEED & 0xffff, 36);
            serverKilledMidLoad(name, this::restartBroker, "broker SIGKILL while consumer-raw loads");
        }
    }

    @Test
    void databaseServerKilledWhileAConsumerLoadsTheLoadFinishes() throws Exception {
        int faults = FULL ? 5 : 1;
        for (int f = 1; f <= faults; f++) {
            String name = "dc" + f + "_" + Long.toString(SEED & 0xffff, 36);
            serverKilledMidLoad(name, this::restartDb, "database server SIGKILL while consumer-raw loads");
        }
    }

    private interface Restart {
        void run() throws Exception;
    }

    private void serverKilledMidLoad(String name, Restart killAndRestart, String fault) throws Exception {
        String url = database(name);
        String topic = name + "_topic";
        publish(true, topic);
        String[] args = consumerArgs(topic, name, url, "200", "30s");
        ChildProcess c = ChildProcess.start(dir.resolve(name + "-1.log"), ConsumerRawCommand.class, args);
        waitForRowsAbove(url, true, 0, c, 60);
        Thread.sleep(RANDOM.nextInt(1500));
        killAndRestart.run();
        FIGURES.fault(fault);
        assertTrue(c.process.waitFor(240, TimeUnit.SECONDS), "consumer neither finished nor stopped");
        if (c.process.exitValue() == 0) {
            checkEverythingOnce(url, true, name + " (first run exited 0)");
            FIGURES.run(true);
        } else {
            FIGURES.run(false);
            scriptedRunLoadsEverything(ConsumerRawCommand.class, args, name, url, true);
        }
    }

    private void killBroker() throws Exception {
        broker.process.destroyForcibly();
        assertTrue(broker.process.waitFor(30, TimeUnit.SECONDS));
    }

    private void restartBroker() throws Exception {
        killBroker();
        Thread.sleep(1000 + RANDOM.nextInt(3000));
        broker = startBroker();
    }

    private void restartDb() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        db.process.destroyForcibly();
        new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).inheritIO().start().waitFor();
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        db.process.waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(500 + RANDOM.nextInt(2500));
        db = startDb();
    }

    // ---- the checks

    /** A scripted run after the faults: it must exit 0, and then nothing may be lost, doubled or left unread. */
    private void scriptedRunLoadsEverything(Class<?> consumer, String[] args, String name, String url, boolean raw) throws Exception {
        for (int attempt = 1; ; attempt++) {
            long startedAt = System.nanoTime();
            ChildProcess last = ChildProcess.start(dir.resolve(name + "-final-" + attempt + ".log"), consumer, withIdle(args, "8s"));
            assertTrue(last.process.waitFor(300, TimeUnit.SECONDS), "scripted run did not finish:\n" + last.output());
            FIGURES.scripted((System.nanoTime() - startedAt) / 1e9);
            if (last.process.exitValue() == 0) {
                checkEverythingOnce(url, raw, name);
                FIGURES.run(true);
                return;
            }
            FIGURES.run(false);
            assertTrue(attempt < 3, "three scripted runs in a row failed:\n" + last.output());
        }
    }

    private void checkEverythingOnce(String url, boolean raw, String what) throws SQLException {
        long lost = 0;
        long duplicated = 0;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            if (raw) {
                for (RawTable t : RawTable.all()) {
                    long[] d = compare(st, t.tableName(), "\"raw_id\"", rawKeys.get(t));
                    lost += d[0];
                    duplicated += d[1];
                }
            } else {
                for (ProcessedTable t : ProcessedTable.values()) {
                    String key = String.join(" || '|' || ", t.primaryKey().stream().map(k -> "\"" + k + "\"").toList());
                    long[] d = compare(st, t.tableName(), key, processedKeys.get(t));
                    lost += d[0];
                    duplicated += d[1];
                }
            }
        }
        FIGURES.checked(lost, duplicated);
        assertEquals(0, lost, what + ": records lost or left unread");
        assertEquals(0, duplicated, what + ": records stored twice");
    }

    /** {missing keys, rows beyond one per expected key}, from the table's own key column(s). */
    private static long[] compare(Statement st, String table, String keyExpression, Set<String> expected) throws SQLException {
        List<String> stored = new ArrayList<>();
        try (ResultSet rs = st.executeQuery("SELECT " + keyExpression + " FROM \"" + table + "\"")) {
            while (rs.next()) stored.add(rs.getString(1));
        }
        Set<String> distinct = new HashSet<>(stored);
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(distinct);
        Set<String> unexpected = new HashSet<>(distinct);
        unexpected.removeAll(expected);
        assertTrue(unexpected.isEmpty(), table + " holds keys the input does not: " + unexpected.stream().limit(5).toList());
        return new long[] {missing.size(), stored.size() - distinct.size()};
    }

    /** The input's raw keys (raw_id), read from the file itself. */
    private static Map<RawTable, Set<String>> rawKeys(Path file) throws Exception {
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        Map<RawTable, Set<String>> keys = new HashMap<>();
        for (RawTable t : RawTable.all()) {
            Set<String> k = new HashSet<>();
            for (JsonNode r : root.path(t.tableName())) k.add(r.get("raw_id").asText());
            keys.put(t, k);
        }
        return keys;
    }

    /** The cleaned file's primary keys, joined with '|' as the check's SQL joins them. */
    private static Map<ProcessedTable, Set<String>> processedKeys(Path file) throws Exception {
        JsonNode root = Json.MAPPER.readTree(file.toFile());
        Map<ProcessedTable, Set<String>> keys = new HashMap<>();
        for (ProcessedTable t : ProcessedTable.values()) {
            Set<String> k = new HashSet<>();
            for (Iterator<JsonNode> it = root.path(t.tableName()).elements(); it.hasNext(); ) {
                JsonNode r = it.next();
                k.add(String.join("|", t.primaryKey().stream().map(c -> r.get(c).asText()).toList()));
            }
            keys.put(t, k);
        }
        return keys;
    }

    // ---- plumbing

    private static String bootstrap() {
        return "localhost:" + brokerPort;
    }

    private static String[] consumerArgs(String topic, String group, String url, String pollRecords, String idle) {
        return new String[] {"--bootstrap-server", bootstrap(), "--topic", topic, "--errors-topic", topic + "_errors",
            "--group", group, "--jdbc-url", url, "--max-poll-records", pollRecords, "--idle-timeout", idle};
    }

    private static String[] withIdle(String[] args, String idle) {
        String[] out = args.clone();
        for (int i = 0; i < out.length - 1; i++) if (out[i].equals("--idle-timeout")) out[i + 1] = idle;
        return out;
    }

    private static void publish(boolean raw, String topic) {
        var run = raw
            ? EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", bootstrap(), "--topic", topic, "--input", rawFile.toString())
            : EmbeddedStack.run(new ProducerProcessedCommand(), "--bootstrap-server", bootstrap(), "--topic", topic,
                "--input", cleanedFile.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(raw ? records : processedRecords, run.summary("in"));
        // producer-raw's out holds an end-of-extract marker on each of the 3 partitions too
        assertEquals(raw ? records + 3 : processedRecords, run.summary("out"));
    }

    private static String database(String name) throws Exception {
        String admin = "jdbc:postgresql://localhost:" + dbPort + "/subtrack?user=postgres";
        try (Connection c = DriverManager.getConnection(admin); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE \"" + name.toLowerCase(Locale.ROOT) + "\"");
        }
        return "jdbc:postgresql://localhost:" + dbPort + "/" + name.toLowerCase(Locale.ROOT) + "?user=postgres";
    }

    private static long rows(String url, boolean raw) {
        long n = 0;
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            if (raw) for (RawTable t : RawTable.all()) tables.add(t.tableName());
            else for (ProcessedTable t : ProcessedTable.values()) tables.add(t.tableName());
            for (String t : tables) {
                try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + t + "\"")) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        } catch (SQLException notYet) {
            return n;
        }
        return n;
    }

    private static void waitForRowsAbove(String url, boolean raw, long before, ChildProcess c, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (rows(url, raw) <= before) {
            assertTrue(c.process.isAlive(), "consumer exited before loading:\n" + c.output());
            assertTrue(System.nanoTime() < deadline, "no batch loaded within " + seconds + " s:\n" + c.output());
            Thread.sleep(20);
        }
    }

    private static ChildProcess startBroker() throws Exception {
        Path log = dir.resolve("broker-" + (++restarts) + ".log");
        ChildProcess b = ChildProcess.start(log, DevBrokerCommand.class, "--port", String.valueOf(brokerPort),
            "--controller-port", String.valueOf(controllerPort), "--data-dir", dir.resolve("kafka").toString());
        awaitReady(b, "READY", 120);
        return b;
    }

    private static ChildProcess startDb() throws Exception {
        Path log = dir.resolve("db-" + (++restarts) + ".log");
        ChildProcess d = ChildProcess.start(log, DevDbCommand.class, "--port", String.valueOf(dbPort), "--data-dir",
            dir.resolve("pg").toString());
        awaitReady(d, "READY ", 120);
        return d;
    }

    private static void awaitReady(ChildProcess p, String word, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!p.output().contains(word)) {
            assertTrue(p.process.isAlive(), "server exited:\n" + p.output());
            assertTrue(System.nanoTime() < deadline, "server not ready in " + seconds + " s:\n" + p.output());
            Thread.sleep(50);
        }
    }

    private static void stopGently(ChildProcess p) throws InterruptedException {
        p.process.destroy();
        if (!p.process.waitFor(60, TimeUnit.SECONDS)) p.process.destroyForcibly();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** What the suite saw, written as a table at the end. */
    static final class Figures {
        final Map<String, Integer> faults = new java.util.TreeMap<>();
        int runsExitedZero;
        int runsExitedNonZero;
        long lost;
        long duplicated;
        long worstFirstBatchNanos;
        double worstScriptedSeconds;

        synchronized void fault(String kind) {
            faults.merge(kind, 1, Integer::sum);
        }

        synchronized void firstBatch(long nanos) {
            worstFirstBatchNanos = Math.max(worstFirstBatchNanos, nanos);
        }

        synchronized void scripted(double seconds) {
            worstScriptedSeconds = Math.max(worstScriptedSeconds, seconds);
        }

        synchronized void run(boolean exitedZero) {
            if (exitedZero) runsExitedZero++;
            else runsExitedNonZero++;
        }

        synchronized void checked(long lost, long duplicated) {
            this.lost += lost;
            this.duplicated += duplicated;
        }

        synchronized void write(Path file) throws Exception {
            StringBuilder b = new StringBuilder();
            b.append("# Fault injection, ").append(Instant.now()).append(FULL ? " (full suite)" : " (small suite)")
                .append(", seed ").append(SEED).append("\n\n");
            b.append("input: ").append(records).append(" raw records, ").append(processedRecords).append(" processed records\n\n");
            b.append("| fault | injected |\n|---|---:|\n");
            faults.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
            b.append("\n| figure | value |\n|---|---:|\n");
            b.append("| checked runs that exited 0 | ").append(runsExitedZero).append(" |\n");
            b.append("| runs that exited non-zero (then restarted) | ").append(runsExitedNonZero).append(" |\n");
            b.append("| records lost or left unread after a run that exited 0 | ").append(lost).append(" |\n");
            b.append("| records duplicated | ").append(duplicated).append(" |\n");
            b.append(String.format(Locale.ROOT, "| worst time from a consumer's start to its first loaded batch | %.1f s |%n",
                worstFirstBatchNanos / 1e9));
            b.append(String.format(Locale.ROOT, "| slowest scripted run (start to exit) | %.1f s |%n", worstScriptedSeconds));
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, b.toString());
            System.out.println(b);
        }
    }
}
