package io.subtrack.common.config;

import io.subtrack.common.cli.StageFailure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Database connection options shared by every program that talks to a database (picocli mixin). */
public class DatabaseOptions {
    /**
     * The embedded default: one H2 file database under ./data, shared by all six processes
     * (AUTO_SERVER: the first process to open it serves it to the others). H2 keeps its default
     * write delay (commits reach the file up to 500 ms later): the consumers start from the offsets
     * stored in the database with the rows, so a commit lost by a killed process is read again.
     * No DB_CLOSE_DELAY=-1: with the database kept open, H2 2.4 evaluates a CHECK constraint through the (closed) session that created it and
     * refuses every MERGE update with "Check constraint invalid ... database has been closed".
     */
    public static final String EMBEDDED_URL =
        "jdbc:h2:file:./data/subtrack;MODE=MSSQLServer;AUTO_SERVER=TRUE";

    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = EMBEDDED_URL,
        description = "JDBC URL of the database (default: embedded H2 under ./data; env SUBTRACK_JDBC_URL).")
    public String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "USER", defaultValue = "sa",
        description = "Database user (default: ${DEFAULT-VALUE}).")
    public String user;

    @Option(names = "--db-password-file", paramLabel = "FILE",
        description = "File holding the database password. Or set SUBTRACK_DB_PASSWORD. Never printed.")
    public Path passwordFile;

    @Option(names = "--db-password-env", paramLabel = "VAR", defaultValue = "SUBTRACK_DB_PASSWORD", hidden = true,
        description = "Environment variable holding the database password (default: ${DEFAULT-VALUE}).")
    public String passwordEnv;

    /** The password, from the file if given, else the environment; "" when neither. Never logged. */
    public String password() {
        if (passwordFile != null) {
            try {
                return Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new StageFailure("cannot read --db-password-file " + passwordFile + ": " + e.getMessage(), e);
            }
        }
        String v = System.getenv(passwordEnv);
        return v == null ? "" : v;
    }
}
