package io.subtrack.transformer.source;

import io.subtrack.common.schema.RawTable;

/**
 * One raw record as text: {@code values} follow {@link RawTable#fields()}; a JSON null or a missing
 * field is null. {@code rowId} orders arrivals: the raw database's row_id, or the position in the file.
 */
public record RawRow(RawTable table, String[] values, long rowId) {
    public String get(String field) {
        int i = table.fields().indexOf(field);
        return i < 0 ? null : values[i];
    }
}
