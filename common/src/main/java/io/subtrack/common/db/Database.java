package io.subtrack.common.db;

import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.config.DatabaseOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/** Opens connections for the stages: fails within seconds with a one-line reason, never echoes the password. */
public final class Database {
    static final int LOGIN_TIMEOUT_SECONDS = 15;
    /** How long a refused connection is tried again: a dev-db restart takes 1-3 s. */
    static final int SERVER_START_WAIT_SECONDS = 10;

    /**
     * Driver settings SubTrack applies to every SQL Server connection unless the URL sets them.
     * <ul>
     *   <li>{@code useBulkCopyForBatchInsert=true}: the raw loader's batches of plain parameterised
     *       INSERTs go over the TDS bulk-load protocol instead of one RPC per row.</li>
     *   <li>{@code bulkCopyForBatchInsertCheckConstraints=true}: bulk copy skips CHECK and FOREIGN
     *       KEY constraints unless told otherwise, leaving them untrusted and needing ALTER TABLE
     *       permission; checked, the bulk path stores exactly what the plain INSERT would.</li>
     *   <li>{@code sendStringParametersAsUnicode=true} (the driver's default, pinned so a URL
     *       copied from elsewhere does not silently change it): every string column of ours is
     *       NVARCHAR, so a Unicode parameter matches the column type, keeps index seeks, and
     *       carries the non-ASCII text of the source (accents, the euro sign) intact. Sending
     *       VARCHAR would convert through the database's code page and lose what it cannot hold.</li>
     *   <li>{@code sendTemporalDataTypesAsStringForBulkCopy=true} (the driver's default, pinned): bulk
     *       copy sends a DATETIME2 value as VARCHAR(27) text and the server converts it
     *       (SQLServerBulkCopy.java 1114-1118 and 2268-2281 at v13.2.1). The raw loader binds a
     *       {@code LocalDateTime} of at most 6 fractional digits, which the driver formats as
     *       ISO_LOCAL_DATE_TIME (2501-2502): at most 26 characters. With {@code false} the driver
     *       would rebuild a Timestamp from {@code LocalDateTime.toString()} (2681-2686), which
     *       {@code Timestamp.valueOf} refuses for its 'T'.</li>
     *   <li>{@code xopenStates=false} (the driver's default, pinned): SQLSTATEs derived from the
     *       server's error number (23000 for a key or constraint violation, 22001 for truncation,
     *       40001 for a deadlock) instead of 42000 for every server error
     *       (SQLServerException.java 365-413 at v13.2.1). SqlErrors reads the error number too.</li>
     * </ul>
     */
    static final String[][] SQL_SERVER_DEFAULTS = {
        {"useBulkCopyForBatchInsert", "true"},
        {"bulkCopyForBatchInsertCheckConstraints", "true"},
        {"sendStringParametersAsUnicode", "true"},
        {"sendTemporalDataTypesAsStringForBulkCopy", "true"},
        {"xopenStates", "false"},
    };

    private Database() {}

    public static Connection connect(DatabaseOptions options) {
        return connect(options.jdbcUrl, options.user, options.password());
    }

    public static Connection connect(String url, String user, String password) {
        Properties props = connectionProperties(url, user, password);
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        long deadline = System.nanoTime() + SERVER_START_WAIT_SECONDS * 1_000_000_000L;
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection(url, props);
            } catch (SQLException e) {
                if (!isServerStarting(e) || System.nanoTime() > deadline) {
                    throw new StageFailure("cannot connect to database " + redact(url) + ": " + firstLine(e.getMessage())
                        + hint(url, e), e);
                }
                // the server is (re)starting: a dev-db restart takes a second or two, a failover longer
                try {
                    Thread.sleep(Math.min(1000, 100L * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StageFailure("interrupted while connecting to " + redact(url), ie);
                }
            }
        }
    }

    /**
     * Refused connections and PostgreSQL's "the database system is starting up / shutting down /
     * in recovery" (57P03): worth another try within the login timeout. pgjdbc reports a refused
     * connection as 08001 (or 08006 once connected); mssql-jdbc raises 08001 for a TCP connection
     * that could not be opened and, with xopenStates=false (its default, which we pin), maps it to
     * 08S01 (SQLServerException.java 317, 339-340 at v13.2.1). A refused login (SQL Server
     * 18456, S0001; PostgreSQL 28P01) is not retried.
     */
    static boolean isServerStarting(SQLException e) {
        String state = e.getSQLState();
        return "08001".equals(state) || "08006".equals(state) || "08S01".equals(state) || "57P03".equals(state);
    }

    /** The properties passed to the driver with the URL; a setting the URL names is left to the URL. */
    static Properties connectionProperties(String url, String user, String password) {
        Properties props = new Properties();
        if (user != null) props.setProperty("user", user);
        if (password != null && !password.isEmpty()) props.setProperty("password", password);
        if (isSqlServer(url)) {
            setUnlessInUrl(props, url, "loginTimeout", String.valueOf(LOGIN_TIMEOUT_SECONDS));
            for (String[] setting : SQL_SERVER_DEFAULTS) setUnlessInUrl(props, url, setting[0], setting[1]);
        }
        return props;
    }

    static boolean isSqlServer(String url) {
        return url.startsWith("jdbc:sqlserver:");
    }

    private static void setUnlessInUrl(Properties props, String url, String key, String value) {
        if (!url.toLowerCase(Locale.ROOT).contains(key.toLowerCase(Locale.ROOT) + "=")) props.setProperty(key, value);
    }

    /**
     * What to change when the usual production mistake happened: mssql-jdbc encrypts by default
     * and then refuses the self-signed certificate a fresh SQL Server container presents.
     */
    static String hint(String url, SQLException e) {
        if (!isSqlServer(url)) return "";
        String chain = "";
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) chain += " " + t.getMessage();
        if (chain.contains("PKIX") || chain.contains("certificate")) {
            return " (the server's TLS certificate is not trusted: import its CA into the JVM trust store, or for a"
                + " development server add ;trustServerCertificate=true to the URL)";
        }
        return "";
    }

    /** The URL with any password=... part masked, for messages and logs. */
    public static String redact(String url) {
        return url.replaceAll("(?i)(password|pwd)=[^;&]*", "$1=****");
    }

    static String firstLine(String s) {
        if (s == null) return "";
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
