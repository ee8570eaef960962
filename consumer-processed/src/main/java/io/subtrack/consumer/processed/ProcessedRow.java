package io.subtrack.consumer.processed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.ProcessedTable;
import java.time.LocalDateTime;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A record to load: an upsert, or a deletion (a record with a non-null {@code deleted_at}: the key, the extract
 * and when it was deleted; applied as a soft delete, see {@link SoftDeletes}). While an upsert waits for a parent,
 * {@code waitingSince} is when the consumer had first read everything the topic held after it was held back
 * (-1: not yet): the parent wait counts from there, so a slow load of a large topic never dead-letters a child
 * whose parent is simply further along another partition. A deletion never waits.
 */
final class ProcessedRow {
    final ProcessedTable table;
    final ObjectNode record;
    final ConsumerRecord<byte[], byte[]> origin;
    /** Whether this is a deletion (a non-null deleted_at) rather than an upsert. */
    final boolean deletion;
    /** The record's extract_date (null: none, an older cleaned file), checked when decoded: newer wins. */
    final LocalDateTime extractDate;
    /**
     * The parent key each foreign key refers to (null: none), in {@code table.foreignKeys()}
     * order: read once, as every batch checks them again (a profile had a quarter of the
     * stage in these checks, each reading the field and building a new string).
     */
    final String[] references;
    /** The row's COPY texts (PostgreSQL upserts; StagedUpsert.encode), encoded once when decoded. */
    String[] copyTexts;
    long waitingSince = -1;

    ProcessedRow(ProcessedTable table, ObjectNode record, ConsumerRecord<byte[], byte[]> origin) {
        this(table, record, origin, false, null);
    }

    ProcessedRow(ProcessedTable table, ObjectNode record, ConsumerRecord<byte[], byte[]> origin, boolean deletion,
                 LocalDateTime extractDate) {
        this.table = table;
        this.record = record;
        this.origin = origin;
        this.deletion = deletion;
        this.extractDate = extractDate;
        List<ForeignKey> fks = table.foreignKeys();
        this.references = new String[fks.size()]; // all null for a deletion, which carries only its key
        for (int i = 0; i < references.length; i++) {
            JsonNode v = record.get(fks.get(i).columns().get(0)); // parents have single-column keys
            references[i] = v == null || v.isNull() ? null : v.asText();
        }
    }

    /** The row's primary key (parents have single-column keys), or null. */
    String key() {
        JsonNode v = record.get(table.primaryKey().get(0));
        return v == null ? null : v.asText();
    }

    /** Whether this row's version is older than {@code other}'s: its extract_date before the other's, a NULL before any date. */
    boolean olderThan(ProcessedRow other) {
        if (extractDate == null) return other.extractDate != null;
        return other.extractDate != null && extractDate.isBefore(other.extractDate);
    }
}
