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

    /** Standard SQL for a URL no dialect accepts (a test's in-memory database): no defaults, no hints. */
    private static final DatabaseDialect UNKNOWN = new GenericDialect("an unknown database");

    private Database() {}

    public static Connection connect(DatabaseOptions options) {
        return connect(options.jdbcUrl, options.user, options.password());
    }

    public static Connection connect(String url, String user, String password) {
        Properties props = connectionProperties(url, user, password);
        DatabaseDialect dialect = DatabaseDialect.find(url).orElse(UNKNOWN);
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        long deadline = System.nanoTime() + SERVER_START_WAIT_SECONDS * 1_000_000_000L;
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection(url, props);
            } catch (SQLException e) {
                if (!dialect.isServerStarting(e) || System.nanoTime() > deadline) {
                    throw new StageFailure("cannot connect to database " + redact(url) + ": " + firstLine(e.getMessage())
                        + dialect.connectionFailureHint(e), e);
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
     * The properties passed to the driver with the URL: the user, the password, and the dialect's
     * {@link DatabaseDialect#connectionDefaults}; a setting the URL names is left to the URL.
     */
    static Properties connectionProperties(String url, String user, String password) {
        Properties props = new Properties();
        if (user != null) props.setProperty("user", user);
        if (password != null && !password.isEmpty()) props.setProperty("password", password);
        DatabaseDialect.find(url).ifPresent(d ->
            d.connectionDefaults(LOGIN_TIMEOUT_SECONDS).forEach((key, value) -> setUnlessInUrl(props, url, key, value)));
        return props;
    }

    private static void setUnlessInUrl(Properties props, String url, String key, String value) {
        if (!url.toLowerCase(Locale.ROOT).contains(key.toLowerCase(Locale.ROOT) + "=")) props.setProperty(key, value);
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
