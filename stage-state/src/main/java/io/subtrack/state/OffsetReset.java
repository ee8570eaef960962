package io.subtrack.state;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.LoadOffsets;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;

/**
 * Moves a target's stored offsets (subtrack_load_offsets), as kafka-consumer-groups --reset-offsets moves a group's
 * committed ones: to an offset, a time (the consumer's offsetsForTimes), the earliest or latest offset, or by a shift.
 * An offset outside the partition's log is clamped to its start or end, as Kafka's tool does. Planning reads only;
 * {@link #apply} writes the new offsets in one transaction.
 */
public final class OffsetReset {
    public enum Kind { TO_OFFSET, TO_DATETIME, BY_DURATION, TO_EARLIEST, TO_LATEST, SHIFT_BY }

    /** Where to: {@code offset} for TO_OFFSET and SHIFT_BY, {@code time} for TO_DATETIME and BY_DURATION (resolved). */
    public record Spec(Kind kind, long offset, Instant time) {
        public static Spec toOffset(long n) { return new Spec(Kind.TO_OFFSET, n, null); }
        public static Spec shiftBy(long n) { return new Spec(Kind.SHIFT_BY, n, null); }
        public static Spec toEarliest() { return new Spec(Kind.TO_EARLIEST, 0, null); }
        public static Spec toLatest() { return new Spec(Kind.TO_LATEST, 0, null); }
        public static Spec toDatetime(Instant t) { return new Spec(Kind.TO_DATETIME, 0, t); }
        public static Spec byDuration(Duration d, Instant now) { return new Spec(Kind.BY_DURATION, 0, now.minus(d)); }

        @Override
        public String toString() {
            return switch (kind) {
                case TO_OFFSET -> "--to-offset " + offset;
                case SHIFT_BY -> "--shift-by " + offset;
                case TO_EARLIEST -> "--to-earliest";
                case TO_LATEST -> "--to-latest";
                case TO_DATETIME, BY_DURATION -> "the first offset at or after " + time;
            };
        }
    }

    /** One partition's move; {@code note} says why the new offset is not the one asked for (clamped, no message after the time). */
    public record Planned(TopicPartition partition, Long stored, long newOffset, long logStart, long logEnd, String note) {
        public boolean changes() {
            return stored == null || stored != newOffset;
        }
    }

    private OffsetReset() {}

    /** The new offset of each partition, from the stored ones and what the broker says of the log. */
    public static List<Planned> plan(List<TopicPartition> partitions, Map<TopicPartition, Long> stored, Spec spec,
                                     Consumer<byte[], byte[]> kafka) {
        Map<TopicPartition, Long> start = kafka.beginningOffsets(partitions);
        Map<TopicPartition, Long> end = kafka.endOffsets(partitions);
        Map<TopicPartition, OffsetAndTimestamp> byTime = new HashMap<>();
        if (spec.time() != null) {
            Map<TopicPartition, Long> query = new LinkedHashMap<>();
            for (TopicPartition tp : partitions) query.put(tp, spec.time().toEpochMilli());
            Map<TopicPartition, OffsetAndTimestamp> found = kafka.offsetsForTimes(query);
            if (found != null) found.forEach((tp, o) -> { if (o != null) byTime.put(tp, o); });
        }
        List<Planned> out = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long s = start.getOrDefault(tp, 0L);
            long e = end.getOrDefault(tp, s);
            Long current = stored.get(tp);
            String note = "";
            long wanted = switch (spec.kind()) {
                case TO_OFFSET -> spec.offset();
                case SHIFT_BY -> (current != null ? current : s) + spec.offset();
                case TO_EARLIEST -> s;
                case TO_LATEST -> e;
                case TO_DATETIME, BY_DURATION -> {
                    OffsetAndTimestamp o = byTime.get(tp);
                    if (o == null) {
                        note = "no message at or after the time: log end";
                        yield e;
                    }
                    yield o.offset();
                }
            };
            long clamped = Math.max(s, Math.min(e, wanted));
            if (clamped != wanted) note = (wanted < s ? "before the log start" : "after the log end") + " (" + wanted + "): clamped";
            out.add(new Planned(tp, current, clamped, s, e, note));
        }
        return out;
    }

    /** Writes every planned offset for {@code target}, in one transaction (the loaders read them on assignment). */
    public static void apply(Connection c, DatabaseDialect dialect, String target, List<Planned> plan) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            Map<TopicPartition, Long> next = new LinkedHashMap<>();
            for (Planned p : plan) next.put(p.partition(), p.newOffset());
            new LoadOffsets(c, dialect, target).save(next);
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    public static void print(String target, List<Planned> plan, PrintStream out) {
        TextTable t = new TextTable("TARGET", "TOPIC", "PARTITION", "STORED-OFFSET", "NEW-OFFSET", "LOG-START-OFFSET",
            "LOG-END-OFFSET", "NOTE");
        for (Planned p : plan) {
            t.row(target, p.partition().topic(), p.partition().partition(), p.stored(), p.newOffset(), p.logStart(),
                p.logEnd(), p.note().isEmpty() ? "" : p.note());
        }
        t.print(out);
    }

    /**
     * A time as Kafka's tool takes it, {@code 2025-06-01T00:00:00[.sss]}, with an offset or Z, or without one in this
     * machine's time zone (as Kafka's tool); a date alone is its midnight.
     */
    public static Instant parseDateTime(String s, ZoneId zone) {
        String v = s.strip();
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(v).atZone(zone).toInstant();
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(v).atStartOfDay(zone).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw new IllegalArgumentException("not a date-time: '" + s
                        + "' (e.g. 2025-06-01T00:00:00, 2025-06-01T00:00:00.000+02:00, 2025-06-01T00:00:00Z)");
                }
            }
        }
    }
}
