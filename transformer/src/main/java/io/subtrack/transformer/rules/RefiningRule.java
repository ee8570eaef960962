package io.subtrack.transformer.rules;

import io.subtrack.common.schema.RawTable;

/**
 * A rule that looks again at a field's reading by its {@link ValueRule} and may replace it: the new reading is then
 * this rule's (a repaired value fires it, an unusable one too).
 */
public abstract class RefiningRule extends Rule {
    protected RefiningRule(String id, RawTable table, String field, Action action, boolean formatOnly, String description,
                           String... examples) {
        super(id, table, field, action, formatOnly, description, examples);
    }

    /** The reading this rule gives the field, or null when the value rule's reading stands. */
    public abstract Cleaned refine(String raw, Cleaned reading, RecordFacts record);
}
