package io.subtrack.common.schema;

import java.util.List;

/**
 * A reference from columns of a processed table to the primary key of its parent table. A record whose parent was
 * rejected or never existed is rejected by the transformer's orphan rule for the raw table and field the reference is
 * read from.
 */
public record ForeignKey(List<String> columns, String parentTable) {
    public ForeignKey {
        columns = List.copyOf(columns);
    }

    public static ForeignKey of(String parentTable, String... columns) {
        return new ForeignKey(List.of(columns), parentTable);
    }

    /** The parent in the standard model. */
    public ProcessedTable parent() {
        return ProcessedTable.byName(parentTable);
    }
}
