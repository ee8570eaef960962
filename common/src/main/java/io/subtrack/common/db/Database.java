package io.subtrack.common.db;

import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.config.DatabaseOptions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** Opens connections for the stages: fails within seconds with a one-line reason, never echoes the password. */
public final class Database {
    static final int LOGIN_TIMEOUT_SECONDS = 15;

    private Database() {}

    public static Connection connect(DatabaseOptions options) {
        return connect(options.jdbcUrl, options.user, options.password());
    }

    public static Connection connect(String url, String user, String password) {
        Properties props = new Properties();
        if (user != null) props.setProperty("user", user);
        if (password != null) props.setProperty("password", password);
        if (url.startsWith("jdbc:sqlserver:") && !url.toLowerCase().contains("logintimeout")) {
            props.setProperty("loginTimeout", String.valueOf(LOGIN_TIMEOUT_SECONDS));
        }
        DriverManager.setLoginTimeout(LOGIN_TIMEOUT_SECONDS);
        long deadline = System.nanoTime() + LOGIN_TIMEOUT_SECONDS * 1_000_000_000L;
        for (int attempt = 1; ; attempt++) {
            try {
                return DriverManager.getConnection(url, props);
            } catch (SQLException e) {
                if (!isH2FileHandover(e) || System.nanoTime() > deadline) {
                    throw new StageFailure("cannot connect to database " + redact(url) + ": " + firstLine(e.getMessage()), e);
                }
                // another process is opening or closing the shared H2 file (AUTO_SERVER): its lock settles in moments
                try {
                    Thread.sleep(Math.min(1000, 100L * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new StageFailure("interrupted while connecting to " + redact(url), ie);
                }
            }
        }
    }

    /** H2's errors while the file database changes hands between processes: worth another try. */
    static boolean isH2FileHandover(SQLException e) {
        String m = String.valueOf(e.getMessage());
        return e.getErrorCode() == 90020 || m.contains("Lock file recently modified")
            || m.contains("Another process was faster") || m.contains("Connection is broken")
            || m.contains("Database may be already in use");
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
