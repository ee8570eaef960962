package io.subtrack.transformer.rules;

import io.subtrack.common.schema.RawTable;

/** A rule that counts a stored value as a quality issue and keeps it as it is (action FLAG). */
public abstract class FlagRule extends Rule {
    protected FlagRule(String id, RawTable table, String field, String description, String... examples) {
        super(id, table, field, Action.FLAG, false, description, examples);
    }

    /** Whether the value, as stored, has the defect. */
    public abstract boolean flags(String stored);
}
