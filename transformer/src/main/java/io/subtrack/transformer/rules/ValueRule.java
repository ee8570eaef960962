package io.subtrack.transformer.rules;

import io.subtrack.common.schema.RawTable;

/**
 * A rule that reads the value of the column declared from its field: one raw text in, what it made of it out. A
 * repaired value fires it; an unusable one fires the field's {@link UnusableValue} rule, or {@link #unusable()}.
 */
public abstract class ValueRule extends Rule {
    protected ValueRule(String id, RawTable table, String field, Action action, boolean formatOnly, String description,
                        String... examples) {
        super(id, table, field, action, formatOnly, description, examples);
    }

    /** The check and repair of one raw value. */
    public abstract Cleaned clean(String raw);

    /** What fires for an empty or unusable value when no {@link UnusableValue} rule of the field says otherwise. */
    public Rule unusable() {
        return null;
    }
}
