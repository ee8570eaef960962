package io.subtrack.state;

import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.kafka.KafkaClients;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The Kafka clients of bin/stage-state, from the shared options (--bootstrap-server, --command-config, -X). */
final class StateClients {
    private StateClients() {}

    /**
     * A consumer that belongs to no group: it only asks for offsets (beginning, end, by time). read_committed as the
     * loaders: their end of a partition is its last stable offset.
     */
    static KafkaConsumer<byte[], byte[]> offsetReader(KafkaOptions kafka) {
        Map<String, Object> c = base(kafka);
        c.remove(ConsumerConfig.GROUP_ID_CONFIG);
        c.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        return new KafkaConsumer<>(c);
    }

    /** The dead-letter replayer's consumer: its own group, manual assignment, commits inside the replay's transaction. */
    static Map<String, Object> replayConsumerConfig(KafkaOptions kafka, String group) {
        Map<String, Object> c = base(kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        return c;
    }

    /**
     * Transactional: the replayed messages and the replay group's offsets commit together, so a replay that fails
     * half-way replays nothing (the loaders read read_committed) and is done again whole by the next run; the
     * transactional id is the group's, so a second replayer of the same group fences the first.
     */
    static Map<String, Object> replayProducerConfig(KafkaOptions kafka, String group) {
        Map<String, Object> c = KafkaClients.producerConfig(kafka);
        c.putIfAbsent(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "stage-state-replay-" + group);
        return c;
    }

    private static Map<String, Object> base(KafkaOptions kafka) {
        Map<String, Object> c = new HashMap<>(KafkaClients.consumerConfig(kafka, "stage-state"));
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        c.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, KafkaClients.CONNECT_TIMEOUT_MS);
        c.putIfAbsent(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, KafkaClients.CONNECT_TIMEOUT_MS);
        return c;
    }
}
