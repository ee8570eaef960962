package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.kafka.DeadLetters;
import io.subtrack.common.kafka.Envelope;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.test.Fixtures;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import io.subtrack.state.StageStateCommand;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * bin/stage-state on the real dev broker and dev-db, with producer-raw and consumer-raw run
 * in-process. Lists what plain JDBC and the broker say, resets the raw target's stored offsets (a dry run changes
 * nothing; applied, consumer-raw re-reads from the start and stores nothing twice), and replays a dead letter once.
 */
@ExtendWith(EmbeddedStackExtension.class)
class StateCommandIT {
    static EmbeddedStack stack;

    @BeforeAll
    static void start(EmbeddedStack started) {
        stack = started;
    }

    @Test
    void listsResetsAndTheLoaderReReadsFromTheResetOffsetStoringNothingTwice() throws Exception {
        String topic = "state_raw";
        String group = "state-raw";
        String db = stack.jdbcUrl("state");
        var produced = EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--input", Fixtures.rawSample().toString());
        assertEquals(0, produced.exitCode(), produced.output());
        var first = loadRaw(topic, group, db);
        assertEquals(1670, first.summary("out"));
        long rowsAfterFirst = rawRows("state");
        assertEquals(1670, rowsAfterFirst);

        // --list: the stored offsets, the log ends and the lag are what JDBC and the broker say
        Map<Integer, Long> stored = storedOffsets("state", topic);
        Map<Integer, Long> ends = endOffsets(topic);
        assertEquals(ends.keySet(), stored.keySet(), "every partition of the topic has a stored offset");
        var listed = EmbeddedStack.run(new StageStateCommand(), "--bootstrap-server", stack.bootstrap(), "--jdbc-url", db, "--list");
        assertEquals(0, listed.exitCode(), listed.output());
        Map<Integer, String[]> rows = listedRows(listed.output(), topic);
        assertEquals(stored.keySet(), rows.keySet(), listed.output());
        for (int p : stored.keySet()) {
            String[] r = rows.get(p);
            assertEquals(String.valueOf(stored.get(p)), r[3], "stored offset of partition " + p + "\n" + listed.output());
            assertEquals(String.valueOf(ends.get(p)), r[5], "log end offset of partition " + p + "\n" + listed.output());
            assertEquals(String.valueOf(ends.get(p) - stored.get(p)), r[6], "lag of partition " + p + "\n" + listed.output());
            assertEquals("0", r[6], "consumer-raw loaded the topic to its end");
        }
        try (Connection c = stack.db("state"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT extract_id, records, transformed_at FROM subtrack_extracts")) {
            assertTrue(rs.next(), "producer-raw's extract is registered");
            String id = rs.getString(1);
            String line = listed.output().lines().filter(l -> l.startsWith(id + " ")).findFirst().orElseThrow(
                () -> new AssertionError("no line for the extract in\n" + listed.output()));
            String[] cells = line.trim().split("\\s+");
            assertEquals(String.valueOf(rs.getLong(2)), cells[3], line);
            assertEquals("yes", cells[5], "complete: " + line);
            assertEquals(null, rs.getTimestamp(3));
            assertEquals("-", cells[6], "not transformed: " + line);
        }
        assertTrue(listed.output().contains("(none: no incremental run has delivered yet)"), listed.output());

        // a dry run moves nothing
        String[] reset = {"--bootstrap-server", stack.bootstrap(), "--jdbc-url", db, "--reset-offsets", "--target", "raw",
            "--group", group, "--topic", topic, "--to-earliest"};
        var dry = EmbeddedStack.run(new StageStateCommand(), reset);
        assertEquals(0, dry.exitCode(), dry.output());
        assertTrue(dry.output().contains("Dry run: nothing changed (" + stored.size() + " of " + stored.size()), dry.output());
        assertEquals(stored, storedOffsets("state", topic));

        // a time is turned into offsets by offsetsForTimes: before every message, the log start; after, the log end
        String[] byTime = {"--bootstrap-server", stack.bootstrap(), "--jdbc-url", db, "--reset-offsets", "--target", "raw",
            "--group", group, "--topic", topic, "--to-datetime"};
        Map<Integer, String[]> past = listedRows(EmbeddedStack.run(new StageStateCommand(), with(byTime, "2000-01-01T00:00:00Z")).output(), topic);
        Map<Integer, String[]> future = listedRows(EmbeddedStack.run(new StageStateCommand(), with(byTime,
            java.time.Instant.now().plus(Duration.ofDays(1)).toString())).output(), topic);
        Map<Integer, Long> startsNow = beginningOffsets(topic);
        for (int p : stored.keySet()) {
            assertEquals(String.valueOf(startsNow.get(p)), past.get(p)[4], "partition " + p + " before every message");
            assertEquals(String.valueOf(ends.get(p)), future.get(p)[4], "partition " + p + " after every message");
        }
        assertEquals(stored, storedOffsets("state", topic));

        // refused while the loader's group has a member; nothing changes
        try (KafkaConsumer<byte[], byte[]> member = member(group)) {
            member.subscribe(List.of(topic));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (member.assignment().isEmpty()) {
                member.poll(Duration.ofMillis(200));
                assertTrue(System.nanoTime() < deadline, "the test's member never joined " + group);
            }
            var refused = EmbeddedStack.run(new StageStateCommand(), with(reset, "--execute"));
            assertEquals(1, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("active member"), refused.output());
            assertEquals(stored, storedOffsets("state", topic));
        }
        awaitNoMembers(group);

        var applied = EmbeddedStack.run(new StageStateCommand(), with(reset, "--execute"));
        assertEquals(0, applied.exitCode(), applied.output());
        Map<Integer, Long> starts = beginningOffsets(topic);
        assertEquals(starts, storedOffsets("state", topic), "the stored offsets are the log starts");
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrap()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            starts.forEach((p, o) -> assertEquals(o, committed.get(new TopicPartition(topic, p)).offset(),
                "the group's committed offset of partition " + p));
        }

        // consumer-raw starts from there: it reads the whole topic again and stores nothing twice
        var again = loadRaw(topic, group, db);
        assertEquals(first.summary("in"), again.summary("in"), "re-read from the start\n" + again.output());
        assertEquals(0, again.summary("out"), "the record hash keeps every row from being stored twice\n" + again.output());
        assertEquals(rowsAfterFirst, rawRows("state"));
        assertEquals(ends, storedOffsets("state", topic), "loaded to the end again");
    }

    @Test
    void aDeadLetterIsReplayedToItsSourceOnceWithItsKeyValueAndHeaders() throws Exception {
        String topic = "state_poison";
        String errors = "state_poison_errors";
        String db = stack.jdbcUrl("replay");
        Map<String, Object> cfg = Map.of("bootstrap.servers", stack.bootstrap());
        try (Admin admin = Admin.create(cfg)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        byte[] key = "raw_Admin:USR00009".getBytes(StandardCharsets.UTF_8);
        byte[] poison = "{\"table\":\"raw_Admin\",\"record\":{\"userId\":".getBytes(StandardCharsets.UTF_8);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Envelope.HEADER_TABLE, "raw_Admin".getBytes(StandardCharsets.UTF_8));
        headers.add(Envelope.HEADER_RUN_ID, "run-42".getBytes(StandardCharsets.UTF_8));
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            String good = "{\"table\":\"raw_Admin\",\"record\":{\"userId\":\"USR00001\",\"raw_id\":1,"
                + "\"date_extraction\":\"2025-01-01 00:00:00\",\"source_system\":\"Web_Form\"}}";
            p.send(new ProducerRecord<>(topic, 0, null, good.getBytes(StandardCharsets.UTF_8))).get();
            p.send(new ProducerRecord<>(topic, 0, key, poison, headers)).get();
        }
        var consumed = EmbeddedStack.run(new ConsumerRawCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--errors-topic", errors, "--group", "state-poison", "--instance-id", "none",
            "--jdbc-url", db, "--idle-timeout", "1s");
        assertEquals(0, consumed.exitCode(), consumed.output());
        assertEquals(1, consumed.summary("rejected"));
        long endBefore = endOffsets(topic).get(0);

        String[] replay = {"--bootstrap-server", stack.bootstrap(), "--replay-dead-letters", "--errors-topic", errors,
            "--replay-group", "state-replay", "--origin-topic", topic};
        var dry = EmbeddedStack.run(new StageStateCommand(), replay);
        assertEquals(0, dry.exitCode(), dry.output());
        assertEquals(1, dry.summary("replayable"), dry.output());
        assertTrue(dry.output().contains("WOULD-REPLAY " + errors + "-0@0 from " + topic + "-0@1 stage=consumer-raw"), dry.output());
        assertEquals(endBefore, endOffsets(topic).get(0), "a dry run sends nothing");

        // a filter that leaves the letter out replays nothing, and does not skip it for good
        var filtered = EmbeddedStack.run(new StageStateCommand(), with(replay, "--error-stage", "consumer-processed", "--execute"));
        assertEquals(0, filtered.exitCode(), filtered.output());
        assertEquals(0, filtered.summary("replayable"), filtered.output());
        assertEquals(1, filtered.summary("filtered"), filtered.output());
        assertEquals(endBefore, endOffsets(topic).get(0));

        var executed = EmbeddedStack.run(new StageStateCommand(), with(replay, "--error-stage", "consumer-raw", "--execute"));
        assertEquals(0, executed.exitCode(), executed.output());
        assertEquals(1, executed.summary("out"), executed.output());
        List<ConsumerRecord<byte[], byte[]>> replayed = readFrom(new TopicPartition(topic, 0), endBefore);
        assertEquals(1, replayed.size(), "one message replayed");
        ConsumerRecord<byte[], byte[]> r = replayed.get(0);
        assertArrayEquals(key, r.key());
        assertArrayEquals(poison, r.value());
        List<String> keys = new ArrayList<>();
        for (Header h : r.headers()) keys.add(h.key());
        assertEquals(List.of(Envelope.HEADER_TABLE, Envelope.HEADER_RUN_ID), keys, "the original headers, no error.* ones");
        assertEquals("run-42", Envelope.header(r.headers(), Envelope.HEADER_RUN_ID));
        assertEquals(null, r.headers().lastHeader(DeadLetters.ERROR_STAGE));

        // never twice: the replay group's committed offset says it is done
        long endAfter = endOffsets(topic).get(0);
        var second = EmbeddedStack.run(new StageStateCommand(), with(replay, "--execute"));
        assertEquals(0, second.exitCode(), second.output());
        assertEquals(0, second.summary("out"), second.output());
        assertEquals(endAfter, endOffsets(topic).get(0), "nothing sent the second time");
    }

    private static EmbeddedStack.Run loadRaw(String topic, String group, String db) {
        var run = EmbeddedStack.run(new ConsumerRawCommand(), "--bootstrap-server", stack.bootstrap(), "--topic", topic,
            "--group", group, "--instance-id", "none", "--jdbc-url", db, "--idle-timeout", "1s");
        assertEquals(0, run.exitCode(), run.output());
        return run;
    }

    private static String[] with(String[] args, String... more) {
        String[] out = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, out, args.length, more.length);
        return out;
    }

    /** The rows of --list's offset table for the raw target and {@code topic}, by partition. */
    private static Map<Integer, String[]> listedRows(String output, String topic) {
        Map<Integer, String[]> rows = new TreeMap<>();
        for (String line : output.split("\n")) {
            String[] cells = line.trim().split("\\s+");
            if (cells.length >= 7 && cells[0].equals("raw") && cells[1].equals(topic)) rows.put(Integer.parseInt(cells[2]), cells);
        }
        return rows;
    }

    private static long rawRows(String database) throws Exception {
        long n = 0;
        for (RawTable t : RawTable.all()) n += stack.count(database, t.tableName());
        return n;
    }

    /** Plain JDBC: the raw target's stored next offsets of the topic. */
    private static Map<Integer, Long> storedOffsets(String database, String topic) throws Exception {
        Map<Integer, Long> out = new TreeMap<>();
        try (Connection c = stack.db(database);
             var ps = c.prepareStatement("SELECT kafka_partition, next_offset FROM subtrack_load_offsets WHERE target = ? AND topic = ?")) {
            ps.setString(1, "raw");
            ps.setString(2, topic);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) out.put(rs.getInt(1), rs.getLong(2));
            }
        }
        return out;
    }

    private static KafkaConsumer<byte[], byte[]> reader() {
        Properties p = new Properties();
        p.put("bootstrap.servers", stack.bootstrap());
        p.put("isolation.level", "read_committed");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static KafkaConsumer<byte[], byte[]> member(String group) {
        Properties p = new Properties();
        p.put("bootstrap.servers", stack.bootstrap());
        p.put("group.id", group);
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static Map<Integer, Long> endOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = reader()) {
            Map<Integer, Long> out = new TreeMap<>();
            c.endOffsets(partitions(c, topic)).forEach((tp, o) -> out.put(tp.partition(), o));
            return out;
        }
    }

    private static Map<Integer, Long> beginningOffsets(String topic) {
        try (KafkaConsumer<byte[], byte[]> c = reader()) {
            Map<Integer, Long> out = new TreeMap<>();
            c.beginningOffsets(partitions(c, topic)).forEach((tp, o) -> out.put(tp.partition(), o));
            return out;
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic) {
        List<TopicPartition> out = new ArrayList<>();
        c.partitionsFor(topic).forEach(p -> out.add(new TopicPartition(topic, p.partition())));
        return out;
    }

    /** The committed records of one partition from {@code offset} to its end now, read within a deadline. */
    private static List<ConsumerRecord<byte[], byte[]>> readFrom(TopicPartition tp, long offset) {
        try (KafkaConsumer<byte[], byte[]> c = reader()) {
            c.assign(List.of(tp));
            long end = c.endOffsets(List.of(tp)).get(tp);
            c.seek(tp, offset);
            List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (c.position(tp) < end) {
                for (var r : c.poll(Duration.ofMillis(200))) out.add(r);
                assertTrue(System.nanoTime() < deadline, "could not read " + tp + " to " + end);
            }
            return out;
        }
    }

    /** Until the group has no member (the test's member left on close), at most 30 s. */
    private static void awaitNoMembers(String group) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.bootstrap()))) {
            org.awaitility.Awaitility.await(group + " has no member").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> admin.describeConsumerGroups(List.of(group)).describedGroups().get(group).get(10, TimeUnit.SECONDS)
                    .members().isEmpty());
        }
    }
}
