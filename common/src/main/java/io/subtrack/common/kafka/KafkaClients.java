package io.subtrack.common.kafka;

import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.config.KafkaOptions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Client settings of record for SubTrack's producers and consumers, and topic creation. */
public final class KafkaClients {
    /**
     * How long an unreachable broker may keep a program waiting before it gives up, unless
     * --connect-timeout says otherwise ({@link KafkaOptions#connectTimeoutMs()}).
     */
    public static final int CONNECT_TIMEOUT_MS = (int) KafkaOptions.DEFAULT_CONNECT_TIMEOUT.toMillis();
    /**
     * Records per poll, so per database transaction at most. 2,000 rather than 5,000: a consumer holds
     * about two batches at once (one loading, one decoded), and at 5,000 that outgrew a young
     * generation that fits the 256 MB budget, so each batch was copied into the old generation and
     * freed by a full GC (docs/benchmarks.md, "GC and fetch sizes").
     */
    public static final int MAX_POLL_RECORDS = 2000;

    private KafkaClients() {}

    /** Idempotent, acks=all, batched and compressed (SPEC section 5). User settings win over defaults. */
    public static Map<String, Object> producerConfig(KafkaOptions options) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, options.connectTimeoutMs());
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        c.putAll(options.clientConfig());
        return c;
    }

    /**
     * With the classic group protocol (the default): how long the group waits for a member that
     * stopped heartbeating before it gives its partitions to others. Kafka's default is 45 s; a
     * killed consumer that comes back under its static member id takes its partitions back at once
     * however long this is, so this only matters for one that does not come back (or comes back
     * under another id): 10 s is well above a heartbeat thread's stalls here and well under what a
     * scripted run should wait (docs/consumer-groups.md).
     */
    public static final int SESSION_TIMEOUT_MS = 10_000;
    /**
     * A member learns from its heartbeat that the group rebalances (a member joined or left), so this
     * is how long a rebalance may wait for it: 1 s, not Kafka's 3 s (ConsumerLoopIT saw a join wait 3 s).
     */
    public static final int HEARTBEAT_INTERVAL_MS = 1_000;

    /** Manual commits (after the database transaction), earliest offset for a new group. */
    public static Map<String, Object> consumerConfig(KafkaOptions options, String groupId) {
        return consumerConfig(options, groupId, null);
    }

    /**
     * As {@link #consumerConfig(KafkaOptions, String)}, as static member {@code instanceId}
     * ({@code group.instance.id}; null: a dynamic member), with the classic protocol's session
     * timeout of {@link #SESSION_TIMEOUT_MS}. With {@code -X group.protocol=consumer} the session
     * timeout is the broker's ({@code group.consumer.session.timeout.ms}) and the client may not set it.
     */
    public static Map<String, Object> consumerConfig(KafkaOptions options, String groupId, String instanceId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        if (instanceId != null) c.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
        c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, HEARTBEAT_INTERVAL_MS);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // an extract is one transaction: an aborted one (a file that failed half-way) is never read
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        // 1 MB per partition (Kafka's default) holds a few thousand of our records, more than a poll
        // takes; the 8 MB this was before kept 24 MB of fetched batches (plus NIO's direct copy of
        // each response) alive in a heap of ~100 MB and put the consumers in back-to-back full GCs
        // (docs/benchmarks.md, "GC and fetch sizes")
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 1024 * 1024);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        Map<String, Object> user = options.clientConfig();
        if ("consumer".equalsIgnoreCase(String.valueOf(user.get(ConsumerConfig.GROUP_PROTOCOL_CONFIG)).strip())) {
            // the consumer protocol refuses these client settings (the broker holds them)
            c.remove(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
            c.remove(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG);
        }
        c.putAll(user);
        return c;
    }

    public static Map<String, Object> adminConfig(KafkaOptions options) {
        Map<String, Object> c = new HashMap<>(options.clientConfig());
        c.putIfAbsent("request.timeout.ms", options.connectTimeoutMs());
        c.putIfAbsent("default.api.timeout.ms", options.connectTimeoutMs());
        return c;
    }

    /**
     * Creates the topics that are absent, with the given partitions, and returns; a topic that
     * exists is left as it is. An unreachable broker fails within --connect-timeout.
     */
    public static void ensureTopics(KafkaOptions options, Collection<String> topics, int partitions) {
        int timeoutMs = options.connectTimeoutMs();
        try (Admin admin = Admin.create(adminConfig(options))) {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) missing.add(new NewTopic(t, partitions, (short) -1));
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(timeoutMs, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) throw e;
                }
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList(), timeoutMs);
            }
        } catch (TimeoutException | ExecutionException e) {
            throw unreachable(options, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageFailure("interrupted while creating topics");
        }
    }

    /**
     * Waits until every partition of freshly created topics has a leader that serves it. A producer
     * that sends in the moment between creation and leader election gets NotLeaderOrFollower, and its
     * idempotent retry can then be refused as OutOfOrderSequence until the delivery timeout. The
     * metadata can name a leader before that broker has taken the partition on, so a partition counts
     * as ready once its leader answers for it (its end offset).
     */
    private static void awaitLeaders(Admin admin, List<String> topics, int timeoutMs)
        throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            boolean ready = true;
            Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> partitions = new HashMap<>();
            try {
                for (org.apache.kafka.clients.admin.TopicDescription d
                    : admin.describeTopics(topics).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS).values()) {
                    for (org.apache.kafka.common.TopicPartitionInfo p : d.partitions()) {
                        if (p.leader() == null || p.leader().isEmpty()) ready = false;
                        partitions.put(new org.apache.kafka.common.TopicPartition(d.name(), p.partition()),
                            org.apache.kafka.clients.admin.OffsetSpec.latest());
                    }
                }
                if (ready) admin.listOffsets(partitions).all().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException
                    || e.getCause() instanceof org.apache.kafka.common.errors.InvalidMetadataException)) throw e;
                ready = false; // created, not yet in the metadata, or its leader has not taken it on yet
            }
            if (ready) return;
            if (System.nanoTime() > deadline) throw new TimeoutException("no leader for the partitions of " + topics);
            Thread.sleep(50);
        }
    }

    public static StageFailure unreachable(KafkaOptions options, Exception e) {
        String reason = e instanceof TimeoutException || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
            ? "no answer within " + seconds(options.connectTimeoutMs()) + " s"
            : String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        return new StageFailure("cannot reach Kafka at " + options.bootstrapServer + ": " + reason, e);
    }

    /** 15000 as "15", 1500 as "1.5". */
    static String seconds(int millis) {
        return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.valueOf(millis / 1000.0);
    }
}
