package io.subtrack.transformer.source;

import io.subtrack.common.schema.RawTable;

/** Where raw records come from: the raw database or a raw JSON file. Each scan returns rows in rowId order. */
public interface RawSource extends AutoCloseable {
    interface RowHandler {
        void accept(RawRow row) throws Exception;
    }

    void scan(RawTable table, RowHandler handler) throws Exception;

    /** A short description for logs (never a password). */
    String describe();

    @Override
    void close() throws Exception;
}
