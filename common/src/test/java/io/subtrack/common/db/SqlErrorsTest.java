package io.subtrack.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.sqlserver.jdbc.SQLServerException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;
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

    /** The SQLSTATE mssql-jdbc 13.2.1 itself derives from a server error number (xopenStates=false, server state byte 1). */
    private static String driverState(int errorNumber) throws ReflectiveOperationException {
        Class<?> connection = Class.forName("com.microsoft.sqlserver.jdbc.SQLServerConnection");
        Method m = SQLServerException.class.getDeclaredMethod("generateStateCode", connection, int.class, Integer.class);
        m.setAccessible(true);
        return (String) m.invoke(null, null, errorNumber, 1);
    }

    /** A SQLServerException with that state and number, through the driver's own constructor. */
    private static SQLServerException driverException(String message, String state, int errorNumber) throws ReflectiveOperationException {
        Constructor<SQLServerException> c =
            SQLServerException.class.getDeclaredConstructor(String.class, String.class, int.class, Throwable.class);
        c.setAccessible(true);
        return c.newInstance(message, state, errorNumber, null);
    }

    /**
     * Every SQL Server error that blames the row, as the driver reports it: by the state the driver
     * gives (22001/23000 for five of them, S0001 for the rest, e.g. 2628, SQL Server 2019's
     * truncation error), with xopenStates=true (42000 for all), and copied into the
     * BatchUpdateException of a non-bulk executeBatch. Each is a refused row.
     */
    @Test
    void sqlServerRowErrorsBlameTheRowByNumberWhateverStateTheDriverGives() throws Exception {
        Map<Integer, String> states = new TreeMap<>();
        for (int number : SqlErrors.SQL_SERVER_ROW_ERRORS) {
            String state = driverState(number);
            states.put(number, state);
            assertTrue(SqlErrors.isRowRefused(driverException("error " + number, state, number)), number + " as " + state);
            assertTrue(SqlErrors.isRowRefused(driverException("error " + number, "42000", number)), number + " with xopenStates");
            assertTrue(SqlErrors.isRowRefused(new BatchUpdateException("error " + number, state, number, new int[0])),
                number + " in a batch");
        }
        // the reason the number is read: most of these get no standard state from the driver
        assertEquals("S0001", states.get(2628));
        assertEquals("S0001", states.get(245));
        assertEquals("23000", states.get(2627));
        assertEquals(11, states.size());
    }

    @Test
    void aRowErrorNumberUnderAConnectionFailureOrFromAnotherDatabaseDoesNotBlameTheRow() throws Exception {
        assertFalse(SqlErrors.isRowRefused(new SQLException("wrapped", "S0001", 2628,
            new SQLException("Connection reset", "08S01", 0))), "a lost connection clears the row");
        assertFalse(SqlErrors.isRowRefused(driverException("deadlock victim", driverState(1205), 1205)));
        assertEquals("40001", driverState(1205));
        assertFalse(SqlErrors.isRowRefused(driverException("login failed", driverState(18456), 18456)));
        // another driver's numbers with a standard state are not SQL Server's (H2: table not found)
        assertFalse(SqlErrors.isRowRefused(new SQLException("Table not found", "42S02", 547)));
    }
}
