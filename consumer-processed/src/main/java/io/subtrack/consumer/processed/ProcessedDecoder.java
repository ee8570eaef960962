package io.subtrack.consumer.processed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.kafka.Envelope;
import io.subtrack.common.kafka.PoisonMessageException;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A processed record as {@link ProcessedLoader} loads it: checked against its table's declaration on the consumer's
 * thread and, where the database has a bulk path (staged upserts), encoded as bulk text once. A record no column
 * can hold is a {@link PoisonMessageException}.
 */
final class ProcessedDecoder {
    private static final Set<String> VERSION_FIELDS = Set.of(ProcessedTable.EXTRACT_ID.name(),
        ProcessedTable.EXTRACT_DATE.name(), ProcessedTable.DELETED_AT.name());

    private final ProcessedModel model;
    private final boolean encodeForBulk;

    /** @param encodeForBulk whether upserts are staged by the database's bulk path ({@link StagedUpsert#encode}) */
    ProcessedDecoder(ProcessedModel model, boolean encodeForBulk) {
        this.model = model;
        this.encodeForBulk = encodeForBulk;
    }

    /**
     * The record, checked against its table's declaration and (staged upserts) encoded as bulk text. An upsert
     * needs every required column; a deletion (non-null deleted_at) its key only, and any other declared field it
     * carries is ignored. The version fields of either are checked here, so their statements cannot be refused.
     */
    ProcessedRow decode(ConsumerRecord<byte[], byte[]> r) {
        Envelope.Decoded d = Envelope.decode(r.value());
        ProcessedTable table = model.table(d.table());
        if (table == null) throw new PoisonMessageException("unknown table \"" + d.table() + "\"");
        ObjectNode record = d.record();
        Iterator<String> names = record.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (table.column(name) == null && !VERSION_FIELDS.contains(name)) {
                throw new PoisonMessageException("field \"" + name + "\" is not a column of " + table.tableName());
            }
        }
        JsonNode deletedAt = record.get(ProcessedTable.DELETED_AT.name());
        boolean deletion = deletedAt != null && !deletedAt.isNull();
        LocalDateTime extractDate;
        try {
            ProcessedTable.EXTRACT_ID.type().copyText(record.get(ProcessedTable.EXTRACT_ID.name()));
            String date = ProcessedTable.EXTRACT_DATE.type().copyText(record.get(ProcessedTable.EXTRACT_DATE.name()));
            extractDate = date == null ? null : LocalDateTime.parse(date);
            if (deletion) {
                ProcessedTable.DELETED_AT.type().copyText(deletedAt);
                for (String k : table.primaryKey()) table.column(k).type().copyText(record.get(k));
            }
        } catch (IllegalArgumentException | java.time.DateTimeException badValue) {
            throw new PoisonMessageException("no column can hold it: " + badValue.getMessage());
        }
        for (Column c : deletion ? keyColumns(table) : table.columns()) {
            JsonNode v = record.get(c.name());
            if (!c.nullable() && (v == null || v.isNull())) {
                throw new PoisonMessageException(table.tableName() + "." + c.name() + " is required but missing"
                    + (deletion ? " (a deletion needs its key)" : ""));
            }
        }
        ProcessedRow row = new ProcessedRow(table, record, r, deletion, extractDate);
        if (deletion) return row;
        if (encodeForBulk) {
            try {
                row.copyTexts = StagedUpsert.encode(table, d.record());
            } catch (IllegalArgumentException | java.time.DateTimeException badValue) {
                throw new PoisonMessageException("no column can hold it: " + badValue.getMessage());
            }
        }
        return row;
    }

    private static List<Column> keyColumns(ProcessedTable t) {
        List<Column> keys = new ArrayList<>(t.primaryKey().size());
        for (String k : t.primaryKey()) keys.add(t.column(k));
        return keys;
    }
}
