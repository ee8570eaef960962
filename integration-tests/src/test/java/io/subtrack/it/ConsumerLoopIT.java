package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.kafka.BatchWriter;
import io.subtrack.common.kafka.ConsumerLoop;
import io.subtrack.common.kafka.KafkaClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer loop's group behaviour on the real dev broker: a static
 * member that comes back takes its partitions at once, a clean stop leaves the group, and an idle
 * run stops only once every partition of the topic is loaded, or after --max-wait with exit 4's
 * condition. The database is an in-memory test double that records the offsets "stored with the
 * rows": this tests the loop, not JDBC.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ConsumerLoopIT {
    static final int PARTITIONS = 3;
    static final int PER_PARTITION = 200;
    /** Well under the group's 10 s session timeout: what "at once" means here. */
    static final Duration AT_ONCE = Duration.ofSeconds(5);
    @TempDir static Path dir;
    static EmbeddedStack stack;

    @BeforeAll
    static void start(EmbeddedStack started) throws Exception {
        stack = started;
    }


    /** The "database" several members share: per partition the next offset stored with the rows, and the rows. */
    static final class MemoryDatabase {
        final Map<TopicPartition, Long> stored = new ConcurrentHashMap<>();
        final Set<String> rows = ConcurrentHashMap.newKeySet();
        final Set<String> duplicates = ConcurrentHashMap.newKeySet();
    }

    /** One member's writer: loads into the shared database; optionally blocks its first load until opened. */
    static final class MemoryWriter implements BatchWriter {
        final MemoryDatabase db;
        final CountDownLatch gate;
        volatile Collection<TopicPartition> assigned = List.of();
        volatile long firstLoadNanos;
        volatile long loaded;

        MemoryWriter(MemoryDatabase db, CountDownLatch gate) {
            this.db = db;
            this.gate = gate;
        }

        @Override
        public Map<TopicPartition, Long> write(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception {
            if (gate != null) gate.await();
            for (ConsumerRecord<byte[], byte[]> r : batch) {
                TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                if (r.offset() < db.stored.getOrDefault(tp, 0L)) continue; // loaded before: skipped, as the loaders do
                String key = tp + "@" + r.offset();
                if (!db.rows.add(key)) db.duplicates.add(key);
                db.stored.merge(tp, r.offset() + 1, Math::max);
                loaded++;
            }
            if (firstLoadNanos == 0 && !batch.isEmpty()) firstLoadNanos = System.nanoTime();
            return Map.of();
        }

        @Override
        public Map<TopicPartition, Long> onAssigned(Collection<TopicPartition> partitions) {
            assigned = List.copyOf(partitions);
            Map<TopicPartition, Long> start = new HashMap<>();
            for (TopicPartition tp : partitions) start.put(tp, db.stored.getOrDefault(tp, 0L));
            return start;
        }

        @Override
        public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) {
            Map<TopicPartition, Long> m = new HashMap<>();
            for (TopicPartition tp : partitions) {
                Long v = db.stored.get(tp);
                if (v != null) m.put(tp, v);
            }
            return m;
        }

        @Override public long loaded() { return loaded; }
        @Override public long deadLettered() { return 0; }
        @Override public Map<String, Long> details() { return Map.of(); }
    }

    /** A loop running in a thread of its own. */
    record Member(ConsumerLoop loop, MemoryWriter writer, CompletableFuture<Long> run, long startNanos) {
        void stopAndJoin() throws Exception {
            loop.stopAndWait();
            run.get(60, TimeUnit.SECONDS);
        }
    }

    static KafkaOptions kafka() {
        KafkaOptions k = new KafkaOptions();
        k.bootstrapServer = stack.bootstrap();
        return k;
    }

    static KafkaConsumer<byte[], byte[]> consumer(String group, String instanceId) {
        Map<String, Object> c = KafkaClients.consumerConfig(kafka(), group, instanceId);
        c.put("max.poll.records", 50);
        return new KafkaConsumer<>(c);
    }

    static Member member(String topic, String group, String instanceId, MemoryWriter writer, Duration idle, Duration maxWait) {
        ConsumerLoop loop = new ConsumerLoop(consumer(group, instanceId), writer, 0, idle, maxWait);
        long start = System.nanoTime();
        CompletableFuture<Long> run = CompletableFuture.supplyAsync(() -> {
            try {
                return loop.run(List.of(topic));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        return new Member(loop, writer, run, start);
    }

    static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", stack.bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    static void produce(String topic) throws Exception {
        Map<String, Object> p = new HashMap<>(KafkaClients.producerConfig(kafka()));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p)) {
            for (int part = 0; part < PARTITIONS; part++) {
                for (int i = 0; i < PER_PARTITION; i++) {
                    producer.send(new ProducerRecord<>(topic, part, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            producer.flush();
        }
    }

    static void await(String what, Duration within, BooleanSupplier condition) {
        org.awaitility.Awaitility.await(what).atMost(within).pollInterval(Duration.ofMillis(50)).until(condition::getAsBoolean);
    }

    static void assertEveryRecordOnce(MemoryDatabase db, String topic) {
        assertEquals(Set.of(), db.duplicates, "loaded twice");
        assertEquals(PARTITIONS * PER_PARTITION, db.rows.size(), "every record loaded");
        for (int p = 0; p < PARTITIONS; p++) assertEquals((long) PER_PARTITION, db.stored.get(new TopicPartition(topic, p)));
    }

    /** A static member that stopped heartbeating without leaving: what SIGKILL leaves behind in the group. */
    static void deadStaticMember(String topic, String group, String instanceId) throws InterruptedException {
        KafkaConsumer<byte[], byte[]> ghost = consumer(group, instanceId);
        ghost.subscribe(List.of(topic));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (ghost.assignment().size() < PARTITIONS && System.nanoTime() < deadline) ghost.poll(Duration.ofMillis(100));
        assertEquals(PARTITIONS, ghost.assignment().size(), "the ghost holds every partition");
        ghost.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.REMAIN_IN_GROUP));
    }

    @Test
    void aStaticMemberThatComesBackAfterACrashGetsItsPartitionsAtOnce() throws Exception {
        String topic = "loop_restart";
        createTopic(topic);
        produce(topic);
        deadStaticMember(topic, "restart", "restart-host-0");
        MemoryDatabase db = new MemoryDatabase();
        Member again = member(topic, "restart", "restart-host-0", new MemoryWriter(db, null), Duration.ofSeconds(1),
            Duration.ofSeconds(30));
        await("the restarted member loads its first batch", Duration.ofSeconds(30), () -> again.writer().firstLoadNanos != 0);
        long toFirstBatch = again.writer().firstLoadNanos - again.startNanos();
        assertTrue(toFirstBatch < AT_ONCE.toNanos(), "first batch after " + toFirstBatch / 1_000_000 + " ms");
        assertEquals((long) PARTITIONS * PER_PARTITION, again.run().get(60, TimeUnit.SECONDS));
        assertEquals(ConsumerLoop.Stop.TOPIC_LOADED, again.loop().stop());
        assertEquals(0, again.loop().recordsLeft());
        assertEveryRecordOnce(db, topic);
    }

    @Test
    void aMemberThatStopsCleanlyLeavesTheGroupSoTheNextOneNeedNotWaitForItsSession() throws Exception {
        String topic = "loop_leave";
        createTopic(topic);
        produce(topic);
        MemoryDatabase db = new MemoryDatabase();
        Member first = member(topic, "leave", "leave-host-0", new MemoryWriter(db, null), Duration.ofSeconds(1),
            Duration.ofSeconds(30));
        first.run().get(60, TimeUnit.SECONDS);
        assertEquals(ConsumerLoop.Stop.TOPIC_LOADED, first.loop().stop());
        assertEveryRecordOnce(db, topic);

        // another member id (another machine, say): without the leave, the group would wait for the first one's session
        Member next = member(topic, "leave", "leave-other-host-0", new MemoryWriter(db, null), null, null);
        await("the next member gets the partitions", Duration.ofSeconds(30), () -> next.writer().assigned.size() == PARTITIONS);
        long toAssigned = System.nanoTime() - next.startNanos();
        assertTrue(toAssigned < AT_ONCE.toNanos(), "assigned after " + toAssigned / 1_000_000 + " ms");
        next.stopAndJoin();
    }

    /** Members "a" (its loads held until released) and "b" split the topic; "a" is held before it loads anything. */
    private static List<Member> splitWithAStuckMember(String topic, MemoryDatabase db, CountDownLatch gate, Duration maxWait)
        throws Exception {
        createTopic(topic);
        Member a = member(topic, topic, topic + "-a", new MemoryWriter(db, gate), null, null);
        await("a holds the partitions", Duration.ofSeconds(30), () -> a.writer().assigned.size() == PARTITIONS);
        // b's idle clock runs from its assignment, and an empty topic is a loaded one: the records must
        // come well within its idle timeout, so it is 3 s here
        Member b = member(topic, topic, topic + "-b", new MemoryWriter(db, null), Duration.ofSeconds(3), maxWait);
        await("both members hold partitions", Duration.ofSeconds(30),
            () -> !a.writer().assigned.isEmpty() && !b.writer().assigned.isEmpty()
                && a.writer().assigned.size() + b.writer().assigned.size() == PARTITIONS);
        produce(topic);
        return List.of(a, b);
    }

    @Test
    void anIdleMemberWaitsUntilThePartitionsOthersHoldAreLoadedThenStops() throws Exception {
        String topic = "loop_wait";
        MemoryDatabase db = new MemoryDatabase();
        CountDownLatch gate = new CountDownLatch(1);
        List<Member> m = splitWithAStuckMember(topic, db, gate, Duration.ofSeconds(60));
        Member a = m.get(0);
        Member b = m.get(1);
        // b has loaded its own partitions and seen 3 s without a message: an idle stop here would leave a's partitions unread
        await("b waits for a's partitions", Duration.ofSeconds(30), () -> b.loop().waitingForTopic());
        assertTrue(!b.run().isDone(), "b must not stop while a's partitions are not loaded");
        assertEquals(b.writer().assigned.size() * (long) PER_PARTITION, b.writer().loaded());
        gate.countDown();
        b.run().get(60, TimeUnit.SECONDS);
        assertEquals(ConsumerLoop.Stop.TOPIC_LOADED, b.loop().stop());
        assertEquals(0, b.loop().recordsLeft());
        assertEquals("p0=0 p1=0 p2=0", ConsumerLoop.describe(b.loop().lagAtExit()));
        assertEveryRecordOnce(db, topic);
        a.stopAndJoin();
    }

    @Test
    void anIdleMemberGivesUpAfterMaxWaitWithoutProgressAndSaysWhatIsLeft() throws Exception {
        String topic = "loop_maxwait";
        MemoryDatabase db = new MemoryDatabase();
        CountDownLatch gate = new CountDownLatch(1);
        List<Member> m = splitWithAStuckMember(topic, db, gate, Duration.ofSeconds(2));
        Member a = m.get(0);
        Member b = m.get(1);
        try {
            b.run().get(60, TimeUnit.SECONDS);
            assertEquals(ConsumerLoop.Stop.MAX_WAIT, b.loop().stop());
            long held = a.writer().assigned.size() * (long) PER_PARTITION;
            assertEquals(held, b.loop().recordsLeft());
            for (TopicPartition tp : a.writer().assigned) assertEquals((long) PER_PARTITION, b.loop().lagAtExit().get(tp));
            for (TopicPartition tp : b.writer().assigned) assertEquals(0L, b.loop().lagAtExit().get(tp));
        } finally {
            gate.countDown();
            a.stopAndJoin();
        }
    }

    @Test
    void whileTheGroupGivesItNothingAMemberIsNotDoneUntilTheTopicIsLoaded() throws Exception {
        String topic = "loop_unassigned";
        createTopic(topic);
        produce(topic);
        deadStaticMember(topic, topic, topic + "-ghost");
        MemoryDatabase db = new MemoryDatabase();
        // idle for 1 s long before the ghost's 10 s session ends: it waits, gets the partitions, loads them all
        Member late = member(topic, topic, topic + "-late", new MemoryWriter(db, null), Duration.ofSeconds(1),
            Duration.ofSeconds(60));
        await("the member waits while the ghost holds everything", Duration.ofSeconds(30), () -> late.loop().waitingForTopic());
        assertTrue(late.writer().assigned.isEmpty(), "nothing assigned yet");
        late.run().get(60, TimeUnit.SECONDS);
        assertEquals(ConsumerLoop.Stop.TOPIC_LOADED, late.loop().stop());
        assertEveryRecordOnce(db, topic);
    }
}
