package io.subtrack.consumer.processed;

import io.subtrack.common.kafka.PoisonMessageException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * The rows {@link ProcessedLoader} holds back because a parent is not stored yet: retried with the next batches,
 * their offsets not settled meanwhile, and dead-lettered once the consumer has read the whole topic and waited
 * {@code parentWait} more, or when the run ends.
 */
final class WaitingRows {
    private final List<ProcessedRow> rows = new ArrayList<>();
    private final long parentWaitNanos;

    WaitingRows(Duration parentWait) {
        this.parentWaitNanos = parentWait.toNanos();
    }

    void hold(ProcessedRow r) {
        rows.add(r);
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    int size() {
        return rows.size();
    }

    /** Every waiting row, no longer held: the caller loads them again, and holds back those still waiting. */
    List<ProcessedRow> takeAll() {
        List<ProcessedRow> all = new ArrayList<>(rows);
        rows.clear();
        return all;
    }

    /** Lets go of the rows held since {@link #size} was {@code mark} (a failed attempt's verdicts, made again on retry). */
    void dropSince(int mark) {
        rows.subList(mark, rows.size()).clear();
    }

    /** The consumer has read the whole topic: each waiting row's wait for its parent starts now, if it had not. */
    void startWaiting(long now) {
        for (ProcessedRow r : rows) if (r.waitingSince < 0) r.waitingSince = now;
    }

    /**
     * Dead-letters the rows that waited longer than {@code parentWait} since {@link #startWaiting}, or all of them
     * ({@code all}, at the end of the run), each with its missing parent as reason.
     */
    void expire(long now, boolean all, Function<ProcessedRow, String> missingParent,
                BiConsumer<ConsumerRecord<byte[], byte[]>, Exception> deadLetter) {
        for (Iterator<ProcessedRow> it = rows.iterator(); it.hasNext(); ) {
            ProcessedRow r = it.next();
            if (all || (r.waitingSince >= 0 && now - r.waitingSince > parentWaitNanos)) {
                String missing = missingParent.apply(r);
                deadLetter.accept(r.origin, new PoisonMessageException("parent not found"
                    + (all ? " by the end of the run" : " within " + Duration.ofNanos(parentWaitNanos).toSeconds()
                        + " s after the consumer had read the whole topic")
                    + ": " + missing));
                it.remove();
            }
        }
    }

    /** Per partition, the lowest offset still waiting: nothing from there on is settled. */
    Map<TopicPartition, Long> heldBack() {
        Map<TopicPartition, Long> held = new HashMap<>();
        for (ProcessedRow r : rows) {
            held.merge(new TopicPartition(r.origin.topic(), r.origin.partition()), r.origin.offset(), Math::min);
        }
        return held;
    }
}
