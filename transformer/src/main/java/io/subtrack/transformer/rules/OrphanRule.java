package io.subtrack.transformer.rules;

import io.subtrack.common.schema.RawTable;

/**
 * Rejects a record whose parent was rejected or never existed: the one rule of its raw table that reads the field a
 * declared reference ({@link io.subtrack.common.schema.ForeignKey}) or merge ({@link io.subtrack.common.schema.MergedTable})
 * is read from. The declarations name no rule; the transformer finds it by that table and field
 * ({@link Rules#orphanOf}).
 */
public final class OrphanRule extends Rule {
    public OrphanRule(String id, RawTable table, String field, String description, String... examples) {
        super(id, table, field, Action.REJECT, false, description, examples);
    }
}
