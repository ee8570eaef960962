package io.subtrack.common.db;

import java.sql.SQLException;

/**
 * Tells a row the database refuses (dead-letter it) from a failure of the database itself (retry,
 * or stop without committing offsets so nothing is lost). Only SQLSTATE classes 22 (data
 * exception: too long, bad conversion) and 23 (integrity constraint: CHECK, FK, unique) blame the
 * row; a lost connection or a deadlock does not.
 */
public final class SqlErrors {
    private static final int H2_DATABASE_CLOSED = 90098;
    private static final int H2_CONNECTION_BROKEN = 90067;

    private SqlErrors() {}

    public static boolean isRowRefused(SQLException e) {
        // H2 reports a database closed under it while checking a row as a CHECK failure (23514):
        // a cause from the connection class (08) or H2's "database closed" (90098) clears the row
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && (s.getErrorCode() == H2_DATABASE_CLOSED || s.getErrorCode() == H2_CONNECTION_BROKEN
                || (s.getSQLState() != null && s.getSQLState().startsWith("08")))) {
                return false;
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                && (s.getSQLState().startsWith("22") || s.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }
}
