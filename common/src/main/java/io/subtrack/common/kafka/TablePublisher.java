package io.subtrack.common.kafka;

import io.subtrack.common.cli.Progress;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.json.MalformedInputException;
import io.subtrack.common.json.TableFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * Publishes every record of a table-keyed JSON file to one topic, one message per record
 * (SPEC section 5). Used by producer-raw (raw layout) and producer-processed (processed model):
 * they differ only in which tables are known and which fields make the key.
 *
 * <p>A reader thread parses the file into envelopes while the calling thread sends them: the send
 * (partitioning, appending to the batch, lz4) is the bare producer's own work, so reading beside it
 * rather than before it keeps the stage close to a producer sending pre-serialized records.
 */
public final class TablePublisher {
    /** What a run did; {@code acknowledged == read} on success. */
    public record Result(long read, long sent, long acknowledged, long failed, String firstFailure, int markers) {
        Result(long read, long sent, long acknowledged, long failed, String firstFailure) {
            this(read, sent, acknowledged, failed, firstFailure, 0);
        }

        Result withMarkers(int n) {
            return new Result(read, sent, acknowledged, failed, firstFailure, n);
        }
    }

    private static final int CHUNK = 1024;
    private static final int CHUNKS_AHEAD = 8;

    private final Map<String, Object> producerConfig;
    private final String topic;
    private final String runId;
    private final Function<String, List<String>> keyFieldsOfTable;
    /** The extract the file is (producer-raw): published in one Kafka transaction, its end marker last; null: plain sends. */
    private io.subtrack.common.extract.Extract extract;
    /** Rewrites the records of some tables before they are sent (producer-raw's field encryption); null: none. */
    private Envelope.Rewriter rewriter;

    /** @param keyFieldsOfTable the key fields of a known table, or null when the table is unknown */
    public TablePublisher(Map<String, Object> producerConfig, String topic, String runId,
                          Function<String, List<String>> keyFieldsOfTable) {
        this.producerConfig = producerConfig;
        this.topic = topic;
        this.runId = runId;
        this.keyFieldsOfTable = keyFieldsOfTable;
    }

    public Result publish(Path file) throws IOException {
        if (extract != null) return publishExtract(file);
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
            return publish(file, producer);
        }
    }

    /**
     * Publishes the file as one extract: every record (naming the extract in a header) and then an end marker on every
     * partition, in one Kafka transaction. Consumers read committed records only, so a file that fails half-way
     * (truncated, unreadable, Kafka gone) leaves nothing they would take for an extract: the transaction is aborted.
     */
    public TablePublisher extract(io.subtrack.common.extract.Extract extract) {
        this.extract = extract;
        return this;
    }

    /** Records of the tables the rewriter names are rewritten before they are sent (field encryption). */
    public TablePublisher rewriter(Envelope.Rewriter rewriter) {
        this.rewriter = rewriter;
        return this;
    }

    /** A stable transactional id per extract: a second producer of the same extract fences the first (a zombie). */
    private Result publishExtract(Path file) throws IOException {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTIONAL_ID_CONFIG, "subtrack-extract-" + extract.id());
        // a day's extract is one transaction: up to 15 minutes, the broker's default transaction.max.timeout.ms
        config.put(org.apache.kafka.clients.producer.ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 900_000);
        try (Producer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            try {
                producer.initTransactions();
            } catch (org.apache.kafka.common.errors.TimeoutException ex) {
                throw new StageFailure("cannot reach Kafka at " + producerConfig.get("bootstrap.servers") + ": " + noAnswer(), ex);
            }
            producer.beginTransaction();
            Result r;
            try {
                r = publish(file, producer);
                if (r.failed() > 0 || r.acknowledged() != r.read()) {
                    producer.abortTransaction();
                    return r;
                }
                int partitions = producer.partitionsFor(topic).size();
                io.subtrack.common.extract.Extract marked = new io.subtrack.common.extract.Extract(extract.id(), extract.date(),
                    extract.mode(), r.read(), partitions, extract.sourceFile());
                for (int p = 0; p < partitions; p++) {
                    producer.send(new ProducerRecord<>(topic, p, ExtractMarker.key(marked), ExtractMarker.value(marked),
                        ExtractMarker.headers(marked)));
                }
                producer.commitTransaction();
                r = r.withMarkers(partitions);
            } catch (IOException | RuntimeException e) {
                try {
                    producer.abortTransaction();
                } catch (RuntimeException abort) {
                    e.addSuppressed(abort);
                }
                String why = e instanceof StageFailure ? e.getMessage().replaceAll(" \\(\\d+ records before it were published and acknowledged\\)", "")
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
                throw new StageFailure(why + "; nothing of extract " + extract.id() + " was published (its Kafka transaction was aborted)", e);
            }
            return r;
        }
    }

    /** Up to CHUNK records read ahead; {@code size < CHUNK} or {@code failure != null} ends the file. */
    private static final class Chunk {
        final ProducerRecord<byte[], byte[]>[] records;
        int size;
        Throwable failure;

        @SuppressWarnings("unchecked")
        Chunk() {
            records = new ProducerRecord[CHUNK];
        }

        boolean last() {
            return size < CHUNK || failure != null;
        }
    }

    public Result publish(Path file, Producer<byte[], byte[]> producer) throws IOException {
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        Callback callback = (md, ex) -> {
            if (ex == null) {
                acked.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, ex.getClass().getSimpleName() + ": " + ex.getMessage());
            }
        };
        long sent = 0;
        BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(CHUNKS_AHEAD);
        TableFileReader reader = new TableFileReader(file, t -> keyFieldsOfTable.apply(t) != null);
        Thread readAhead = new Thread(() -> readInto(reader, queue), "read-ahead " + file.getFileName());
        readAhead.setDaemon(true);
        readAhead.start();
        try (reader; Progress progress = new Progress("publish " + file.getFileName(), 0)) {
            sending:
            for (Chunk chunk; ; ) {
                chunk = queue.take();
                for (int i = 0; i < chunk.size; i++) {
                    // a record Kafka refused (the broker gone: each further send would wait max.block.ms
                    // for metadata and fail too): stop here, let what is in flight settle, report
                    if (failed.get() > 0) break sending;
                    try {
                        producer.send(chunk.records[i], callback);
                    } catch (org.apache.kafka.common.errors.TimeoutException ex) {
                        throw new StageFailure("cannot reach Kafka at " + producerConfig.get("bootstrap.servers")
                            + ": " + noAnswer() + " (" + sent
                            + " records sent before)", ex);
                    }
                    sent++;
                    progress.step();
                }
                if (chunk.failure instanceof MalformedInputException bad) {
                    producer.flush();
                    throw new StageFailure(bad.getMessage() + " (" + acked.get()
                        + " records before it were published and acknowledged)", bad);
                }
                if (chunk.failure instanceof IOException io) throw io;
                if (chunk.failure instanceof RuntimeException re) throw re;
                if (chunk.failure instanceof Error err) throw err;
                if (chunk.last()) break;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageFailure("interrupted after " + sent + " records were sent", e);
        } finally {
            readAhead.interrupt(); // when sending stopped early, the reader may wait on a full queue
            producer.flush();
        }
        return new Result(sent, sent, acked.get(), failed.get(), firstFailure.get());
    }

    /** How a run that stopped early is told: what was acknowledged, so a user knows what is safe in the topic. */
    static String stoppedEarly(Result r) {
        return r.failed() + " of " + r.sent() + " records sent were not acknowledged by Kafka; " + r.acknowledged()
            + " were acknowledged, and sending stopped there: publish the file again once Kafka is back"
            + " (the raw tables store a record published twice once)";
    }

    /** The reader thread: the file's records as envelopes, in file order, then an end or a failure. */
    private void readInto(TableFileReader reader, BlockingQueue<Chunk> queue) {
        Envelope.Encoder encoder = new Envelope.Encoder(keyFieldsOfTable, rewriter);
        // headers are the same for every record of a table and read-only once sent: shared
        Map<String, Headers> headersOfTable = new HashMap<>();
        try {
            Chunk chunk = new Chunk();
            try {
                while (reader.nextRecord(encoder)) {
                    Headers headers = headersOfTable.computeIfAbsent(encoder.table(), t -> {
                        Headers h = Envelope.headers(t, runId);
                        if (extract != null) h.add(ExtractMarker.HEADER_EXTRACT_ID, extract.id().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                        return h;
                    });
                    chunk.records[chunk.size++] = new ProducerRecord<>(topic, null, encoder.key(), encoder.value(), headers);
                    if (chunk.size == CHUNK) {
                        queue.put(chunk);
                        chunk = new Chunk();
                    }
                }
            } catch (Throwable e) { // handed to the sending thread, which reports it
                chunk.failure = e;
            }
            queue.put(chunk);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the sender gave up; nobody is waiting for more
        }
    }

    /** The connect timeout this producer was given (max.block.ms), as the failure names it. */
    private String noAnswer() {
        Object ms = producerConfig.get(org.apache.kafka.clients.producer.ProducerConfig.MAX_BLOCK_MS_CONFIG);
        int millis = ms == null ? KafkaClients.CONNECT_TIMEOUT_MS : Integer.parseInt(ms.toString());
        return "no answer within " + KafkaClients.seconds(millis) + " s";
    }
}
