package io.subtrack.transformer;

/** Cleans a winning raw record; returns the processed row to write, or null (rejected, or merged into another table's row). */
interface Cleaner {
    OutRow clean(RecordContext ctx) throws Exception;
}
