package io.subtrack.common.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;

/**
 * Sends a message that can never be loaded to the dead-letter topic: original key, value and
 * headers, plus headers saying where it came from and why it failed.
 */
public final class DeadLetters {
    public static final String ORIGIN_TOPIC = "error.origin.topic";
    public static final String ORIGIN_PARTITION = "error.origin.partition";
    public static final String ORIGIN_OFFSET = "error.origin.offset";
    public static final String ERROR_CLASS = "error.class";
    public static final String ERROR_MESSAGE = "error.message";
    public static final String ERROR_STAGE = "error.stage";

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String stage;

    public DeadLetters(Producer<byte[], byte[]> producer, String topic, String stage) {
        this.producer = producer;
        this.topic = topic;
        this.stage = stage;
    }

    /** Sends and waits for the acknowledgement, so the origin offset is only committed once the letter is safe. */
    public RecordMetadata send(ConsumerRecord<byte[], byte[]> origin, Throwable error) {
        ProducerRecord<byte[], byte[]> r = new ProducerRecord<>(topic, null, origin.key(), origin.value());
        Headers h = r.headers();
        for (Header header : origin.headers()) h.add(header);
        put(h, ORIGIN_TOPIC, origin.topic());
        put(h, ORIGIN_PARTITION, String.valueOf(origin.partition()));
        put(h, ORIGIN_OFFSET, String.valueOf(origin.offset()));
        put(h, ERROR_CLASS, error.getClass().getName());
        put(h, ERROR_MESSAGE, reason(error));
        put(h, ERROR_STAGE, stage);
        try {
            return producer.send(r).get();
        } catch (Exception e) {
            throw new IllegalStateException("could not dead-letter " + origin.topic() + "-" + origin.partition()
                + "@" + origin.offset() + " to " + topic + ": " + e.getMessage(), e);
        }
    }

    /** The message and its causes' messages, first lines only: the database's reason is often a cause. */
    static String reason(Throwable error) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            String m = String.valueOf(t.getMessage()).split("\n")[0];
            if (sb.indexOf(m) < 0) sb.append(sb.length() == 0 ? "" : " | caused by: ").append(m);
        }
        return sb.toString();
    }

    private static void put(Headers h, String key, String value) {
        h.remove(key);
        h.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
