package io.subtrack.transformer.source;

import io.subtrack.common.schema.RawTable;

/** Where raw records come from: the raw database or a raw JSON file. Each scan returns rows in rowId order. */
public interface RawSource extends AutoCloseable {
    interface RowHandler {
        void accept(RawRow row) throws Exception;
    }

    /** Sees only what deduplication needs: the record's natural key fields, its date_extraction and its row id. */
    interface KeyHandler {
        void accept(String[] keyValues, String dateExtraction, long rowId) throws Exception;
    }

    void scan(RawTable table, RowHandler handler) throws Exception;

    /** A cheaper scan for deduplication; by default a full scan. */
    default void scanKeys(RawTable table, KeyHandler handler) throws Exception {
        int[] keyIdx = table.keyFields().stream().mapToInt(f -> RawRow.indexOf(table, f)).toArray();
        int dateIdx = RawRow.indexOf(table, "date_extraction");
        scan(table, row -> {
            String[] k = new String[keyIdx.length];
            for (int i = 0; i < k.length; i++) k[i] = row.values()[keyIdx[i]];
            handler.accept(k, row.values()[dateIdx], row.rowId());
        });
    }

    /** A short description for logs (never a password). */
    String describe();

    @Override
    void close() throws Exception;
}
