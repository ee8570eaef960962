package io.subtrack.common.truth;

/** The member names of a ground-truth line, in the order they are written. */
final class Members {
    private Members() {}

    static final String TABLE = "table";
    static final String KEY = "key";
    static final String RAW_ID = "raw_id";
    static final String FIELD = "field";
    static final String KIND = "kind";
    static final String RAW = "raw";
    static final String CLEAN = "clean";
    static final String EXPECTED = "expected";
    /** Written as {@code true} before {@link #DAY_FIRST_READING}, on ambiguous dates only. */
    static final String AMBIGUOUS = "ambiguous";
    static final String DAY_FIRST_READING = "day_first_reading";
}
