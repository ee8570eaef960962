package io.subtrack.common.db;

import io.subtrack.common.config.DatabaseOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.sqlserver.jdbc.SQLServerDriver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class DatabaseTest {
    /** The URL docs/production.md gives for the compose stack. */
    static final String DOCUMENTED_RAW_URL =
        "jdbc:sqlserver://localhost:1433;databaseName=Raw_Subscription_Data_DB;encrypt=true;trustServerCertificate=true";

    @Test
    void sqlServerConnectionsGetBulkCopyAndUnicodeStrings() {
        Properties p = Database.connectionProperties(DOCUMENTED_RAW_URL, "sa", "secret");
        assertEquals("true", p.getProperty("useBulkCopyForBatchInsert"));
        assertEquals("true", p.getProperty("sendStringParametersAsUnicode"));
        assertEquals(String.valueOf(Database.LOGIN_TIMEOUT_SECONDS), p.getProperty("loginTimeout"));
        assertEquals("sa", p.getProperty("user"));
    }

    @Test
    void aSettingInTheUrlIsLeftToTheUrl() {
        Properties p = Database.connectionProperties(
            DOCUMENTED_RAW_URL + ";useBulkCopyForBatchInsert=false;sendStringParametersAsUnicode=false;loginTimeout=3",
            "sa", "secret");
        assertNull(p.getProperty("useBulkCopyForBatchInsert"));
        assertNull(p.getProperty("sendStringParametersAsUnicode"));
        assertNull(p.getProperty("loginTimeout"));
    }

    @Test
    void postgresGetsNoSqlServerSettingsAndNoEmptyPassword() {
        Properties p = Database.connectionProperties(DatabaseOptions.EMBEDDED_URL, null, "");
        assertFalse(p.containsKey("password"), "an empty password is not sent");
        assertFalse(p.containsKey("user"), "the URL names the user");
        assertFalse(p.containsKey("useBulkCopyForBatchInsert"));
        assertFalse(p.containsKey("sendStringParametersAsUnicode"));
    }

    /**
     * The driver itself parses the documented URL and our properties: a misspelt property name
     * would not come back from getPropertyInfo, and encrypt/trustServerCertificate are read from the URL.
     */
    @Test
    void mssqlJdbcRecognisesEverySettingWeSend() throws SQLException {
        Properties p = Database.connectionProperties(DOCUMENTED_RAW_URL, "sa", "secret");
        Map<String, String> seen = new HashMap<>();
        for (DriverPropertyInfo info : new SQLServerDriver().getPropertyInfo(DOCUMENTED_RAW_URL, p)) {
            seen.put(info.name, info.value);
        }
        for (Map.Entry<String, String> setting : SqlServerDialect.DRIVER_DEFAULTS.entrySet()) {
            assertEquals(setting.getValue(), seen.get(setting.getKey()), setting.getKey());
        }
        assertEquals("true", seen.get("encrypt"));
        assertEquals("true", seen.get("trustServerCertificate"));
        assertEquals("Raw_Subscription_Data_DB", seen.get("databaseName"));
    }

    @Test
    void anUntrustedCertificateGetsAHintNamingTheUrlOption() {
        SQLException e = new SQLException("The driver could not establish a secure connection to SQL Server by using"
            + " Secure Sockets Layer (SSL) encryption. Error: \"PKIX path building failed\"");
        assertTrue(DatabaseDialect.forUrl(DOCUMENTED_RAW_URL).connectionFailureHint(e).contains("trustServerCertificate=true"));
        assertEquals("", DatabaseDialect.forUrl(DatabaseOptions.EMBEDDED_URL).connectionFailureHint(e));
        assertEquals("", DatabaseDialect.forUrl(DOCUMENTED_RAW_URL).connectionFailureHint(new SQLException("Login failed for user 'sa'.")));
    }

    /** The dialect's error classification and the retries read the states and error numbers the driver gives with these two settings. */
    @Test
    void sqlServerConnectionsPinTextTemporalBulkCopyAndNonXopenStates() {
        Properties p = Database.connectionProperties(DOCUMENTED_RAW_URL, "sa", "secret");
        assertEquals("false", p.getProperty("xopenStates"));
        assertEquals("true", p.getProperty("sendTemporalDataTypesAsStringForBulkCopy"));
    }

    /**
     * A SQL Server that does not listen yet (a container starting): the real driver's refusal, on a
     * port nothing listens on, is worth another try. mssql-jdbc reports it as 08S01.
     */
    @Test
    void aRefusedSqlServerConnectionIsWorthAnotherTry() throws Exception {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "jdbc:sqlserver://127.0.0.1:" + port + ";encrypt=false;loginTimeout=5;connectRetryCount=0";
        SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
            () -> new SQLServerDriver().connect(url, Database.connectionProperties(url, "sa", "secret")));
        assertEquals("08S01", refused.getSQLState(), refused.getMessage());
        assertTrue(DatabaseDialect.forUrl(url).isServerStarting(refused), refused.getMessage());
    }

    @Test
    void aServerStillStartingIsWorthAnotherTryARefusedLoginIsNot() {
        DatabaseDialect postgres = DatabaseDialect.forUrl(DatabaseOptions.EMBEDDED_URL);
        DatabaseDialect sqlServer = DatabaseDialect.forUrl(DOCUMENTED_RAW_URL);
        assertTrue(postgres.isServerStarting(new SQLException("Connection refused", "08001")));
        assertTrue(sqlServer.isServerStarting(new SQLException("The TCP/IP connection to the host has failed", "08S01")));
        assertFalse(sqlServer.isServerStarting(new SQLException("Login failed for user 'sa'.", "S0001", 18456)));
        assertTrue(postgres.isServerStarting(new SQLException("the database system is starting up", "57P03")));
        assertFalse(postgres.isServerStarting(new SQLException("password authentication failed", "28P01")));
        assertFalse(postgres.isServerStarting(new SQLException("database \"x\" does not exist", "3D000")));
        // each database's own states are its own: PostgreSQL's "starting up" is not SQL Server's, nor 08S01 PostgreSQL's
        assertFalse(sqlServer.isServerStarting(new SQLException("the database system is starting up", "57P03")));
        assertFalse(postgres.isServerStarting(new SQLException("communication link failure", "08S01")));
    }

    @Test
    void redactMasksThePasswordInAUrl() {
        assertEquals("jdbc:sqlserver://h;password=****;user=sa", Database.redact("jdbc:sqlserver://h;password=s3cr3t;user=sa"));
    }
}
