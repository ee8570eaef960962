package io.subtrack.common.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The offsets {@link ConsumerLoop} commits to Kafka: after each batch the writer loaded, up to its last
 * record except where the writer holds records back (not yet in the database), and when the run ends
 * with nothing held back, up to the last record handed to the writer.
 */
final class OffsetCommits {
    private static final Logger log = LoggerFactory.getLogger(OffsetCommits.class);

    private final Consumer<byte[], byte[]> consumer;
    /** Per partition, the offset after the last record handed to the writer. */
    private final Map<TopicPartition, Long> writtenUpTo = new HashMap<>();

    OffsetCommits(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** After {@link BatchWriter#write} returned {@code heldBack} for {@code batch}: a partition's offset stops at what it holds back. */
    void afterBatch(List<ConsumerRecord<byte[], byte[]>> batch, Map<TopicPartition, Long> heldBack) {
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
        if (!offsets.isEmpty()) commitQuietly(offsets);
    }

    /** Once what was held back has been settled ({@link BatchWriter#drain}): up to the last record handed to the writer. */
    void upToTheLastWritten() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        writtenUpTo.forEach((tp, next) -> offsets.put(tp, new OffsetAndMetadata(next)));
        if (offsets.isEmpty()) return;
        try {
            commitQuietly(offsets);
        } catch (WakeupException once) {
            commitQuietly(offsets); // a stop request's wakeup fires once
        }
    }

    /**
     * Commits, unless the group is rebalancing (another member joined or left in the meantime): Kafka's
     * committed offsets are advisory here, as each owner starts where the database says
     * ({@link BatchWriter#onAssigned}), so a commit refused for a rebalance loses nothing.
     */
    private void commitQuietly(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            log.info("offset commit skipped ({}); the database's stored offsets say where the partitions' next owner starts",
                e.getClass().getSimpleName());
        }
    }
}
