package io.subtrack.state;

import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Sends dead letters back to the topic they came from (header error.origin.topic), once their cause is fixed: the
 * original key, value and headers, without the error.* headers the dead-lettering added, to the original partition.
 *
 * <p>What was replayed is recorded the Kafka way: the replay group's committed offsets on the dead-letter topic,
 * committed in the transaction that sends the replayed messages (a replay that fails half-way replays nothing, and a
 * second replayer of the group is fenced). A filter (origin topic, error stage) leaves letters for a later run: the
 * committed offset stays at the first letter not replayed and its metadata lists the letters replayed after it
 * ({@link ReplayedOffsets}), so no letter is ever replayed twice and none left out is skipped for good.
 *
 * <p>Only the letters present when the run starts are read (the end offsets then): a letter a replay causes again
 * (the cause was not fixed after all) waits for the next run instead of circling.
 */
public final class DeadLetterReplay {
    /** The error.* headers a dead letter gets (DeadLetters), dropped on replay. */
    static final Set<String> ERROR_HEADERS = Set.of(DeadLetters.ORIGIN_TOPIC, DeadLetters.ORIGIN_PARTITION,
        DeadLetters.ORIGIN_OFFSET, DeadLetters.ERROR_CLASS, DeadLetters.ERROR_MESSAGE, DeadLetters.ERROR_STAGE);

    /** Which letters to replay; an empty set matches everything. */
    public record Filter(Set<String> originTopics, Set<String> stages) {
        public Filter {
            originTopics = Set.copyOf(originTopics);
            stages = Set.copyOf(stages);
        }

        boolean matches(String originTopic, String stage) {
            return (originTopics.isEmpty() || originTopics.contains(originTopic))
                && (stages.isEmpty() || stages.contains(stage));
        }
    }

    public enum ReplayDecision {
        /** Replayed by this run (with --execute), or would be (dry run). */
        REPLAY,
        /** Replayed by an earlier run of the group. */
        ALREADY_REPLAYED,
        /** Left out by the filter: a later run may replay it. */
        FILTERED_OUT,
        /** No origin topic header, or the origin topic does not exist: kept, never sent. */
        NOT_REPLAYABLE
    }

    /** One dead letter examined: where it is, where it came from, why it failed, and what this run did with it. */
    public record Letter(TopicPartition at, long offset, String originTopic, Integer originPartition, Long originOffset,
                         String stage, String errorClass, String errorMessage, ReplayDecision outcome, String why) {}

    public record Result(List<Letter> letters, boolean executed) {
        public long count(ReplayDecision o) {
            return letters.stream().filter(l -> l.outcome() == o).count();
        }
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Supplier<Producer<byte[], byte[]>> producers;
    private final String errorsTopic;
    private final String group;
    private final Duration maxWait;

    /**
     * @param consumer  of the replay group ({@code group.id} = {@code group}), not subscribed: this assigns
     * @param producers a transactional producer, made only when a run executes
     * @param maxWait   how long a read of the letters may go without progress before the run fails
     */
    public DeadLetterReplay(Consumer<byte[], byte[]> consumer, Supplier<Producer<byte[], byte[]>> producers,
                            String errorsTopic, String group, Duration maxWait) {
        this.consumer = consumer;
        this.producers = producers;
        this.errorsTopic = errorsTopic;
        this.group = group;
        this.maxWait = maxWait;
    }

    /** Where one partition of the dead-letter topic stands in this run. */
    private static final class PartitionState {
        final ReplayedOffsets replayed;
        final long end;
        long next;
        Long firstLeft;

        PartitionState(long start, long end, ReplayedOffsets replayed) {
            this.next = start;
            this.end = end;
            this.replayed = replayed;
        }

        /** The offset to commit: the first letter not replayed, else past the last one read. */
        long commitOffset() {
            return firstLeft != null ? firstLeft : next;
        }

        OffsetAndMetadata commit() {
            return new OffsetAndMetadata(commitOffset(), replayed.from(commitOffset()).encode());
        }
    }

    public Result run(Filter filter, boolean execute, java.util.function.Consumer<Letter> onLetter) {
        List<PartitionInfo> infos = consumer.partitionsFor(errorsTopic);
        if (infos == null || infos.isEmpty()) {
            throw new StageFailure("dead-letter topic " + errorsTopic + " does not exist (nothing was ever dead-lettered)");
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : infos) partitions.add(new TopicPartition(errorsTopic, p.partition()));
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<TopicPartition, PartitionState> states = new LinkedHashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed == null ? null : committed.get(tp);
            long b = begin.getOrDefault(tp, 0L);
            long start = Math.max(b, c == null ? b : c.offset());
            ReplayedOffsets replayed = ReplayedOffsets.parse(c == null ? null : c.metadata()).from(start);
            long e = end.getOrDefault(tp, start);
            if (start < e) states.put(tp, new PartitionState(start, e, replayed));
        }
        List<Letter> letters = new ArrayList<>();
        if (states.isEmpty()) return new Result(letters, execute);
        consumer.assign(states.keySet());
        states.forEach((tp, s) -> consumer.seek(tp, s.next));

        Producer<byte[], byte[]> producer = null;
        Map<String, Integer> originPartitions = new HashMap<>();
        long lastProgress = System.nanoTime();
        try {
            while (states.values().stream().anyMatch(s -> s.next < s.end)) {
                ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(500));
                List<ProducerRecord<byte[], byte[]>> sends = new ArrayList<>();
                List<Letter> batch = new ArrayList<>();
                Map<TopicPartition, Long> positions = new HashMap<>();
                for (TopicPartition tp : states.keySet()) positions.put(tp, consumer.position(tp));
                boolean progressed = false;
                for (ConsumerRecord<byte[], byte[]> r : polled) {
                    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
                    PartitionState s = states.get(tp);
                    if (s == null || r.offset() >= s.end) continue; // arrived after the run started: the next run's
                    Letter l = examine(r, s, filter, originPartitions);
                    if (l.outcome() == ReplayDecision.REPLAY) {
                        sends.add(replayOf(r, l));
                        s.replayed.add(r.offset());
                    } else if (l.outcome() != ReplayDecision.ALREADY_REPLAYED && s.firstLeft == null) {
                        s.firstLeft = r.offset();
                    }
                    s.next = r.offset() + 1;
                    batch.add(l);
                    progressed = true;
                }
                // transaction markers and gaps: the position passes them without a record
                for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
                    PartitionState s = states.get(e.getKey());
                    long p = Math.min(e.getValue(), s.end);
                    if (p > s.next) {
                        s.next = p;
                        progressed = true;
                    }
                }
                for (Map.Entry<TopicPartition, PartitionState> e : states.entrySet()) {
                    String metadata = e.getValue().commit().metadata();
                    if (metadata.length() > ReplayedOffsets.MAX_METADATA_CHARS) {
                        throw new StageFailure("too many letters of " + e.getKey() + " replayed after the first one left"
                            + " out (at offset " + e.getValue().firstLeft + ") to record in the replay group's commit;"
                            + " replay that one first (a wider filter), or use another --replay-group");
                    }
                }
                if (execute && progressed) {
                    if (producer == null) {
                        producer = producers.get();
                        producer.initTransactions();
                    }
                    producer.beginTransaction();
                    try {
                        for (ProducerRecord<byte[], byte[]> pr : sends) producer.send(pr);
                        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
                        states.forEach((tp, s) -> commit.put(tp, s.commit()));
                        producer.sendOffsetsToTransaction(commit, new ConsumerGroupMetadata(group));
                        producer.commitTransaction();
                    } catch (RuntimeException ex) {
                        try {
                            producer.abortTransaction();
                        } catch (RuntimeException ignored) {
                            // fenced or closed: nothing of the transaction is visible either way
                        }
                        throw new StageFailure("replay not committed (nothing of this batch was replayed; run again): "
                            + ex.getMessage(), ex);
                    }
                }
                for (Letter l : batch) {
                    letters.add(l);
                    onLetter.accept(l);
                }
                if (progressed) {
                    lastProgress = System.nanoTime();
                } else if (System.nanoTime() - lastProgress > maxWait.toNanos()) {
                    throw new StageFailure("no dead letter read for " + maxWait.toSeconds() + " s while " + errorsTopic
                        + " holds letters not read yet" + (execute ? " (what was replayed is committed)" : ""));
                }
            }
        } finally {
            if (producer != null) producer.close();
        }
        return new Result(letters, execute);
    }

    private Letter examine(ConsumerRecord<byte[], byte[]> r, PartitionState s, Filter filter,
                           Map<String, Integer> originPartitions) {
        Headers h = r.headers();
        String origin = header(h, DeadLetters.ORIGIN_TOPIC);
        String stage = header(h, DeadLetters.ERROR_STAGE);
        Integer originPartition = parseInt(header(h, DeadLetters.ORIGIN_PARTITION));
        Long originOffset = parseLong(header(h, DeadLetters.ORIGIN_OFFSET));
        TopicPartition at = new TopicPartition(r.topic(), r.partition());
        String cls = header(h, DeadLetters.ERROR_CLASS);
        String msg = header(h, DeadLetters.ERROR_MESSAGE);
        ReplayDecision outcome;
        String why = "";
        if (s.replayed.contains(r.offset())) {
            outcome = ReplayDecision.ALREADY_REPLAYED;
        } else if (origin == null || origin.isBlank()) {
            outcome = ReplayDecision.NOT_REPLAYABLE;
            why = "no " + DeadLetters.ORIGIN_TOPIC + " header";
        } else if (!filter.matches(origin, stage)) {
            outcome = ReplayDecision.FILTERED_OUT;
        } else if (partitionCount(origin, originPartitions) == 0) {
            outcome = ReplayDecision.NOT_REPLAYABLE;
            why = "origin topic " + origin + " does not exist";
        } else {
            outcome = ReplayDecision.REPLAY;
        }
        if (originPartition != null && outcome == ReplayDecision.REPLAY && originPartition >= originPartitions.get(origin)) {
            why = "origin partition " + originPartition + " no longer exists: the key's partition";
        }
        return new Letter(at, r.offset(), origin, originPartition, originOffset, stage, cls, msg, outcome, why);
    }

    private int partitionCount(String topic, Map<String, Integer> cache) {
        return cache.computeIfAbsent(topic, t -> {
            List<PartitionInfo> p = consumer.partitionsFor(t);
            return p == null ? 0 : p.size();
        });
    }

    /** The original message: key, value, headers without the error.* ones, to its original partition when it exists. */
    static ProducerRecord<byte[], byte[]> replayOf(ConsumerRecord<byte[], byte[]> letter, Letter l) {
        Integer partition = l.why().isEmpty() ? l.originPartition() : null;
        return new ProducerRecord<>(l.originTopic(), partition, letter.key(), letter.value(), originalHeaders(letter.headers()));
    }

    static Headers originalHeaders(Headers letter) {
        RecordHeaders h = new RecordHeaders();
        for (Header header : letter) if (!ERROR_HEADERS.contains(header.key())) h.add(header);
        return h;
    }

    private static String header(Headers h, String key) {
        Header last = h.lastHeader(key);
        return last == null || last.value() == null ? null : new String(last.value(), StandardCharsets.UTF_8);
    }

    private static Integer parseInt(String s) {
        try {
            return s == null ? null : Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long parseLong(String s) {
        try {
            return s == null ? null : Long.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
