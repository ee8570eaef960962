package io.subtrack.common.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the database holds the subscribed topics as loaded: per partition of every topic (all of
 * them, not only this member's), the broker's end offset minus the next offset the database holds
 * as loaded ({@link BatchWriter#storedOffsets}). {@link ConsumerLoop} stops an idle run on it and
 * reports it; it asks on the consumer's own thread, between polls.
 */
final class TopicLag {
    private static final Logger log = LoggerFactory.getLogger(TopicLag.class);

    /** Longest a measure may wait for the broker (metadata, offsets) before the lag counts as unknown. */
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(5);

    private final Consumer<byte[], byte[]> consumer;
    private final BatchWriter writer;
    private final List<String> topics;

    TopicLag(Consumer<byte[], byte[]> consumer, BatchWriter writer, List<String> topics) {
        this.consumer = consumer;
        this.writer = writer;
        this.topics = List.copyOf(topics);
    }

    static long total(Map<TopicPartition, Long> lag) {
        long n = 0;
        for (long v : lag.values()) n += v;
        return n;
    }

    /** {@code p0=0 p1=12 p2=0}, partitions in order (one topic: by number; several: topic-number). */
    static String describe(Map<TopicPartition, Long> lag) {
        if (lag == null) return "unknown";
        boolean oneTopic = lag.keySet().stream().map(TopicPartition::topic).distinct().count() <= 1;
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<TopicPartition, Long> e : sorted(lag)) {
            if (sb.length() > 0) sb.append(' ');
            sb.append(oneTopic ? "p" + e.getKey().partition() : e.getKey().toString()).append('=').append(e.getValue());
        }
        return sb.toString();
    }

    /**
     * Lag of one partition: records from the later of the stored offset and the log's start up to
     * its end (a partition the database holds nothing of lags by everything the log holds).
     */
    static long lag(long end, long beginning, Long stored) {
        long from = Math.max(beginning, stored == null ? beginning : stored);
        return Math.max(0, end - from);
    }

    private static List<Map.Entry<TopicPartition, Long>> sorted(Map<TopicPartition, Long> lag) {
        List<Map.Entry<TopicPartition, Long>> l = new ArrayList<>(lag.entrySet());
        l.sort(java.util.Comparator.comparing((Map.Entry<TopicPartition, Long> e) -> e.getKey().topic())
            .thenComparingInt(e -> e.getKey().partition()));
        return l;
    }

    /** Which partitions lag, and whether this member holds them. */
    String whereLeft(Map<TopicPartition, Long> lag) {
        if (lag == null) return "the broker or the database did not answer";
        List<String> mine = new ArrayList<>();
        List<String> elsewhere = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : sorted(lag)) {
            if (e.getValue() == 0) continue;
            String s = "p" + e.getKey().partition() + "=" + e.getValue();
            (consumer.assignment().contains(e.getKey()) ? mine : elsewhere).add(s);
        }
        List<String> parts = new ArrayList<>();
        if (!elsewhere.isEmpty()) parts.add(String.join(" ", elsewhere) + " not assigned to this member");
        if (!mine.isEmpty()) parts.add(String.join(" ", mine) + " assigned here, not yet settled");
        return String.join("; ", parts);
    }

    /**
     * The lag of an idle member (its last poll came back empty): where it lags on a partition it holds
     * whose position is past the stored offset, it stores its position first ({@link #skipPastMarkers}),
     * so that a topic published in transactions counts as loaded to its end.
     */
    Map<TopicPartition, Long> measureIdle(Map<TopicPartition, Long> stored) {
        Map<TopicPartition, Long> lag = measure(stored);
        if (lag != null && total(lag) > 0 && skipPastMarkers(lag, stored)) {
            stored.clear();
            lag = measure(stored);
        }
        return lag;
    }

    /**
     * A transaction ends with a marker that takes an offset but is never delivered, so a partition read to its end
     * can stay one offset (or an aborted transaction's records) short of its end in the database. Where this member
     * holds a lagging partition and its position is past the stored offset (an idle member has handed every record
     * before its position to the writer), the position is stored as loaded. True when something was stored.
     */
    private boolean skipPastMarkers(Map<TopicPartition, Long> lag, Map<TopicPartition, Long> stored) {
        Map<TopicPartition, Long> passed = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            Long behind = lag.get(tp);
            if (behind == null || behind == 0) continue;
            long position = consumer.position(tp, CHECK_TIMEOUT);
            Long at = stored.get(tp);
            if (at == null || position > at) passed.put(tp, position);
        }
        if (passed.isEmpty()) return false;
        try {
            writer.skipTo(passed);
        } catch (Exception e) {
            log.warn("could not store the positions past transaction markers of {}: {}", passed.keySet(), e.toString());
            return false;
        }
        return true;
    }

    /**
     * Per partition of every subscribed topic: end offset minus stored offset; fills {@code storedOut}
     * with the stored offsets. Costs a metadata look-up and two offset requests to the broker, and the
     * stored offsets read through the writer, which waits for the load in flight first. Null when the
     * broker or the database did not answer; a wakeup (a stop request) goes to the caller.
     */
    Map<TopicPartition, Long> measure(Map<TopicPartition, Long> storedOut) {
        try {
            List<TopicPartition> all = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, CHECK_TIMEOUT);
                if (infos == null) continue;
                for (PartitionInfo pi : infos) all.add(new TopicPartition(pi.topic(), pi.partition()));
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(all, CHECK_TIMEOUT);
            Map<TopicPartition, Long> beginning = consumer.beginningOffsets(all, CHECK_TIMEOUT);
            Map<TopicPartition, Long> stored = writer.storedOffsets(all);
            storedOut.putAll(stored);
            Map<TopicPartition, Long> lag = new HashMap<>();
            for (TopicPartition tp : all) {
                lag.put(tp, lag(end.getOrDefault(tp, 0L), beginning.getOrDefault(tp, 0L), stored.get(tp)));
            }
            return lag;
        } catch (WakeupException e) {
            throw e;
        } catch (Exception e) {
            log.warn("could not measure how far {} is loaded: {}", topics, e.toString());
            return null;
        }
    }
}
