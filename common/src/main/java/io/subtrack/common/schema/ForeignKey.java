package io.subtrack.common.schema;

import java.util.List;

/**
 * A reference from columns of a processed table to the primary key of its parent table. {@code orphanRule} is
 * the id of the transformer rule that rejects a record whose parent was rejected or never existed.
 */
public record ForeignKey(List<String> columns, String parentTable, String orphanRule) {
    public static ForeignKey of(String parentTable, String... columns) {
        return new ForeignKey(List.of(columns), parentTable, null);
    }

    /** This reference, checked by that rule. */
    public ForeignKey orphanRule(String ruleId) {
        return new ForeignKey(columns, parentTable, ruleId);
    }

    /** The parent in the standard model. */
    public ProcessedTable parent() {
        return ProcessedTable.byName(parentTable);
    }
}
