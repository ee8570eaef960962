package io.subtrack.common.db;

import java.sql.BatchUpdateException;
import java.sql.SQLException;

/**
 * Tells a row the database refuses (dead-letter it) from a failure of the database itself (retry,
 * or stop without committing offsets so nothing is lost). Only SQLSTATE classes 22 (data
 * exception: too long, bad conversion) and 23 (integrity constraint: CHECK, FK, unique) blame the
 * row; a lost connection or a deadlock does not.
 */
public final class SqlErrors {
    private SqlErrors() {}

    /**
     * True when the failure blames a row. Callers that get this for a whole batch retry it row by
     * row, where each refused row shows itself and a database failure is rethrown.
     */
    public static boolean isRowRefused(SQLException e) {
        // a cause from the connection class (08) or an operator intervention such as a server
        // shutting down under the statement (57) clears the row, whatever the outer state says
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57"))) {
                return false;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                && (s.getSQLState().startsWith("22") || s.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return isStatelessBulkCopyBatchFailure(e);
    }

    /**
     * mssql-jdbc's bulk copy of a batched INSERT (useBulkCopyForBatchInsert, which Database turns
     * on for SQL Server) reports any server error as a BatchUpdateException holding only the
     * message: no SQLSTATE, no error code, no cause. A duplicate key then looks like no row's
     * fault, and the batch would be retried until the stage gives up. Such a failure may blame a
     * row, so the batch goes row by row: those plain INSERTs carry the server's SQLSTATE, so a
     * refused row is dead-lettered and a database failure is rethrown from there.
     */
    static boolean isStatelessBulkCopyBatchFailure(SQLException e) {
        return e instanceof BatchUpdateException && e.getSQLState() == null && e.getErrorCode() == 0 && e.getCause() == null;
    }
}
