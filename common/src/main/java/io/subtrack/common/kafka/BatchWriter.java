package io.subtrack.common.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * What a {@link ConsumerLoop} hands its batches to: a loader that writes them to the database with
 * the offsets they cover, and answers for what the database holds.
 */
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

    /**
     * The consumer's position on these partitions has moved past offsets that hold no record for it (a
     * transaction's commit or abort marker, an aborted transaction's records: read_committed skips them), with
     * every record before it handed to this writer: store the positions as loaded, so that a partition read to its
     * end counts as loaded to its end.
     */
    default void skipTo(Map<TopicPartition, Long> positions) throws Exception {}

    /** Rows written to the database so far. */
    long loaded();

    /** Messages sent to the dead-letter topic so far. */
    long deadLettered();

    /** Facts for the summary: rows per table, messages skipped, ... */
    Map<String, Long> details();

    @Override
    default void close() throws Exception {}
}
