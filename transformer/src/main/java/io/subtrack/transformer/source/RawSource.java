package io.subtrack.transformer.source;

import static io.subtrack.common.schema.RawFields.*;

import io.subtrack.common.schema.RawTable;
import java.util.List;

/** Where raw records come from: the raw database or a raw JSON file. Each scan returns rows in rowId order. */
public interface RawSource extends AutoCloseable {
    interface RowHandler {
        void accept(RawRecord row) throws Exception;
    }

    /** Sees only what deduplication needs: the record's natural key fields, its date_extraction and its row id. */
    interface KeyHandler {
        void accept(String[] keyValues, String dateExtraction, long rowId) throws Exception;
    }

    void scan(RawTable table, RowHandler handler) throws Exception;

    /** A cheaper scan for deduplication; by default a full scan. */
    default void scanKeys(RawTable table, KeyHandler handler) throws Exception {
        int[] keyIdx = table.keyFields().stream().mapToInt(f -> RawRecord.indexOf(table, f)).toArray();
        int dateIdx = RawRecord.indexOf(table, EXTRACTED_AT);
        scan(table, row -> {
            String[] k = new String[keyIdx.length];
            for (int i = 0; i < k.length; i++) k[i] = row.values()[keyIdx[i]];
            handler.accept(k, row.values()[dateIdx], row.rowId());
        });
    }

    /**
     * Announces the order in which the tables will be scanned, so a source may read ahead (the
     * database source reads the next tables while the current one is cleaned). Optional.
     */
    default void plan(List<RawTable> order) throws Exception {}

    /** How many rows a scan of the table will see, when known cheaply (to size per-key state once); -1 otherwise. */
    default long rowCount(RawTable table) throws Exception {
        return -1;
    }

    /** Nothing will scan this table again: a source may drop what it keeps of it. */
    default void release(RawTable table) throws Exception {}

    /** A short description for logs (never a password). */
    String describe();

    @Override
    void close() throws Exception;
}
