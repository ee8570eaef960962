package io.subtrack.common.truth;

/**
 * One injected defect, as the generator writes it and the transformer's scorer reads it
 * (docs/generator.md, "Ground-truth format"): which record ({@code table}, natural {@code key}
 * and {@code rawId}), which {@code field}, the defect {@code kind}, the {@code raw} value as
 * written, and either the {@code clean} value it was made from or, when there is none, the
 * {@link Expected} outcome. {@code dayFirstReading} is set only on a date whose day and month
 * both read as a month: what the day-first policy makes of it.
 *
 * <p>Values keep their JSON type: null, {@link String}, {@link Long} (whole numbers),
 * {@link ExactNumber} (other numbers, digits as written) or {@link Boolean}. A clean value may
 * be null ("no value"), so {@link #hasClean()} is told by {@code expected == null}, not by the clean value.
 */
public record GroundTruthEntry(String table, String key, long rawId, String field, String kind,
                               Object raw, Object clean, Expected expected, String dayFirstReading) {

    public GroundTruthEntry {
        if (table == null || key == null || field == null || kind == null) {
            throw new IllegalArgumentException("an entry names its table, key, field and kind");
        }
        checkValue(raw);
        checkValue(clean);
        if (expected != null && clean != null) throw new IllegalArgumentException("an entry has a clean value or an expected outcome, not both");
        if (expected != null && dayFirstReading != null) throw new IllegalArgumentException("a day-first reading belongs to a clean date");
    }

    /** A defect the transformer can repair back to {@code clean}. */
    public static GroundTruthEntry repairable(String table, String key, long rawId, String field, String kind, Object raw, Object clean) {
        return new GroundTruthEntry(table, key, rawId, field, kind, raw, clean, null, null);
    }

    /** A date readable two ways: {@code clean} is the right reading, {@code dayFirstReading} the day-first one. */
    public static GroundTruthEntry ambiguous(String table, String key, long rawId, String field, String kind, Object raw,
                                             String clean, String dayFirstReading) {
        return new GroundTruthEntry(table, key, rawId, field, kind, raw, clean, null, dayFirstReading);
    }

    /** A defect with no clean value: the transformer should do what {@code expected} says. */
    public static GroundTruthEntry unrepairable(String table, String key, long rawId, String field, String kind, Object raw,
                                                Expected expected) {
        return new GroundTruthEntry(table, key, rawId, field, kind, raw, null, expected, null);
    }

    public boolean hasClean() {
        return expected == null;
    }

    public boolean ambiguous() {
        return dayFirstReading != null;
    }

    /** The outcome to expect, or null when the entry has a clean value. */
    public Outcome outcome() {
        return expected == null ? null : expected.outcome();
    }

    /** A value as the text it compares by ({@code 86.48}, {@code true}, {@code USR00001}); null for null. */
    public static String text(Object value) {
        return value == null ? null : value.toString();
    }

    static void checkValue(Object v) {
        if (v == null || v instanceof String || v instanceof Long || v instanceof ExactNumber || v instanceof Boolean) return;
        throw new IllegalArgumentException("a ground-truth value is null, String, Long, ExactNumber or Boolean, not "
            + v.getClass().getName());
    }
}
