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
     * The embedded default: the dev-db PostgreSQL server (bin/dev-db) on localhost, database
     * subtrack, user postgres, no password (dev-db trusts local connections). All six processes,
     * and any other client, connect to it at once.
     */
    public static final String EMBEDDED_URL = "jdbc:postgresql://localhost:5432/subtrack?user=postgres";

    @Option(names = "--jdbc-url", paramLabel = "URL", defaultValue = EMBEDDED_URL,
        description = "JDBC URL of the database (default: the dev-db, ${DEFAULT-VALUE}; env SUBTRACK_JDBC_URL).")
    public String jdbcUrl;

    @Option(names = "--db-user", paramLabel = "USER",
        description = "Database user (default: the one the URL names, e.g. user=postgres for the dev-db).")
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
