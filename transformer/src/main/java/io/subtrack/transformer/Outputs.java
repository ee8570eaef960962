package io.subtrack.transformer;

import static io.subtrack.common.schema.RawFields.RAW_ID;

import com.fasterxml.jackson.core.JsonGenerator;
import io.subtrack.common.json.TableFileWriter;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.rules.Masking;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import io.subtrack.transformer.source.RawRecord;
import java.io.IOException;
import java.util.List;

/**
 * The transformer's three files (cleaned data, quarantine, repair log), written on one writer thread in the order the
 * records were decided (OrderedWriter), so the cleaning thread never waits on the disk.
 */
final class Outputs {
    private final TableFileWriter cleaned;
    private final TableFileWriter rejected;
    private final RepairLog repairs;
    private final OrderedWriter writer;
    /** The extract every written row names (a daily run), or null. */
    private String extractId, extractDate;

    Outputs(TableFileWriter cleaned, TableFileWriter rejected, RepairLog repairs, OrderedWriter writer) {
        this.cleaned = cleaned;
        this.rejected = rejected;
        this.repairs = repairs;
        this.writer = writer;
    }

    void stamp(String extractId, String extractDate) {
        this.extractId = extractId;
        this.extractDate = extractDate;
    }

    /**
     * A row a snapshot no longer holds: a delete envelope's record, only the key, the extract and when it was deleted
     * (docs/design.md, the Kafka contract).
     */
    void deletion(ProcessedTable table, String[] keyValues, String deletedAt) throws Exception {
        writer.submit(() -> {
            JsonGenerator g = cleaned.generator();
            g.writeStartObject();
            for (int i = 0; i < keyValues.length; i++) g.writeStringField(table.primaryKey().get(i), keyValues[i]);
            g.writeStringField(ProcessedTable.EXTRACT_ID.name(), extractId);
            g.writeStringField(ProcessedTable.EXTRACT_DATE.name(), extractDate);
            g.writeStringField(ProcessedTable.DELETED_AT.name(), deletedAt);
            g.writeEndObject();
        });
    }

    void startCleanedTable(ProcessedTable table) throws Exception {
        writer.submit(() -> cleaned.startTable(table.tableName()));
    }

    void startRejectedTable(RawTable table) throws Exception {
        writer.submit(() -> rejected.startTable(table.tableName()));
    }

    /** A decided record: quarantined, or its row (if it has one of its own) and its changed values. */
    void record(RecordContext ctx, OutRow out) throws Exception {
        if (ctx.rejected()) {
            writer.submit(() -> writeRejected(ctx));
            return;
        }
        // merged records (profiles, memberships) have no row of their own but their values are stored
        boolean logged = !ctx.events.isEmpty();
        if (out != null && logged) {
            writer.submit(() -> {
                out.write(cleaned.generator(), extractId, extractDate);
                repairs.write(ctx);
            });
        } else if (out != null) {
            writer.submit(() -> out.write(cleaned.generator(), extractId, extractDate));
        } else if (logged) {
            writer.submit(() -> repairs.write(ctx));
        }
    }

    /** A row written again (an incremental run: only a side record of it is new). */
    void rewrite(OutRow out) throws Exception {
        writer.submit(() -> out.write(cleaned.generator(), extractId, extractDate));
    }

    /** Written field by field, as the tree it replaced would have been (no tree per record). */
    private void writeRejected(RecordContext ctx) throws IOException {
        JsonGenerator g = rejected.generator();
        RawRecord row = ctx.row;
        g.writeStartObject();
        writeText(g, RAW_ID, row.get(RAW_ID));
        writeText(g, "key", ctx.key);
        g.writeStringField("outcome", ctx.outcome.name());
        g.writeArrayFieldStart("rules");
        for (Rule rule : ctx.rejectRules) g.writeString(ctx.outcome == RecordContext.Verdict.SUPERSEDED ? Rules.DUPLICATE.id() : rule.id());
        g.writeEndArray();
        g.writeArrayFieldStart("reasons");
        for (String reason : ctx.reasons) g.writeString(reason);
        g.writeEndArray();
        g.writeObjectFieldStart("record");
        List<String> fields = row.table().fields();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (!Masking.dropInQuarantine(f)) writeText(g, f, Masking.forQuarantine(f, row.values()[i]));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeText(JsonGenerator g, String field, String value) throws IOException {
        g.writeFieldName(field);
        if (value == null) g.writeNull(); else g.writeString(value);
    }
}
