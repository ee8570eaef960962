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
    /** How long an unreachable broker may keep a program waiting before it gives up. */
    public static final int CONNECT_TIMEOUT_MS = 15_000;

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
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, CONNECT_TIMEOUT_MS);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        c.putAll(options.clientConfig());
        return c;
    }

    /** Manual commits (after the database transaction), earliest offset for a new group. */
    public static Map<String, Object> consumerConfig(KafkaOptions options, String groupId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        c.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        c.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 8 * 1024 * 1024);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.putAll(options.clientConfig());
        return c;
    }

    public static Map<String, Object> adminConfig(KafkaOptions options) {
        Map<String, Object> c = new HashMap<>(options.clientConfig());
        c.putIfAbsent("request.timeout.ms", CONNECT_TIMEOUT_MS);
        c.putIfAbsent("default.api.timeout.ms", CONNECT_TIMEOUT_MS);
        return c;
    }

    /**
     * Creates the topics that are absent, with the given partitions, and returns; a topic that
     * exists is left as it is. An unreachable broker fails within {@link #CONNECT_TIMEOUT_MS}.
     */
    public static void ensureTopics(KafkaOptions options, Collection<String> topics, int partitions) {
        try (Admin admin = Admin.create(adminConfig(options))) {
            Set<String> existing = admin.listTopics().names().get(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String t : topics) {
                if (!existing.contains(t)) missing.add(new NewTopic(t, partitions, (short) -1));
            }
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) throw e;
                }
                awaitLeaders(admin, missing.stream().map(NewTopic::name).toList());
            }
        } catch (TimeoutException | ExecutionException e) {
            throw unreachable(options, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageFailure("interrupted while creating topics");
        }
    }

    /**
     * Waits until every partition of freshly created topics has a leader. A producer that sends in
     * the moment between creation and leader election gets NotLeaderOrFollower, and its idempotent
     * retry can then be refused as OutOfOrderSequence (seen in RawPathIT once the producer got fast).
     */
    private static void awaitLeaders(Admin admin, List<String> topics) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CONNECT_TIMEOUT_MS);
        while (true) {
            boolean ready = true;
            try {
                for (org.apache.kafka.clients.admin.TopicDescription d
                    : admin.describeTopics(topics).allTopicNames().get(CONNECT_TIMEOUT_MS, TimeUnit.MILLISECONDS).values()) {
                    for (org.apache.kafka.common.TopicPartitionInfo p : d.partitions()) {
                        if (p.leader() == null || p.leader().isEmpty()) ready = false;
                    }
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.UnknownTopicOrPartitionException)) throw e;
                ready = false; // created, not yet in the metadata
            }
            if (ready) return;
            if (System.nanoTime() > deadline) throw new TimeoutException("no leader for the partitions of " + topics);
            Thread.sleep(50);
        }
    }

    public static StageFailure unreachable(KafkaOptions options, Exception e) {
        String reason = e instanceof TimeoutException || e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException
            ? "no answer within " + CONNECT_TIMEOUT_MS / 1000 + " s"
            : String.valueOf(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
        return new StageFailure("cannot reach Kafka at " + options.bootstrapServer + ": " + reason, e);
    }
}
