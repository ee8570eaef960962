package io.subtrack.common.db;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Set;

/**
 * The SQL Server part of {@link SqlServerDialect#isRowRefused}: mssql-jdbc does not give every error that blames
 * a row a standard SQLSTATE, so such errors are also told by SQL Server's own error number.
 */
final class SqlServerErrors {
    private SqlServerErrors() {}

    /**
     * SQL Server error numbers that blame the row being written. mssql-jdbc 13.2 derives the
     * SQLSTATE from the error number (SQLServerException.generateStateCode, lines 366-413 at
     * v13.2.1): only 8152 (22001) and 515, 547, 2601, 2627 (23000) get a standard state; every
     * other number gets "S000" + the server's state byte, so 2628 (the truncation error SQL Server
     * 2019 and later raise instead of 8152) arrives as S0001. With xopenStates=true every server
     * error is 42000. The number is the same either way.
     */
    static final Set<Integer> ROW_ERRORS = Set.of(
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
     * A row error by SQL Server's error number. The number counts only where it is SQL Server's:
     * on mssql-jdbc's own exceptions, or with a state only mssql-jdbc gives (none, "S" + four
     * digits, or xopenStates' 42000), as on the BatchUpdateException its executeBatch builds
     * from one (SQLServerPreparedStatement.java 2348-2350 at v13.2.1). PostgreSQL reports 0 and
     * H2 its own numbers with standard states; neither is read as SQL Server's.
     */
    static boolean isRowError(SQLException s) {
        if (!ROW_ERRORS.contains(s.getErrorCode())) return false;
        if (s.getClass().getName().startsWith("com.microsoft.sqlserver.jdbc.")) return true;
        String state = s.getSQLState();
        return state == null || isDriverState(state) || state.equals("42000");
    }

    /** "S" and four digits: the state mssql-jdbc makes of the server's state byte. */
    private static boolean isDriverState(String state) {
        if (state.length() != 5 || state.charAt(0) != 'S') return false;
        for (int i = 1; i < 5; i++) if (!Character.isDigit(state.charAt(i))) return false;
        return true;
    }

    /**
     * mssql-jdbc's bulk copy of a batched INSERT (useBulkCopyForBatchInsert, which the dialect's connection
     * defaults turn on) reports any server error as a BatchUpdateException holding only the
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
