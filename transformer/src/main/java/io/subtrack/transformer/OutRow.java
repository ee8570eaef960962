package io.subtrack.transformer;

import com.fasterxml.jackson.core.JsonGenerator;
import io.subtrack.common.schema.Column;
import io.subtrack.transformer.rules.ValueText;
import io.subtrack.common.schema.ProcessedTable;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;

/**
 * One processed row, values in column order, written straight to the JSON generator (no tree):
 * as its value is typed: an amount as a number with its two decimals, a flag as true/false, dates and timestamps and
 * text as text (ValueText), or null.
 */
final class OutRow {
    final ProcessedTable table;
    final Object[] values;

    OutRow(ProcessedTable table, Object[] values) {
        this.table = table;
        this.values = values;
    }

    void write(JsonGenerator g) throws IOException {
        write(g, null, null);
    }

    /** The row, then the extract its version comes from when there is one (consumer-processed's newer-wins). */
    void write(JsonGenerator g, String extractId, String extractDate) throws IOException {
        List<Column> columns = table.columns();
        g.writeStartObject();
        for (int i = 0; i < values.length; i++) {
            Column c = columns.get(i);
            Object v = values[i];
            g.writeFieldName(c.name());
            if (v == null) {
                g.writeNull();
            } else if (v instanceof Boolean b) {
                g.writeBoolean(b);
            } else if (v instanceof BigDecimal amount) {
                g.writeNumber(amount);
            } else {
                g.writeString(ValueText.of(v));
            }
        }
        if (extractId != null) {
            g.writeStringField(ProcessedTable.EXTRACT_ID.name(), extractId);
            g.writeStringField(ProcessedTable.EXTRACT_DATE.name(), extractDate);
        }
        g.writeEndObject();
    }
}
