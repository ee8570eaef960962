package io.subtrack.transformer.rules;

import io.subtrack.common.schema.RawTable;

/**
 * Answers for a value its field's {@link ValueRule} found empty or unusable: NULLIFY stores null, REJECT quarantines
 * the record (as does any unusable value of a required column). The check is the value rule's; this is its verdict.
 */
public final class UnusableValue extends Rule {
    public UnusableValue(String id, RawTable table, String field, Action action, boolean formatOnly, String description,
                         String... examples) {
        super(id, table, field, action, formatOnly, description, examples);
    }
}
