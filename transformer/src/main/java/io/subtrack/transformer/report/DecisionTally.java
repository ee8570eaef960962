package io.subtrack.transformer.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

    void writeTo(ObjectNode o) {
        o.put("wrong", wrong());
        o.put("decided_exact", decided(Decision.EXACT));
        o.put("wrong_exact", wrong(Decision.EXACT));
        o.put("decided_by_evidence", decided(Decision.EVIDENCE));
        o.put("wrong_by_evidence", wrong(Decision.EVIDENCE));
        o.put("decided_by_policy", decided(Decision.POLICY));
        o.put("wrong_by_policy", wrong(Decision.POLICY));
    }
}
