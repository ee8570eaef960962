package io.subtrack.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.cli.ExitCode;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.api.parallel.ResourceAccessMode;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Kill and restart across real processes: the stage programs, the dev broker and the dev-db
 * PostgreSQL server each run in a JVM of their own and are killed with SIGKILL (no shutdown hook,
 * no leave, no final commit); after every run that exits 0 each raw or processed table holds
 * exactly the input's key set, each key once.
 * <ul>
 *   <li>consumer-raw killed mid-load and started again, several times: each restart is given its
 *       partitions within 5 s and loads its first batch within 10 s of its stage's start; then a
 *       scripted run ({@code --idle-timeout}) exits 0 within 60 s with lag 0 and every record once;</li>
 *   <li>consumer-processed killed mid-load, then a scripted run loads everything once;</li>
 *   <li>two members of a group killed, one never restarted: the scripted run waits for the dead
 *       partner's partitions (its session timeout) and loads them;</li>
 *   <li>a scripted run that cannot finish (a live member holds partitions and never loads them)
 *       stops after --max-wait, says so and exits 4 with the records left as its lag;</li>
 *   <li>two consumers of one group started side by side split the load, each record loaded once;</li>
 *   <li>broker killed while producer-raw publishes: the producer exits 1 saying what became of the
 *       extract; published again after the broker is back, every record once;</li>
 *   <li>broker, or database server, killed while consumer-raw loads and restarted after a few
 *       seconds: the load finishes (the consumer reconnects, or stops without committing and is
 *       started again).</li>
 * </ul>
 * The README's test command runs the small suite (a few faults, ~20k records); the full suite is
 * {@code mvn -B -ntp -pl integration-tests -am verify -Dtest=KillAndRestartIT -Dsurefire.failIfNoSpecifiedTests=false -Dsubtrack.faults=full}
 * (20 consumer-raw kills, of which those that find the topic loaded already are not counted; 4
 * consumer-processed kills; 3 broker kills while publishing, 2 while loading; 5 database kills).
 * Its figures go to {@code integration-tests/target/fault-injection.md} (docs/reliability.md quotes them).
 */
@Execution(ExecutionMode.CONCURRENT)
class KillAndRestartIT {
    /**
     * The broker and the database server. Consumer faults (each on a topic and a database of its own)
     * run side by side: most of their time is spent waiting for JVMs to start, for a session or an idle
     * timeout. A test that kills a server runs alone.
     */
    static final String SERVERS = "kill-and-restart servers";
    static final boolean FULL = "full".equals(System.getProperty("subtrack.faults"));
    static final long SEED = Long.getLong("subtrack.faults.seed", System.nanoTime());
    static final Random RANDOM = new Random(SEED);
    static final int COPIES = FULL ? 120 : 12;
    /** Fault downtimes: the full suite's are longer, as an operator's restart would be. */
    static final int BROKER_DOWN_MS = FULL ? 3000 : 1000;
    static final int DB_DOWN_MS = FULL ? 2500 : 1000;
    /** A restart loads its first batch within this of its stage's start (JVM start and crash recovery not counted). */
    static final Duration FIRST_BATCH_WITHIN = Duration.ofSeconds(10);
    /** Half the group's session timeout: a restart that waited for its dead self's session could not be this quick. */
    static final Duration PARTITIONS_WITHIN = Duration.ofSeconds(5);
    static final Duration SCRIPTED_RUN_WITHIN = Duration.ofSeconds(FULL ? 300 : 60);
    /**
     * A scripted run's idle timeout. It stops only once the database holds the whole topic as loaded,
     * so a short one cannot stop a load early; it is only how long the run waits after the last record.
     */
    static final String IDLE = "1s";
    static final Duration SERVER_READY_WITHIN = Duration.ofSeconds(120);

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
        brokerPort = freePort();
        controllerPort = freePort();
        dbPort = freePort();
        // the servers start while the input is written and transformed
        broker = launchBroker();
        db = launchDb();
        rawFile = dir.resolve("raw.json");
        records = writeCopies(Fixtures.rawSample(), rawFile, COPIES);
        rawKeys = rawKeys(rawFile);
        cleanedFile = dir.resolve("cleaned.json");
        var t = EmbeddedStack.run(new TransformerCommand(), "--input", rawFile.toString(), "--output", cleanedFile.toString(),
            "--rejected", dir.resolve("rejected.json").toString(), "--report", dir.resolve("report").toString());
        assertTrue(t.exitCode() == 0 || t.exitCode() == 3, t.output());
        processedKeys = processedKeys(cleanedFile);
        processedRecords = processedKeys.values().stream().mapToLong(Set::size).sum();
        awaitReady(broker, "READY");
        awaitReady(db, "READY ");
        System.out.println("kill and restart: seed " + SEED + (FULL ? " (full suite)" : " (small suite)"));
    }

    @AfterAll
    static void stop() throws Exception {
        FIGURES.write(Path.of("target", "fault-injection.md"));
        if (broker != null) stopGently(broker);
        if (db != null) stopGently(db);
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

    // ---- consumers killed

    @Test
    @ResourceLock(value = SERVERS, mode = ResourceAccessMode.READ)
    void consumerRawKilledMidLoadComesBackWithinSecondsAndAScriptedRunLoadsEveryRecordOnce() throws Exception {
        String name = "ck_raw";
        String url = database(name);
        String topic = name + "_topic";
        publish(true, topic);
        String[] args = consumerArgs(topic, name, url, "200", "30s");
        int kills = FULL ? 20 : 4;
        List<Start> starts = new ArrayList<>();
        for (int k = 1; k <= kills; k++) {
            long startedAt = System.nanoTime();
            long before = rows(url, true);
            ChildProcess c = ChildProcess.start(dir.resolve(name + "-" + k + ".log"), ConsumerRawCommand.class, args);
            Start took = awaitFirstBatch(c);
            FIGURES.firstBatch(System.nanoTime() - startedAt);
            starts.add(took);
            // the group's part: a dead member's session (10 s; Kafka's default 45 s) is not waited for
            assertTrue(took.stageToAssigned().compareTo(PARTITIONS_WITHIN) < 0, "run " + k + ": " + took + "\n" + c.output());
            // from the stage's start, so the JVM's start on a machine shared with other builds does not count
            assertTrue(took.stageToFirstBatch().compareTo(FIRST_BATCH_WITHIN) < 0, "run " + k + ": " + took + "\n" + c.output());
            Thread.sleep(RANDOM.nextInt(FULL ? 800 : 300)); // a random point of the load
            kill(c);
            FIGURES.fault("consumer-raw SIGKILL");
            long after = rows(url, true);
            assertTrue(after > before, "run " + k + " loaded a batch before the kill: " + before + " -> " + after);
            if (after >= records) {
                // loaded before the kill: nothing left to interrupt (the full suite's many kills can get here)
                assertTrue(FULL, "run " + k + " was to be killed mid-load, and loaded everything: " + after + " of " + records);
                break;
            }
        }
        System.out.println("first start, then each restart after SIGKILL: " + starts);
        EmbeddedStack.Run last = scriptedRun(ConsumerRawCommand.class, args, name + "-final", url, true);
        assertEquals(0, last.summary("lag"), last.output());
        assertTrue(last.output().contains("lag             : p0=0 p1=0 p2=0"), last.output());
    }

    @Test
    @ResourceLock(value = SERVERS, mode = ResourceAccessMode.READ)
    void consumerProcessedKilledMidLoadThenAScriptedRunLoadsEverythingOnce() throws Exception {
        // the processed topic is small (the copies share their business keys): one kill in the small suite
        String name = "ck_processed";
        String url = database(name);
        String topic = name + "_topic";
        publish(false, topic);
        String[] args = consumerArgs(topic, name, url, "200", "30s");
        for (int k = 1; k <= (FULL ? 4 : 1); k++) {
            long startedAt = System.nanoTime();
            long before = rows(url, false);
            ChildProcess c = ChildProcess.start(dir.resolve(name + "-" + k + ".log"), ConsumerProcessedCommand.class, args);
            waitForRowsAbove(url, false, before, c);
            FIGURES.firstBatch(System.nanoTime() - startedAt);
            Thread.sleep(RANDOM.nextInt(FULL ? 800 : 300));
            kill(c);
            FIGURES.fault("consumer-processed SIGKILL");
            if (rows(url, false) >= processedRecords) break; // loaded before the kill: nothing left to interrupt
        }
        scriptedRunLoadsEverything(ConsumerProcessedCommand.class, args, name, url, false);
    }

    @Test
    @ResourceLock(value = SERVERS, mode = ResourceAccessMode.READ)
    void aScriptedRunWaitsForThePartitionsOfAKilledPartnerThatNeverComesBack() throws Exception {
        // two consumers side by side take slots 0 and 1 (two static member ids); both are killed, and only
        // one is started again: it replaces member 0 at once, and member 1's partitions come to it after
        // member 1's session timeout, instead of it stopping after its idle timeout with them unread
        String name = "partner";
        String url = database(name);
        String topic = name + "_topic";
        String[] args = consumerArgs(topic, name, url, "200", "30s");
        ChildProcess a = ChildProcess.start(dir.resolve("partner-a.log"), ConsumerRawCommand.class, args);
        // b starts once a has created the schema: two consumers creating it at the same moment on a fresh
        // database can collide ("Table ... already exists"; not this test's subject)
        awaitPartitions(a);
        ChildProcess b = ChildProcess.start(dir.resolve("partner-b.log"), ConsumerRawCommand.class, args);
        // both hold partitions before a message exists, so both are mid-load when they are killed
        awaitPartitions(a, b);
        assertTrue(a.output().contains("static member " + name + "-") && b.output().contains("static member " + name + "-"),
            a.output() + "\n" + b.output());
        assertTrue(!a.output().contains(instanceIdOf(b)), "two member ids: " + instanceIdOf(a) + " / " + instanceIdOf(b));
        publish(true, topic);
        awaitFirstBatch(a);
        kill(a);
        kill(b);
        FIGURES.fault("consumer-raw SIGKILL");
        FIGURES.fault("consumer-raw SIGKILL");
        assertTrue(rows(url, true) < records, "killed mid-load");
        EmbeddedStack.Run last = scriptedRun(ConsumerRawCommand.class, args, "partner-final", url, true);
        assertEquals(0, last.summary("lag"), last.output());
    }

    @Test
    @ResourceLock(value = SERVERS, mode = ResourceAccessMode.READ)
    void aScriptedRunThatMustStopWithRecordsLeftSaysSoAndExitsFour() throws Exception {
        String name = "left";
        String url = database(name);
        String topic = name + "_topic";
        publish(true, topic);
        // a live member of the group that holds partitions and never loads them (paused)
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger held = new AtomicInteger();
        Map<String, Object> config = new HashMap<>(Map.of("bootstrap.servers", bootstrap(), "group.id", name,
            "key.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            "value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer",
            "enable.auto.commit", "false", "heartbeat.interval.ms", "1000"));
        Thread holder = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config)) {
                c.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                    @Override public void onPartitionsRevoked(java.util.Collection<TopicPartition> p) {}
                    @Override public void onPartitionsAssigned(java.util.Collection<TopicPartition> p) {
                        c.pause(p);
                        held.set(c.assignment().size());
                    }
                });
                while (!stop.get()) c.poll(Duration.ofMillis(100));
            }
        }, "paused-member");
        holder.start();
        try {
            await("the paused member holds the topic").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> held.get() == 3);

            long start = System.nanoTime();
            String[] args = consumerArgs(topic, name, url, "200", "2s");
            EmbeddedStack.Run run = runInThisJvm(ConsumerRawCommand.class, append(args, "--max-wait", "3s"), Duration.ofSeconds(60));
            assertEquals(ExitCode.RECORDS_LEFT, run.exitCode(), run.output());
            long loaded = rows(url, true);
            assertTrue(loaded > 0 && loaded < records, "it loaded its share only: " + loaded + "\n" + run.output());
            // the lag counts offsets: the records left, and on each partition left unread its end-of-extract marker and
            // the transaction's commit marker (two offsets a partition)
            long extra = run.summary("lag") - (records - loaded);
            assertTrue(extra > 0 && extra <= 2 * 3 && extra % 2 == 0, "lag " + run.summary("lag") + " for " + (records - loaded)
                + " records left\n" + run.output());
            assertTrue(run.output().contains("left unread"), run.output());
            System.out.printf("run with records left: exit 4 after %.1f s, lag %d%n", (System.nanoTime() - start) / 1e9,
                run.summary("lag"));
        } finally {
            stop.set(true);
            holder.join(30_000);
        }
        // the paused member has left the group: the next scripted run loads the rest
        EmbeddedStack.Run last = scriptedRun(ConsumerRawCommand.class, consumerArgs(topic, name, url, "200", IDLE), "left-2", url, true);
        assertEquals(0, last.summary("lag"), last.output());
    }

    @Test
    @ResourceLock(value = SERVERS, mode = ResourceAccessMode.READ)
    void twoConsumersInOneGroupSplitTheLoad() throws Exception {
        String name = "pair";
        String url = database(name);
        String topic = name + "_topic";
        // the schema is there before two consumers start at once (two creating it at the same moment can
        // collide; not this test's subject)
        try (Connection c = DriverManager.getConnection(url)) {
            io.subtrack.common.db.SchemaApplier.applyRaw(c, io.subtrack.common.db.DatabaseDialect.forUrl(url));
        }
        // the idle timeout outlasts the gap between the members' starts (other tests start JVMs beside them): a
        // consumer of a topic still empty is a loaded one
        String[] args = consumerArgs(topic, name, url, "500", "10s");
        ChildProcess a = ChildProcess.start(dir.resolve("pair-a.log"), ConsumerRawCommand.class, args);
        ChildProcess b = ChildProcess.start(dir.resolve("pair-b.log"), ConsumerRawCommand.class, args);
        // both members hold partitions before any message exists, so the split does not depend on start-up speed
        awaitPartitions(a, b);
        publish(true, topic);
        assertTrue(a.process.waitFor(180, TimeUnit.SECONDS) && b.process.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, a.process.exitValue(), a.output());
        assertEquals(0, b.process.exitValue(), b.output());
        long loadedByA = a.summary("out");
        long loadedByB = b.summary("out");
        assertTrue(loadedByA > 0 && loadedByB > 0, "both did work: " + loadedByA + " / " + loadedByB);
        assertEquals(records, loadedByA + loadedByB);
        checkEverythingOnce(url, true, name);
    }

    // ---- servers killed

    @Test
    @ResourceLock(SERVERS)
    void brokerKilledWhilePublishingThenPublishedAgainEveryRecordOnce() throws Exception {
        int faults = FULL ? 3 : 1;
        for (int f = 1; f <= faults; f++) {
            String name = "bp" + f;
            String url = database(name);
            String topic = name + "_topic";
            ChildProcess producer = ChildProcess.start(dir.resolve(name + "-producer-1.log"), ProducerRawCommand.class,
                "--bootstrap-server", bootstrap(), "--topic", topic, "--input", rawFile.toString());
            await("producer-raw publishing").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> producer.output().contains("publish") || !producer.process.isAlive());
            Thread.sleep(200 + RANDOM.nextInt(FULL ? 1500 : 500));
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
            scriptedRunLoadsEverything(ConsumerRawCommand.class, consumerArgs(topic, name, url, "2000", IDLE), name, url, true);
        }
    }

    @Test
    @ResourceLock(SERVERS)
    void brokerKilledWhileAConsumerLoadsTheLoadFinishes() throws Exception {
        for (int f = 1; f <= (FULL ? 2 : 1); f++) {
            serverKilledMidLoad("bc" + f, this::restartBroker, "broker SIGKILL while consumer-raw loads");
        }
    }

    @Test
    @ResourceLock(SERVERS)
    void databaseServerKilledWhileAConsumerLoadsTheLoadFinishes() throws Exception {
        for (int f = 1; f <= (FULL ? 5 : 1); f++) {
            serverKilledMidLoad("dc" + f, this::restartDb, "database server SIGKILL while consumer-raw loads");
        }
    }

    private interface Restart {
        void run() throws Exception;
    }

    private void serverKilledMidLoad(String name, Restart killAndRestart, String fault) throws Exception {
        String url = database(name);
        String topic = name + "_topic";
        publish(true, topic);
        // an idle timeout holds no risk of stopping during the outage: the run stops only once the
        // database holds the whole topic as loaded, which it cannot tell while a server is down
        String[] args = consumerArgs(topic, name, url, "200", IDLE);
        ChildProcess c = ChildProcess.start(dir.resolve(name + "-1.log"), ConsumerRawCommand.class, args);
        waitForRowsAbove(url, true, 0, c);
        Thread.sleep(RANDOM.nextInt(FULL ? 1500 : 500));
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
        kill(broker);
    }

    private void restartBroker() throws Exception {
        killBroker();
        Thread.sleep(BROKER_DOWN_MS / 3 + RANDOM.nextInt(BROKER_DOWN_MS));
        broker = startBroker();
    }

    private void restartDb() throws Exception {
        long pid = Long.parseLong(Files.readAllLines(dir.resolve("pg").resolve("postmaster.pid"), StandardCharsets.UTF_8).get(0).strip());
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        db.process.destroyForcibly();
        new ProcessBuilder("kill", "-KILL", String.valueOf(pid)).inheritIO().start().waitFor();
        postmaster.onExit().get(30, TimeUnit.SECONDS);
        db.process.waitFor(30, TimeUnit.SECONDS);
        Thread.sleep(DB_DOWN_MS / 4 + RANDOM.nextInt(DB_DOWN_MS));
        db = startDb();
    }

    // ---- the checks

    /**
     * The scripted run after consumer kills: it must exit 0 within {@link #SCRIPTED_RUN_WITHIN} at the
     * first try, with every record once. It runs in this JVM (the killed runs were processes of their
     * own; what is left to prove is the restart's outcome, not another JVM start).
     */
    private EmbeddedStack.Run scriptedRun(Class<?> consumer, String[] args, String what, String url, boolean raw) throws Exception {
        long start = System.nanoTime();
        EmbeddedStack.Run last = runInThisJvm(consumer, withIdle(args, IDLE), SCRIPTED_RUN_WITHIN);
        double took = (System.nanoTime() - start) / 1e9;
        FIGURES.scripted(took);
        assertEquals(0, last.exitCode(), last.output());
        checkEverythingOnce(url, raw, what);
        FIGURES.run(true);
        System.out.printf("%s: exit 0 after %.1f s%n", what, took);
        return last;
    }

    /**
     * A scripted run after a server fault: it must exit 0, and then nothing may be lost, doubled or
     * left unread. One that exits non-zero (the consumer saw the fault and stopped without committing)
     * is started again, up to three times.
     */
    private void scriptedRunLoadsEverything(Class<?> consumer, String[] args, String name, String url, boolean raw) throws Exception {
        for (int attempt = 1; ; attempt++) {
            long startedAt = System.nanoTime();
            EmbeddedStack.Run last = runInThisJvm(consumer, withIdle(args, IDLE), Duration.ofSeconds(300));
            FIGURES.scripted((System.nanoTime() - startedAt) / 1e9);
            if (last.exitCode() == 0) {
                checkEverythingOnce(url, raw, name);
                FIGURES.run(true);
                return;
            }
            FIGURES.run(false);
            assertTrue(attempt < 3, "three scripted runs in a row failed:\n" + last.output());
        }
    }

    /** A consumer run in this JVM, as its main would run; fails the test if it has not ended within {@code within}. */
    private static EmbeddedStack.Run runInThisJvm(Class<?> consumer, String[] args, Duration within) throws Exception {
        Object command = consumer.getDeclaredConstructor().newInstance();
        // a thread of its own: the common pool has one thread on a 2-core machine, and runs overlap
        var run = java.util.concurrent.CompletableFuture.supplyAsync(() -> EmbeddedStack.run(command, args),
            task -> new Thread(task, consumer.getSimpleName() + "-scripted-run").start());
        try {
            return run.get(within.toSeconds(), TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(consumer.getSimpleName() + " did not end within " + within);
        }
    }

    /** Each table holds exactly the input's keys: none missing, none stored twice, none the input does not have. */
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
        assertEquals(raw ? records : processedRecords, rows(url, raw), what + ": rows");
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

    // ---- a consumer's start, read from its log

    /** When a child's stage began, was given partitions, and loaded its first batch (the child's own clock). */
    record Start(LocalTime stage, LocalTime assigned, LocalTime firstBatch, Duration sinceJvmStart) {
        Duration stageToAssigned() {
            return between(stage, assigned);
        }

        Duration stageToFirstBatch() {
            return between(stage, firstBatch);
        }

        private static Duration between(LocalTime a, LocalTime b) {
            Duration d = Duration.between(a, b);
            return d.isNegative() ? d.plusDays(1) : d;
        }

        @Override
        public String toString() {
            return "stage start to partitions " + stageToAssigned().toMillis() + " ms, to first batch "
                + stageToFirstBatch().toMillis() + " ms (JVM start to first batch " + sinceJvmStart.toMillis() + " ms)";
        }
    }

    private static final Pattern FIRST_BATCH = Pattern.compile("first batch loaded: \\d+ records, (\\d+) ms after the JVM started");

    /**
     * Waits until the child says it loaded its first batch (logged after the batch's transaction
     * committed), then reads its start from its log. The test reads a log file, not the database, so
     * its polling costs the child nothing.
     */
    private static Start awaitFirstBatch(ChildProcess child) throws Exception {
        await("a first batch loaded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
            .failFast("the consumer exited before loading", () -> !child.process.isAlive() && !FIRST_BATCH.matcher(child.output()).find())
            .until(() -> FIRST_BATCH.matcher(child.output()).find());
        String out = child.output();
        Matcher m = FIRST_BATCH.matcher(out);
        assertTrue(m.find(), out);
        return new Start(stamp(out, "ConsumeStage - group "), stamp(out, "assigned partitions ["), stamp(out, "first batch loaded"),
            Duration.ofMillis(Long.parseLong(m.group(1))));
    }

    /** The HH:mm:ss.SSS stamp of the first log line containing {@code text}. */
    private static LocalTime stamp(String log, String text) {
        for (String line : log.split("\n")) {
            if (line.contains(text) && line.length() > 12) return LocalTime.parse(line.substring(0, 12));
        }
        throw new AssertionError("no \"" + text + "\" in\n" + log);
    }

    /** The child's latest assignment is not empty. */
    private static boolean holdsPartitions(ChildProcess c) throws Exception {
        String last = null;
        for (String line : c.output().split("\n")) if (line.contains("assigned partitions")) last = line;
        return last != null && !last.trim().endsWith("[]");
    }

    private static void awaitPartitions(ChildProcess... members) {
        await("partitions held by every member").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
            .failFast("a member exited", () -> { for (ChildProcess m : members) if (!m.process.isAlive()) return true; return false; })
            .until(() -> { for (ChildProcess m : members) if (!holdsPartitions(m)) return false; return true; });
    }

    private static String instanceIdOf(ChildProcess c) throws Exception {
        for (String line : c.output().split("\n")) {
            int at = line.indexOf("static member ");
            if (at >= 0) return line.substring(at + "static member ".length()).trim();
        }
        throw new AssertionError("no member id in\n" + c.output());
    }

    // ---- plumbing

    private static void kill(ChildProcess child) throws Exception {
        child.process.destroyForcibly(); // SIGKILL: no shutdown hook, no leave, no final commit
        assertTrue(child.process.waitFor(30, TimeUnit.SECONDS));
    }

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

    private static String[] append(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    /**
     * One publish at a time: every test publishes the same extract, and producer-raw's transactional id
     * is the extract's, so two at once would fence each other (the later one wins, the earlier one is
     * refused with an old epoch), as two producers of one extract should.
     */
    private static synchronized void publish(boolean raw, String topic) {
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

    /** Rows in the raw (or processed) tables; 0 before the consumer created them. */
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

    private static void waitForRowsAbove(String url, boolean raw, long before, ChildProcess c) {
        await("a batch loaded").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
            .failFast("consumer exited before loading", () -> !c.process.isAlive())
            .until(() -> rows(url, raw) > before);
    }

    private static ChildProcess startBroker() throws Exception {
        ChildProcess b = launchBroker();
        awaitReady(b, "READY");
        return b;
    }

    private static ChildProcess launchBroker() throws Exception {
        return ChildProcess.start(dir.resolve("broker-" + (++restarts) + ".log"), DevBrokerCommand.class,
            "--port", String.valueOf(brokerPort), "--controller-port", String.valueOf(controllerPort),
            "--data-dir", dir.resolve("kafka").toString());
    }

    private static ChildProcess startDb() throws Exception {
        ChildProcess d = launchDb();
        awaitReady(d, "READY ");
        return d;
    }

    private static ChildProcess launchDb() throws Exception {
        return ChildProcess.start(dir.resolve("db-" + (++restarts) + ".log"), DevDbCommand.class,
            "--port", String.valueOf(dbPort), "--data-dir", dir.resolve("pg").toString());
    }

    private static void awaitReady(ChildProcess p, String word) {
        await("server READY").atMost(SERVER_READY_WITHIN).pollInterval(Duration.ofMillis(50))
            .failFast("server exited", () -> !p.process.isAlive())
            .until(() -> p.output().contains(word));
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
            b.append("# Kill and restart, ").append(Instant.now()).append(FULL ? " (full suite)" : " (small suite)")
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
