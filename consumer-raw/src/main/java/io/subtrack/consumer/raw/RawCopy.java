package io.subtrack.consumer.raw;

import io.subtrack.common.db.BulkLoader;
import io.subtrack.common.db.BulkRows;
import io.subtrack.common.schema.RawTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A batch of raw rows in the database's bulk format (PostgreSQL's COPY text), one buffer per table, encoded by the
 * consumer's thread while the server still loads the batch before (RawLoader), then sent with one bulk statement
 * per table.
 */
final class RawCopy {
    private final BulkLoader bulk;
    private final Map<RawTable, BulkRows> perTable = new EnumMap<>(RawTable.class);

    RawCopy(BulkLoader bulk) {
        this.bulk = bulk;
    }

    /**
     * Encodes the rows in place of what this held before, keeping the buffers (they grow to a
     * batch's size once instead of from 64 KB every batch); {@code now} is their ingested_at, in
     * the JVM's time zone, already cut to microseconds (RawLoader.ingestedAt), as the INSERT path binds it.
     */
    RawCopy encode(List<RawRow> rows, LocalDateTime now) {
        for (BulkRows text : perTable.values()) text.clear();
        String ingestedAt = now.toString();
        for (RawRow row : rows) {
            BulkRows text = perTable.computeIfAbsent(row.table(), t -> bulk.newRows());
            for (String v : row.values()) text.text(v);
            text.bytes(row.hash());
            text.text(row.origin().topic());
            text.number(row.origin().partition());
            text.number(row.origin().offset());
            text.text(ingestedAt);
            text.text(row.extractId());
            text.endRow();
        }
        return this;
    }

    /** One COPY per table, in the caller's transaction; returns the rows stored. */
    long copy(Connection c, Map<RawTable, String> copyStatements) throws SQLException {
        long stored = 0;
        for (Map.Entry<RawTable, BulkRows> e : perTable.entrySet()) {
            if (e.getValue().rows() == 0) continue; // a table of an earlier batch
            stored += e.getValue().copyInto(c, copyStatements.get(e.getKey()));
        }
        return stored;
    }

    static Map<RawTable, String> statements(BulkLoader bulk) {
        Map<RawTable, String> copy = new EnumMap<>(RawTable.class);
        for (RawTable t : RawTable.all()) copy.put(t, bulk.buildCopyStatement(t.tableName(), RawStore.columns(t)));
        return copy;
    }
}
