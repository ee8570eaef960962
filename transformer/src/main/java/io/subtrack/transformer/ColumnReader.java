package io.subtrack.transformer;

/** Reads one processed column's value from a raw record, firing the column's rules on the record's context. */
interface ColumnReader {
    Object read(RecordContext ctx);
}
