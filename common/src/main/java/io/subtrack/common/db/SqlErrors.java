package io.subtrack.common.db;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Set;

/**
 * Tells a row the database refuses (dead-letter it) from a failure of the database itself (retry,
 * or stop without committing offsets so nothing is lost). A row is blamed by SQLSTATE class 22
 * (data exception: too long, bad conversion) or 23 (integrity constraint: CHECK, FK, unique), or,
 * since SQL Server's driver does not give every such error one of those states, by SQL Server's
 * own error number ({@link #SQL_SERVER_ROW_ERRORS}). A lost connection or a deadlock never blames a row.
 */
public final class SqlErrors {
    private SqlErrors() {}

    /**
     * SQL Server error numbers that blame the row being written. mssql-jdbc 13.2 derives the
     * SQLSTATE from the error number (SQLServerException.generateStateCode, lines 366-413 at
     * v13.2.1): only 8152 (22001) and 515, 547, 2601, 2627 (23000) get a standard state; every
     * other number gets "S000" + the server's state byte, so 2628 (the truncation error SQL Server
     * 2019 and later raise instead of 8152) arrives as S0001. With xopenStates=true every server
     * error is 42000. The number is the same either way.
     */
    static final Set<Integer> SQL_SERVER_ROW_ERRORS = Set.of(
        515,  // cannot insert NULL into a NOT NULL column
        547,  // conflicts with a FOREIGN KEY or CHECK constraint
        2601, // duplicate key in a unique index
        2627, // violation of a PRIMARY KEY or UNIQUE constraint
        2628, // string or binary data would be truncated in table/column (SQL Server 2019+)
        8152, // string or binary data would be truncated (before 2019, or with trace flag 460 off)
        241,  // conversion failed converting date and/or time from a character string
        245,  // conversion failed converting a varchar value to int
        8114, // error converting data type
        8115, // arithmetic overflow converting to a data type
        1946  // index entry longer than the 1,700-byte key limit
    );

    /**
     * True when the failure blames a row. Callers that get this for a whole batch retry it row by
     * row, where each refused row shows itself and a database failure is rethrown.
     */
    public static boolean isRowRefused(SQLException e) {
        // a cause from the connection class (08) or an operator intervention such as a server
        // shutting down under the statement (57) clears the row, whatever the outer state says
        for (SQLException s : chain(e)) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("08") || state.startsWith("57"))) return false;
        }
        for (SQLException s : chain(e)) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) return true;
            if (isSqlServerRowError(s)) return true;
        }
        return isStatelessBulkCopyBatchFailure(e);
    }

    /**
     * A row error by SQL Server's error number. The number counts only where it is SQL Server's:
     * on mssql-jdbc's own exceptions, or with a state only mssql-jdbc gives (none, "S" + four
     * digits, or xopenStates' 42000), as on the BatchUpdateException its executeBatch builds
     * from one (SQLServerPreparedStatement.java 2348-2350 at v13.2.1). PostgreSQL reports 0 and
     * H2 its own numbers with standard states; neither is read as SQL Server's.
     */
    static boolean isSqlServerRowError(SQLException s) {
        if (!SQL_SERVER_ROW_ERRORS.contains(s.getErrorCode())) return false;
        if (s.getClass().getName().startsWith("com.microsoft.sqlserver.jdbc.")) return true;
        String state = s.getSQLState();
        return state == null || state.matches("S\\d{4}") || state.equals("42000");
    }

    /** The exception, its causes and its chained next exceptions (the driver chains further server messages). */
    private static Iterable<SQLException> chain(SQLException e) {
        java.util.List<SQLException> all = new java.util.ArrayList<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty() && all.size() < 64) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) continue;
            if (t instanceof SQLException s) {
                all.add(s);
                if (s.getNextException() != null) todo.add(s.getNextException());
            }
            if (t.getCause() != null) todo.add(t.getCause());
        }
        return all;
    }

    /**
     * mssql-jdbc's bulk copy of a batched INSERT (useBulkCopyForBatchInsert, which Database turns
     * on for SQL Server) reports any server error as a BatchUpdateException holding only the
     * message: no SQLSTATE, no error code, no cause (SQLServerPreparedStatement.java 2305-2307 at
     * v13.2.1). A duplicate key then looks like no row's fault, and the batch would be retried
     * until the stage gives up. Such a failure may blame a row, so the batch goes row by row: those
     * plain INSERTs carry the server's state and number, so a refused row is dead-lettered and a
     * database failure is rethrown from there.
     */
    static boolean isStatelessBulkCopyBatchFailure(SQLException e) {
        return e instanceof BatchUpdateException && e.getSQLState() == null && e.getErrorCode() == 0 && e.getCause() == null;
    }
}
