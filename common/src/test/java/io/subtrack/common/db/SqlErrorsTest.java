package io.subtrack.common.db;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class SqlErrorsTest {
    @Test
    void integrityAndDataExceptionsBlameTheRow() {
        assertTrue(SqlErrors.isRowRefused(new SQLException("Violation of PRIMARY KEY constraint", "23000", 2627)));
        assertTrue(SqlErrors.isRowRefused(new SQLException("String or binary data would be truncated", "22001", 8152)));
        assertTrue(SqlErrors.isRowRefused(new SQLException("wrapped", "S0001", 0,
            new SQLException("The INSERT statement conflicted with the CHECK constraint", "23000", 547))));
    }

    @Test
    void databaseFailuresDoNotBlameTheRow() {
        assertFalse(SqlErrors.isRowRefused(new SQLException("Connection reset", "08S01", 0)));
        assertFalse(SqlErrors.isRowRefused(new SQLException("deadlock victim", "40001", 1205)));
        assertFalse(SqlErrors.isRowRefused(new SQLException("no state at all")));
        assertFalse(SqlErrors.isRowRefused(new BatchUpdateException("connection lost", "08S01", 0, null)));
    }

    /** Built exactly as mssql-jdbc 13.2 builds it in executeBatch's bulk copy path: message only. */
    @Test
    void aBulkCopyBatchFailureWithoutStateIsRetriedRowByRow() {
        BatchUpdateException bulkCopy = new BatchUpdateException(
            "Violation of UNIQUE KEY constraint 'uq_raw_User_record'. Cannot insert duplicate key in object 'dbo.raw_User'.",
            null, 0, null);
        assertTrue(SqlErrors.isRowRefused(bulkCopy));
    }
}
