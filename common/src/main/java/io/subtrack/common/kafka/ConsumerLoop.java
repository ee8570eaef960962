package io.subtrack.common.kafka;

import io.subtrack.common.cli.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The poll loop both consumer stages share. Each polled batch goes to a {@link BatchWriter}, which
 * loads it in one database transaction; only after it returns are the offsets committed, so a
 * crash re-delivers at most the batch in flight. Stops after N messages, on SIGTERM/Ctrl-C (the
 * batch in flight is finished and committed first), or, with an idle timeout, once no message came
 * for that long <em>and</em> the database holds every partition of the topic (all of them, not only
 * this member's) as loaded up to its end offset; if that does not happen within the max wait
 * without progress, it stops anyway and says what is left ({@link #recordsLeft()}).
 * On a clean stop the consumer leaves the group, static member or not, so its partitions go to the
 * remaining members at once (docs/consumer-groups.md). {@link TopicLag} measures how far the
 * database holds the topic loaded; {@link OffsetCommits} commits the offsets.
 */
public final class ConsumerLoop {
    private static final Logger log = LoggerFactory.getLogger(ConsumerLoop.class);

    /**
     * Told, on the consumer's thread, what the loop does: how each batch went to the writer, and the
     * lag of the topic whenever it was measured. The live metrics ({@code --metrics-port}) are one.
     */
    public interface Listener {
        /** {@code records} went to {@link BatchWriter#write}, which took {@code nanos} to return. */
        default void batchWritten(int records, long nanos) {}

        /** The lag of every partition of the topic, as {@link #lagAtExit()} measures it, was measured now. */
        default void lagMeasured(Map<TopicPartition, Long> lag) {}
    }

    /** Why a run ended. */
    public enum Stop {
        /** --max-messages reached. */
        MAX_MESSAGES,
        /** Idle, and every partition of the topic loaded to its end offset. */
        TOPIC_LOADED,
        /** Idle with records left unread, and no progress anywhere in the topic for the max wait. */
        MAX_WAIT,
        /** SIGTERM, Ctrl-C, {@link #stopAndWait()}. */
        REQUESTED
    }

    /** How often an idle loop asks the broker and the database how far the topic is loaded. */
    static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final Consumer<byte[], byte[]> consumer;
    private final BatchWriter writer;
    private final long maxMessages;
    private final Duration idleTimeout;
    private final Duration maxWait;
    private volatile boolean running = true;
    private final CountDownLatch finished = new CountDownLatch(1);
    private long consumed;
    private long lastData;
    private final OffsetCommits commits;
    private List<String> topics = List.of();
    private TopicLag topicLag;
    private Stop stop = Stop.REQUESTED;
    /** The lag of every partition of the topic as last measured (null: never, or the last measure failed). */
    private Map<TopicPartition, Long> lastLag;
    private Map<TopicPartition, Long> lagAtExit;
    private long lastCheck;
    private long lastProgress;
    private long lastStoredSum = -1;
    private boolean announcedWaiting;
    /** Idle, with records of the topic left that this member is waiting for others (or the group) to load. */
    private volatile boolean waitingForTopic;
    private Listener listener;
    /** With a listener: how often the lag is measured for it, busy or idle (null: only when the idle check measures it). */
    private Duration lagEvery;
    /** When the lag was last measured (System.nanoTime), 0 for never. */
    private long lastLagMeasure;

    public ConsumerLoop(Consumer<byte[], byte[]> consumer, BatchWriter writer, long maxMessages, Duration idleTimeout) {
        this(consumer, writer, maxMessages, idleTimeout, io.subtrack.common.config.ConsumerOptions.DEFAULT_MAX_WAIT);
    }

    /**
     * @param idleTimeout null: no idle stop
     * @param maxWait     with an idle timeout: how long the loop waits without progress anywhere in the
     *                    topic (no record for this member, no partition's stored offset advancing, no
     *                    new assignment) while records are left unread, before it stops with them left
     */
    public ConsumerLoop(Consumer<byte[], byte[]> consumer, BatchWriter writer, long maxMessages, Duration idleTimeout,
                        Duration maxWait) {
        this.consumer = consumer;
        this.commits = new OffsetCommits(consumer);
        this.writer = writer;
        this.maxMessages = maxMessages;
        this.idleTimeout = idleTimeout;
        this.maxWait = maxWait;
    }

    /**
     * Tells {@code listener} about every batch and every measure of the lag, and measures the lag for it
     * at the start, then at least every {@code lagEvery} (null: only when the idle check does), on the
     * consumer's own thread between polls: the consumer is not shared with another thread, and the
     * stored offsets are read through the writer, after the load in flight, as for --idle-timeout.
     * Set before {@link #run}.
     */
    public ConsumerLoop listener(Listener listener, Duration lagEvery) {
        if (lagEvery != null && (lagEvery.isZero() || lagEvery.isNegative())) {
            throw new IllegalArgumentException("lagEvery must be positive: " + lagEvery);
        }
        this.listener = listener;
        this.lagEvery = lagEvery;
        return this;
    }

    /** Idle, with records of the topic left that it waits for (held by other members, or not assigned yet). */
    public boolean waitingForTopic() {
        return waitingForTopic;
    }

    /** Why the run ended. */
    public Stop stop() {
        return stop;
    }

    /**
     * Per partition of the topic, the records the database did not hold as loaded when the run
     * ended: end offset minus stored offset (null: unknown, the broker or database did not answer).
     */
    public Map<TopicPartition, Long> lagAtExit() {
        return lagAtExit != null ? lagAtExit : lastLag;
    }

    /**
     * The records a scripted (idle-timeout) run leaves unread: 0 when it stopped because the whole
     * topic was loaded; -1 if unknown. Runs without an idle timeout, or stopped on request or by
     * --max-messages, never count as leaving records (0).
     */
    public long recordsLeft() {
        if (idleTimeout == null || (stop != Stop.TOPIC_LOADED && stop != Stop.MAX_WAIT)) return 0;
        Map<TopicPartition, Long> lag = lagAtExit();
        if (lag == null) return stop == Stop.MAX_WAIT ? -1 : 0;
        return total(lag);
    }

    static long total(Map<TopicPartition, Long> lag) {
        return TopicLag.total(lag);
    }

    /** {@code p0=0 p1=12 p2=0}, partitions in order (one topic: by number; several: topic-number). */
    public static String describe(Map<TopicPartition, Long> lag) {
        return TopicLag.describe(lag);
    }

    /** Lag of one partition ({@link TopicLag#lag}). */
    static long lag(long end, long beginning, Long stored) {
        return TopicLag.lag(end, beginning, stored);
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
        this.topics = List.copyOf(topics);
        this.topicLag = new TopicLag(consumer, writer, this.topics);
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
            lastProgress = lastData;
            if (lagEvery != null) {
                try {
                    measureLagForListener(); // where the run starts from, before anything is loaded
                } catch (WakeupException e) {
                    running = false;
                }
            }
            while (running) {
                logFirstLoad();
                ConsumerRecords<byte[], byte[]> polled;
                try {
                    polled = consumer.poll(Duration.ofMillis(500));
                } catch (WakeupException e) {
                    break;
                }
                if (polled.isEmpty()) {
                    if (!consumer.assignment().isEmpty()) writer.caughtUp();
                    // idle: stop only once the database holds the whole topic as loaded; until then (partitions
                    // held by members that died, or not yet assigned to anyone) wait, at most maxWait without progress
                    if (idleTimeout != null && System.nanoTime() - lastData > idleTimeout.toNanos()) {
                        try {
                            Stop idleStop = checkTopic();
                            if (idleStop != null) {
                                stop = idleStop;
                                break;
                            }
                        } catch (WakeupException e) {
                            break;
                        }
                    }
                    // the listener's measure, unless the idle check just took one
                    if (lagDue()) {
                        try {
                            lagMeasured(topicLag.measureIdle(new HashMap<>()));
                        } catch (WakeupException e) {
                            break;
                        }
                    }
                    continue;
                }
                lastData = System.nanoTime();
                announcedWaiting = false;
                waitingForTopic = false;
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(polled.count());
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    // past --max-messages: left uncommitted, so the next run reads them
                    if (maxMessages <= 0 || consumed + batch.size() < maxMessages) batch.add(r);
                }
                long writing = System.nanoTime();
                Map<TopicPartition, Long> heldBack = writer.write(batch);
                if (listener != null) listener.batchWritten(batch.size(), System.nanoTime() - writing);
                consumed += batch.size();
                progress.stepBy(batch.size());
                try {
                    commits.afterBatch(batch, heldBack);
                } catch (WakeupException stopping) {
                    break; // what the batch loaded is in the database; the final commit below covers it
                }
                if (!heldBack.isEmpty() && readEverything()) writer.caughtUp();
                if (maxMessages > 0 && consumed >= maxMessages) {
                    log.info("consumed {} messages; stopping", consumed);
                    stop = Stop.MAX_MESSAGES;
                    break;
                }
                if (lagDue()) {
                    try {
                        measureLagForListener();
                    } catch (WakeupException e) {
                        break;
                    }
                }
            }
            if (writer.drain().isEmpty()) commits.upToTheLastWritten();
            lagAtExit = measureLagAtExit();
            lagMeasured(lagAtExit);
            return consumed;
        } finally {
            try {
                // leave the group even as a static member: a run that ends gives its partitions to the
                // remaining members now, not after the session timeout (a killed one never gets here)
                consumer.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
            } finally {
                finished.countDown();
            }
        }
    }

    /**
     * The idle loop's check, at most every {@link #CHECK_EVERY}: TOPIC_LOADED if the database holds
     * every partition as loaded to its end; MAX_WAIT if records are left and nothing progressed for
     * the max wait; null to keep waiting.
     */
    private Stop checkTopic() {
        long now = System.nanoTime();
        if (lastCheck != 0 && now - lastCheck < CHECK_EVERY.toNanos()) return null;
        lastCheck = now;
        Map<TopicPartition, Long> stored = new HashMap<>();
        Map<TopicPartition, Long> lag = topicLag.measureIdle(stored);
        lastLag = lag;
        lagMeasured(lag);
        if (lag != null) {
            long storedSum = 0;
            for (long v : stored.values()) storedSum += v;
            if (lastStoredSum >= 0 && storedSum != lastStoredSum) {
                lastProgress = now; // another member (or this one, settling held-back rows) loaded more
                announcedWaiting = false;
            }
            lastStoredSum = storedSum;
            if (total(lag) == 0) {
                log.info("no message for {} and every partition of {} is loaded to its end ({}); stopping",
                    idleTimeout, topics, describe(lag));
                return Stop.TOPIC_LOADED;
            }
        }
        long since = Math.max(lastData, lastProgress);
        if (now - since > maxWait.toNanos()) {
            log.warn("stopping with records of {} left unread: {} ({}); nothing progressed for {} (--max-wait)",
                topics, lag == null ? "lag unknown" : total(lag) + " records", topicLag.whereLeft(lag), maxWait);
            return Stop.MAX_WAIT;
        }
        waitingForTopic = true;
        if (!announcedWaiting) {
            announcedWaiting = true;
            log.info("no message for {}, but {} not loaded yet ({}); waiting for them, at most {} without progress",
                idleTimeout, lag == null ? "the lag is unknown:" : total(lag) + " records of " + topics + " are",
                topicLag.whereLeft(lag), maxWait);
        }
        return null;
    }

    /** A listener wants the lag and its last measure is older than {@link #lagEvery}. */
    private boolean lagDue() {
        return lagEvery != null && System.nanoTime() - lastLagMeasure >= lagEvery.toNanos();
    }

    /**
     * Measures the lag for the listener alone. Costs a metadata look-up and two offset requests to the
     * broker, and the stored offsets read through the writer, which waits for the load in flight first.
     */
    private void measureLagForListener() {
        lagMeasured(topicLag.measure(new HashMap<>()));
    }

    /** Tells the listener (a lag of null, unmeasured, is not told) and restarts the listener's clock. */
    private void lagMeasured(Map<TopicPartition, Long> lag) {
        lastLagMeasure = System.nanoTime();
        if (listener == null || lag == null) return;
        try {
            listener.lagMeasured(Map.copyOf(lag));
        } catch (RuntimeException e) {
            log.warn("the lag listener failed: {}", e.toString());
        }
    }

    private Map<TopicPartition, Long> measureLagAtExit() {
        try {
            return topicLag.measure(new HashMap<>());
        } catch (WakeupException once) {
            return topicLag.measure(new HashMap<>());
        }
    }

    private boolean firstLoadLogged;

    /**
     * The figure a restart is judged by (its first batch loaded within 10 s of starting):
     * logged once the database holds rows this run wrote, which for a loader that sends a batch
     * in the background is after that batch committed, not when it was handed over.
     */
    private void logFirstLoad() {
        if (firstLoadLogged || writer.loaded() == 0) return;
        firstLoadLogged = true;
        log.info("first batch loaded: {} records, {} ms after the JVM started", writer.loaded(),
            java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
    }

    /** Every assigned partition is read to its end, as far as the last fetch knew (no network call). */
    private boolean readEverything() {
        for (TopicPartition tp : consumer.assignment()) {
            java.util.OptionalLong lag = consumer.currentLag(tp);
            if (lag.isEmpty() || lag.getAsLong() > 0) return false;
        }
        return true;
    }
}
