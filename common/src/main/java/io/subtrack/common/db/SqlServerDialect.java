package io.subtrack.common.db;

import io.subtrack.common.schema.JdbcType;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SQL Server: bracketed identifiers; MERGE with HOLDLOCK; the statement terminator MERGE
 * requires; batched INSERTs the driver sends as bulk copy ({@link #connectionDefaults}); errors
 * told by SQL Server's numbers as well as SQLSTATE ({@link SqlServerErrors}).
 */
public class SqlServerDialect extends GenericDialect {
    /**
     * MERGE alone takes only update locks on the rows it finds, so two consumers upserting the
     * same new key can both see "not matched" and both insert: one fails on the primary key.
     * HOLDLOCK (serializable for this table reference) key-range locks the probed key until the
     * transaction ends, so the second MERGE waits and then takes the MATCHED branch.
     */
    public static final String MERGE_LOCK_HINT = "WITH (HOLDLOCK)";

    /**
     * Driver settings every SQL Server connection gets unless the URL sets them.
     * <ul>
     *   <li>{@code useBulkCopyForBatchInsert=true}: the raw loader's batches of plain parameterised
     *       INSERTs go over the TDS bulk-load protocol instead of one RPC per row: SQL Server's bulk path.</li>
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
     *       (SQLServerException.java 365-413 at v13.2.1). {@link #isRowRefused} reads the error number too.</li>
     * </ul>
     */
    static final Map<String, String> DRIVER_DEFAULTS = Collections.unmodifiableMap(new LinkedHashMap<>(Map.of(
        "useBulkCopyForBatchInsert", "true",
        "bulkCopyForBatchInsertCheckConstraints", "true",
        "sendStringParametersAsUnicode", "true",
        "sendTemporalDataTypesAsStringForBulkCopy", "true",
        "xopenStates", "false")));

    public SqlServerDialect() {
        super("SQL Server");
    }

    /** sql/sqlserver: also what docker compose initialises the production SQL Server with. */
    @Override
    public String schemaFolder() {
        return "sql/sqlserver";
    }

    @Override
    public String quote(String identifier) {
        return '[' + identifier.replace("]", "]]") + ']';
    }

    /** As sys.types names them, with the length (in characters) or precision sys.columns holds; text is NVARCHAR. */
    @Override
    public String columnType(JdbcType type) {
        return switch (type.sqlType()) {
            case Types.VARCHAR -> "nvarchar(" + (type.length() == JdbcType.UNBOUNDED ? "max" : type.length()) + ")";
            case Types.TIMESTAMP -> "datetime2";
            case Types.BIT -> "bit";
            case Types.INTEGER -> "int";
            default -> super.columnType(type);
        };
    }

    /** By SQLSTATE, by SQL Server's error number, or a bulk copy batch failure that carries neither (see {@link SqlServerErrors}). */
    @Override
    public boolean isRowRefused(SQLException e) {
        return SqlErrors.isRowRefused(e, SqlServerErrors::isRowError, SqlServerErrors::isStatelessBulkCopyBatchFailure);
    }

    /** {@link #DRIVER_DEFAULTS} and the login timeout. */
    @Override
    public Map<String, String> connectionDefaults(int loginTimeoutSeconds) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("loginTimeout", String.valueOf(loginTimeoutSeconds));
        defaults.putAll(DRIVER_DEFAULTS);
        return defaults;
    }

    /**
     * mssql-jdbc raises 08001 for a TCP connection that could not be opened and, with xopenStates=false (its
     * default, which {@link #DRIVER_DEFAULTS} pins), maps it to 08S01 (SQLServerException.java 317, 339-340 at
     * v13.2.1). A refused login (18456, S0001) is not retried.
     */
    @Override
    public boolean isServerStarting(SQLException e) {
        return super.isServerStarting(e) || "08S01".equals(e.getSQLState());
    }

    /**
     * The usual production mistake: mssql-jdbc encrypts by default and then refuses the self-signed
     * certificate a fresh SQL Server container presents.
     */
    @Override
    public String connectionFailureHint(SQLException e) {
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) chain.append(' ').append(t.getMessage());
        if (chain.indexOf("PKIX") >= 0 || chain.indexOf("certificate") >= 0) {
            return " (the server's TLS certificate is not trusted: import its CA into the JVM trust store, or for a"
                + " development server add ;trustServerCertificate=true to the URL)";
        }
        return "";
    }

    @Override
    protected String mergeTarget(String table) {
        return quote(table) + " " + MERGE_LOCK_HINT + " AS t";
    }

    @Override
    protected String mergeTerminator() {
        return ";";
    }

    /**
     * An application lock held by the session while a stage migrates (sp_getapplock; waits up to a minute): two
     * stages starting together on an empty database would otherwise both create Flyway's history table.
     */
    @Override
    public String[] buildSchemaLockStatements() {
        return new String[] {
            "EXEC sp_getapplock @Resource = N'subtrack_schema', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 60000",
            "EXEC sp_releaseapplock @Resource = N'subtrack_schema', @LockOwner = 'Session'"};
    }
}
