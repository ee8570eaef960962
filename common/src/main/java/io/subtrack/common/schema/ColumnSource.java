package io.subtrack.common.schema;

import java.util.List;

/**
 * Where a processed column's value comes from: a raw table, its source field(s) ({@link RawFields}), the normaliser
 * that reads them and the ids of the transformer rules that apply (repair first, then the rule for an unusable value,
 * then any the normaliser adds; see {@link Normaliser}). A column whose raw table is not its processed table's
 * {@link ProcessedTable#source()} is merged from that side table by the record key.
 */
public record ColumnSource(RawTable table, List<String> fields, Normaliser normaliser, List<String> rules) {
    public ColumnSource {
        fields = List.copyOf(fields);
        rules = List.copyOf(rules);
    }

    /** The field the value is read from (null for {@link Normaliser#FIXED_CODE}). */
    public String field() {
        return fields.isEmpty() ? null : fields.get(0);
    }

    /** The rule id at that position, or null when the column declares none there. */
    public String rule(int position) {
        return position < rules.size() ? rules.get(position) : null;
    }
}
