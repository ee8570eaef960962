package io.subtrack.state;

import java.util.Collection;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The dead letters of one partition replayed beyond the replay group's committed offset, written into the commit's
 * metadata as ranges ({@code replayed:5-9,12}). The committed offset is the first letter not replayed (one a filter
 * left out, or one that could not be replayed): everything before it is settled, and the ranges say which letters
 * after it were replayed already, so a later run with another filter replays the letters left out and never one
 * that was replayed.
 */
final class ReplayedOffsets {
    static final String PREFIX = "replayed:";
    /**
     * The broker refuses a commit whose metadata is longer than offset.metadata.max.bytes (4096 by default): keep
     * well under it.
     */
    static final int MAX_METADATA_CHARS = 3500;

    private final NavigableSet<Long> offsets = new TreeSet<>();

    static ReplayedOffsets parse(String metadata) {
        ReplayedOffsets r = new ReplayedOffsets();
        if (metadata == null || !metadata.startsWith(PREFIX)) return r;
        String body = metadata.substring(PREFIX.length()).strip();
        if (body.isEmpty()) return r;
        for (String part : body.split(",")) {
            int dash = part.indexOf('-');
            long from = Long.parseLong(part.substring(0, dash < 0 ? part.length() : dash).strip());
            long to = dash < 0 ? from : Long.parseLong(part.substring(dash + 1).strip());
            for (long o = from; o <= to; o++) r.offsets.add(o);
        }
        return r;
    }

    boolean contains(long offset) {
        return offsets.contains(offset);
    }

    void add(long offset) {
        offsets.add(offset);
    }

    void addAll(Collection<Long> more) {
        offsets.addAll(more);
    }

    /** Forgets the offsets before {@code committed}: they are settled by the committed offset itself. */
    ReplayedOffsets from(long committed) {
        ReplayedOffsets r = new ReplayedOffsets();
        r.offsets.addAll(offsets.tailSet(committed, true));
        return r;
    }

    boolean isEmpty() {
        return offsets.isEmpty();
    }

    int size() {
        return offsets.size();
    }

    /** {@code replayed:a-b,c}; "" when empty. */
    String encode() {
        if (offsets.isEmpty()) return "";
        StringBuilder sb = new StringBuilder(PREFIX);
        Long start = null;
        Long prev = null;
        for (long o : offsets) {
            if (prev != null && o == prev + 1) {
                prev = o;
                continue;
            }
            if (start != null) range(sb, start, prev);
            start = o;
            prev = o;
        }
        range(sb, start, prev);
        return sb.toString();
    }

    private static void range(StringBuilder sb, long from, long to) {
        if (sb.length() > PREFIX.length()) sb.append(',');
        sb.append(from);
        if (to != from) sb.append('-').append(to);
    }
}
