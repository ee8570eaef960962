package io.subtrack.common.kafka;

import io.subtrack.common.cli.Progress;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.json.MalformedInputException;
import io.subtrack.common.json.TableFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes every record of a table-keyed JSON file to one topic, one message per record
 * (SPEC section 5). Used by producer-raw (raw layout) and producer-processed (processed model):
 * they differ only in which tables are known and which fields make the key.
 */
public final class TablePublisher {
    /** What a run did; {@code acknowledged == read} on success. */
    public record Result(long read, long sent, long acknowledged, long failed, String firstFailure) {}

    private final Map<String, Object> producerConfig;
    private final String topic;
    private final String runId;
    private final Function<String, List<String>> keyFieldsOfTable;

    /** @param keyFieldsOfTable the key fields of a known table, or null when the table is unknown */
    public TablePublisher(Map<String, Object> producerConfig, String topic, String runId,
                          Function<String, List<String>> keyFieldsOfTable) {
        this.producerConfig = producerConfig;
        this.topic = topic;
        this.runId = runId;
        this.keyFieldsOfTable = keyFieldsOfTable;
    }

    public Result publish(Path file) throws IOException {
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
            return publish(file, producer);
        }
    }

    public Result publish(Path file, Producer<byte[], byte[]> producer) throws IOException {
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        long read = 0;
        long sent = 0;
        Map<String, org.apache.kafka.common.header.Headers> headersOfTable = new java.util.HashMap<>();
        Envelope.Encoder encoder = new Envelope.Encoder(keyFieldsOfTable);
        org.apache.kafka.clients.producer.Callback callback = (md, ex) -> {
            if (ex == null) {
                acked.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, ex.getClass().getSimpleName() + ": " + ex.getMessage());
            }
        };
        try (TableFileReader reader = new TableFileReader(file, t -> keyFieldsOfTable.apply(t) != null);
             Progress progress = new Progress("publish " + file.getFileName(), 0)) {
            while (reader.nextRecord(encoder)) {
                read++;
                // headers are the same for every record of a table and read-only once sent: shared
                org.apache.kafka.common.header.Headers headers =
                    headersOfTable.computeIfAbsent(encoder.table(), t -> Envelope.headers(t, runId));
                ProducerRecord<byte[], byte[]> msg = new ProducerRecord<>(topic, null, encoder.key(), encoder.value(), headers);
                try {
                    producer.send(msg, callback);
                } catch (org.apache.kafka.common.errors.TimeoutException ex) {
                    throw new StageFailure("cannot reach Kafka at " + producerConfig.get("bootstrap.servers")
                        + ": no answer within " + KafkaClients.CONNECT_TIMEOUT_MS / 1000 + " s (" + sent
                        + " records sent before)", ex);
                }
                sent++;
                progress.step();
            }
        } catch (MalformedInputException bad) {
            producer.flush();
            throw new StageFailure(bad.getMessage() + " (" + acked.get() + " records before it were published and acknowledged)", bad);
        } finally {
            producer.flush();
        }
        return new Result(read, sent, acked.get(), failed.get(), firstFailure.get());
    }
}
