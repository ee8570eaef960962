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

/** Which failures blame a row: each dialect's {@link DatabaseDialect#isRowRefused}. */
class SqlErrorsTest {
    private static final DatabaseDialect SQL_SERVER = DatabaseDialect.forUrl("jdbc:sqlserver://db:1433");
    private static final DatabaseDialect POSTGRES = DatabaseDialect.forUrl("jdbc:postgresql://db/subtrack");

    /** The standard states blame a row on every database; a lost connection never does. */
    @Test
    void everyDialectBlamesARowByItsStandardState() {
        for (DatabaseDialect d : java.util.List.of(SQL_SERVER, POSTGRES)) {
            assertTrue(d.isRowRefused(new SQLException("new row violates check constraint", "23514")), d.name());
            assertTrue(d.isRowRefused(new SQLException("value too long for type character varying(40)", "22001")), d.name());
            assertFalse(d.isRowRefused(new SQLException("terminating connection due to administrator command", "57P01")), d.name());
            assertFalse(d.isRowRefused(new BatchUpdateException("batch", "23505", 0, new int[0],
                new SQLException("An I/O error occurred while sending to the backend.", "08006"))), d.name());
        }
    }

    /** SQL Server's error numbers and its bulk copy's stateless failure are SQL Server's own: PostgreSQL's dialect ignores them. */
    @Test
    void onlyTheSqlServerDialectReadsSqlServerErrorNumbers() {
        SQLException truncated = new SQLException("String or binary data would be truncated in table", "S0001", 2628);
        BatchUpdateException bulkCopy = new BatchUpdateException("Violation of UNIQUE KEY constraint", null, 0, null);
        assertTrue(SQL_SERVER.isRowRefused(truncated));
        assertTrue(SQL_SERVER.isRowRefused(bulkCopy));
        assertFalse(POSTGRES.isRowRefused(truncated));
        assertFalse(POSTGRES.isRowRefused(bulkCopy));
    }

    @Test
    void integrityAndDataExceptionsBlameTheRow() {
        assertTrue(SQL_SERVER.isRowRefused(new SQLException("Violation of PRIMARY KEY constraint", "23000", 2627)));
        assertTrue(SQL_SERVER.isRowRefused(new SQLException("String or binary data would be truncated", "22001", 8152)));
        assertTrue(SQL_SERVER.isRowRefused(new SQLException("wrapped", "S0001", 0,
            new SQLException("The INSERT statement conflicted with the CHECK constraint", "23000", 547))));
    }

    @Test
    void databaseFailuresDoNotBlameTheRow() {
        assertFalse(SQL_SERVER.isRowRefused(new SQLException("Connection reset", "08S01", 0)));
        assertFalse(SQL_SERVER.isRowRefused(new SQLException("deadlock victim", "40001", 1205)));
        assertFalse(SQL_SERVER.isRowRefused(new SQLException("no state at all")));
        assertFalse(SQL_SERVER.isRowRefused(new BatchUpdateException("connection lost", "08S01", 0, null)));
    }

    /** Built exactly as mssql-jdbc 13.2 builds it in executeBatch's bulk copy path: message only. */
    @Test
    void aBulkCopyBatchFailureWithoutStateIsRetriedRowByRow() {
        BatchUpdateException bulkCopy = new BatchUpdateException(
            "Violation of UNIQUE KEY constraint 'uq_raw_User_record'. Cannot insert duplicate key in object 'dbo.raw_User'.",
            null, 0, null);
        assertTrue(SQL_SERVER.isRowRefused(bulkCopy));
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
        for (int number : SqlServerErrors.ROW_ERRORS) {
            String state = driverState(number);
            states.put(number, state);
            assertTrue(SQL_SERVER.isRowRefused(driverException("error " + number, state, number)), number + " as " + state);
            assertTrue(SQL_SERVER.isRowRefused(driverException("error " + number, "42000", number)), number + " with xopenStates");
            assertTrue(SQL_SERVER.isRowRefused(new BatchUpdateException("error " + number, state, number, new int[0])),
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
        assertFalse(SQL_SERVER.isRowRefused(new SQLException("wrapped", "S0001", 2628,
            new SQLException("Connection reset", "08S01", 0))), "a lost connection clears the row");
        assertFalse(SQL_SERVER.isRowRefused(driverException("deadlock victim", driverState(1205), 1205)));
        assertEquals("40001", driverState(1205));
        assertFalse(SQL_SERVER.isRowRefused(driverException("login failed", driverState(18456), 18456)));
        // another driver's numbers with a standard state are not SQL Server's (H2: table not found)
        assertFalse(SQL_SERVER.isRowRefused(new SQLException("Table not found", "42S02", 547)));
    }
}
