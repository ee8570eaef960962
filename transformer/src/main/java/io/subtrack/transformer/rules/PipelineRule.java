package io.subtrack.transformer.rules;

import io.subtrack.common.schema.RawTable;

/**
 * A rule the transformer's pipeline checks, not a value or record check: natural keys, duplicates, references to
 * parents, column lengths. The pipeline fires it by this constant.
 */
public final class PipelineRule extends Rule {
    public PipelineRule(String id, RawTable table, String field, Action action, boolean formatOnly, String description,
                        String... examples) {
        super(id, table, field, action, formatOnly, description, examples);
    }
}
