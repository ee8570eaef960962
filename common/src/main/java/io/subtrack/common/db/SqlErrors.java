package io.subtrack.common.db;

import java.sql.SQLException;

/**
 * Tells a row the database refuses (dead-letter it) from a failure of the database itself (retry,
 * or stop without committing offsets so nothing is lost). Only SQLSTATE classes 22 (data
 * exception: too long, bad conversion) and 23 (integrity constraint: CHECK, FK, unique) blame the
 * row; a lost connection or a deadlock does not.
 */
public final class SqlErrors {
    private SqlErrors() {}

    public static boolean isRowRefused(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null
                && (s.getSQLState().startsWith("22") || s.getSQLState().startsWith("23"))) {
                return true;
            }
        }
        return false;
    }
}
