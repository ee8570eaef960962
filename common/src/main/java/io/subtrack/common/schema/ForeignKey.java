package io.subtrack.common.schema;

import java.util.List;

/** A reference from columns of a processed table to the primary key of its parent table. */
public record ForeignKey(List<String> columns, String parentTable) {
    public static ForeignKey of(String parentTable, String... columns) {
        return new ForeignKey(List.of(columns), parentTable);
    }

    public ProcessedTable parent() {
        return ProcessedTable.byName(parentTable);
    }
}
