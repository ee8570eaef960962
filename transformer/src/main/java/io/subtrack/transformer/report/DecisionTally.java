package io.subtrack.transformer.report;

import io.subtrack.transformer.RecordContext.Decision;

/**
 * The ground-truth score of stored values by how each was decided: exactly (the raw text has one reading), by the
 * record's evidence, or by policy (the record left it open). A stored value different from its clean value is
 * wrong in every one of them; {@code wrong} is their sum, the number the summary line carries.
 */
public final class DecisionTally {
    private final long[] decided = new long[Decision.values().length];
    private final long[] wrong = new long[Decision.values().length];

    void add(Decision how, boolean equalsClean) {
        decided[how.ordinal()]++;
        if (!equalsClean) wrong[how.ordinal()]++;
    }

    public long decided(Decision how) {
        return decided[how.ordinal()];
    }

    public long wrong(Decision how) {
        return wrong[how.ordinal()];
    }

    public long wrong() {
        long n = 0;
        for (long w : wrong) n += w;
        return n;
    }
}
