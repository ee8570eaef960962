package io.subtrack.common.kafka;

import io.subtrack.common.cli.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop both consumer stages share. Each polled batch goes to a {@link BatchWriter}, which
 * loads it in one database transaction; only after it returns are the offsets committed, so a
 * crash re-delivers at most the batch in flight. Stops after N messages, after an idle period, or
 * on SIGTERM/Ctrl-C (the batch in flight is finished and committed first).
 */
public final class ConsumerLoop {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);

    public interface BatchWriter extends AutoCloseable {
        /** Loads a batch. Returns, per partition, the lowest offset it is still holding back (not yet loaded), if any. */
        Map<TopicPartition, Long> write(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception;

        /**
         * Partitions were assigned to this consumer. Returns where to start reading them: the
         * positions the database holds as loaded, which win over Kafka's committed offsets (a
         * partition absent from the map starts at its committed offset; the loaders give 0 for a
         * partition their database holds nothing of, and an offset before the log's start is reset
         * to its beginning).
         */
        default Map<TopicPartition, Long> onAssigned(Collection<TopicPartition> partitions) throws Exception {
            return Map.of();
        }

        /**
         * The consumer has read everything its partitions held (a poll came back empty, or every
         * partition's lag is 0 after a batch). What this settles is committed with the next batch or at the end.
         */
        default void caughtUp() throws Exception {}

        /** The loop is stopping: settle whatever is held back. Returns offsets still held back, if any. */
        default Map<TopicPartition, Long> drain() throws Exception {
            return Map.of();
        }

        /**
         * Per partition, the next offset the database holds as loaded (the offsets stored with the
         * rows); a partition it holds nothing of is absent. Read from the database, after any load
         * still in flight has finished, for every partition asked, not just the assigned ones.
         */
        default Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws Exception {
            return Map.of();
        }

        /** Rows written to the database so far. */
        long loaded();

        /** Messages sent to the dead-letter topic so far. */
        long deadLettered();

        /** Facts for the summary: rows per table, messages skipped, ... */
        Map<String, Long> details();

        @Override
        default void close() throws Exception {}
    }

    private final Consumer<byte[], byte[]> consumer;
    private final BatchWriter writer;
    private final long maxMessages;
    private final Duration idleTimeout;
    private volatile boolean running = true;
    private final CountDownLatch finished = new CountDownLatch(1);
    private long consumed;
    private long lastData;
    /** Per partition, the offset after the last record handed to the writer. */
    private final Map<TopicPartition, Long> writtenUpTo = new HashMap<>();

    public ConsumerLoop(Consumer<byte[], byte[]> consumer, BatchWriter writer, long maxMessages, Duration idleTimeout) {
        this.consumer = consumer;
        this.writer = writer;
        this.maxMessages = maxMessages;
        this.idleTimeout = idleTimeout;
    }

    /** Asks the loop to stop after the batch in flight, and waits until it has. */
    public void stopAndWait() {
        running = false;
        consumer.wakeup();
        try {
            finished.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs until a stop condition; returns the number of messages consumed. */
    public long run(Collection<String> topics) throws Exception {
        try (Progress progress = new Progress("consume", 0)) {
            consumer.subscribe(topics, new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {}

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    log.info("assigned partitions {}", partitions);
                    // a rebalance is not idleness: the idle clock starts again from here
                    lastData = System.nanoTime();
                    try {
                        writer.onAssigned(partitions).forEach(consumer::seek);
                    } catch (Exception e) {
                        throw new IllegalStateException("could not prepare assigned partitions " + partitions, e);
                    }
                }
            });
            lastData = System.nanoTime();
            while (running) {
                ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = consumer.poll(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    break;
                }
                if (polled.isEmpty()) {
                    if (!consumer.assignment().isEmpty()) writer.caughtUp();
                    // while the group has not given us partitions yet (a member just died, say), we are not idle
                    if (idleTimeout != null && !consumer.assignment().isEmpty()
                        && System.nanoTime() - lastData > idleTimeout.toNanos()) {
                        log.info("no message for {}; stopping", idleTimeout);
                        break;
                    }
                    continue;
                }
                lastData = System.nanoTime();
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(polled.count());
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    // past --max-messages: left uncommitted, so the next run reads them
                    if (maxMessages <= 0 || consumed + batch.size() < maxMessages) batch.add(r);
                }
                Map<TopicPartition, Long> heldBack = writer.write(batch);
                consumed += batch.size();
                progress.stepBy(batch.size());
                commit(batch, heldBack);
                if (!heldBack.isEmpty() && readEverything()) writer.caughtUp();
                if (maxMessages > 0 && consumed >= maxMessages) {
                    log.info("consumed {} messages; stopping", consumed);
                    break;
                }
            }
            Map<TopicPartition, Long> heldBack = writer.drain();
            if (heldBack.isEmpty()) {
                // what was held back has been settled: commit up to the last record handed to the writer
                Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                writtenUpTo.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next)));
                if (!offsets.isEmpty()) consumer.commitSync(offsets);
            }
            return consumed;
        } finally {
            try {
                consumer.close();
            } finally {
                finished.countDown();
            }
        }
    }

    /** Every assigned partition is read to its end, as far as the last fetch knew (no network call). */
    private boolean readEverything() {
        for (TopicPartition tp : consumer.assignment()) {
            java.util.OptionalLong lag = consumer.currentLag(tp);
            if (lag.isEmpty() || lag.getAsLong() > 0) return false;
        }
        return true;
    }

    private void commit(List<ConsumerRecord<byte[], byte[]>> batch, Map<TopicPartition, Long> heldBack) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            long next = r.offset() + 1;
            writtenUpTo.merge(tp, next, Math::max);
            Long hold = heldBack.get(tp);
            if (hold != null) next = Math.min(next, hold);
            OffsetAndMetadata cur = offsets.get(tp);
            if (cur == null || cur.offset() < next) offsets.put(tp, new OffsetAndMetadata(next));
        }
        for (Map.Entry<TopicPartition, Long> e : heldBack.entrySet()) {
            offsets.computeIfPresent(e.getKey(), (tp, o) -> o.offset() > e.getValue() ? new OffsetAndMetadata(e.getValue()) : o);
        }
        if (!offsets.isEmpty()) consumer.commitSync(offsets);
    }
}
