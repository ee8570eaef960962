package io.subtrack.common.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Rows for one table encoded in memory in a database's bulk format, then sent with one bulk statement
 * ({@link BulkLoader#buildCopyStatement}). Values are written column by column, each row ended by {@link #endRow};
 * a null value is SQL NULL. One buffer per table, reused: {@link #clear} keeps its memory.
 */
public interface BulkRows {
    BulkRows text(String value);

    BulkRows bytes(byte[] value);

    BulkRows number(long value);

    void endRow();

    int rows();

    void clear();

    /** Sends the rows with {@code copyStatement}, in the connection's transaction; returns the rows the server stored. */
    long copyInto(Connection c, String copyStatement) throws SQLException;
}
