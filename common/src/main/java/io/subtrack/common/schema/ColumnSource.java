package io.subtrack.common.schema;

import java.util.List;

/**
 * Where a processed column's value comes from: a raw table and its source field(s) ({@link RawFields}), and how a
 * value is read when no rule of the transformer reads that field ({@link Normaliser}). Which rules apply is the
 * transformer's: each of its rules names the raw table and field(s) it reads. A column whose raw table is not its
 * processed table's {@link ProcessedTable#source()} is merged from that side table by the record key.
 */
public record ColumnSource(RawTable table, List<String> fields, Normaliser normaliser) {
    public ColumnSource {
        fields = List.copyOf(fields);
    }

    /** The field the value is read from (null for a column that holds its only code). */
    public String field() {
        return fields.isEmpty() ? null : fields.get(0);
    }
}
