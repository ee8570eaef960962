package io.subtrack.transformer;

/** Reads one processed column's value from a raw record, firing the column's rules on the record's context. */
interface ColumnReader {
    /** {@code row} is the processed row being built: the columns before this one are already read. */
    Object read(RecordContext ctx, Object[] row);
}
