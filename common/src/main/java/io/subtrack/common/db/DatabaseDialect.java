package io.subtrack.common.db;

import io.subtrack.common.schema.JdbcType;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds every SQL statement the stages run, so that no stage writes SQL itself (after
 * kafka-connect-jdbc's DatabaseDialect). {@link GenericDialect} writes standard SQL;
 * {@link PostgresDialect} (the embedded dev-db) and {@link SqlServerDialect} (production) override
 * only what their database does differently or much faster.
 * Identifiers passed in always come from our own schema declarations, never from input data.
 * <p>
 * A dialect also owns everything else that differs between databases, so that no caller asks which database
 * it has: its column types ({@link #columnType}), its bulk load path ({@link #bulkLoader}), its driver
 * settings ({@link #connectionDefaults}) and which errors blame a row ({@link #isRowRefused}). Dialects
 * are found by their {@link DatabaseDialectProvider}s ({@link #forUrl}).
 */
public interface DatabaseDialect {
    String name();

    String quote(String identifier);

    /** The classpath folder holding this database's DDL: {@code <folder>/shared}, {@code /raw}, {@code /processed}. */
    String schemaFolder();

    /** INSERT INTO t (c1, ...) VALUES (?, ...). */
    String buildInsertStatement(String table, List<String> columns);

    /** UPDATE t SET s1 = ?, ... WHERE k1 = ? AND ...: the set values bound first, then the key's. */
    String buildUpdateStatement(String table, List<String> setColumns, List<String> keyColumns);

    /** Upsert by key: MERGE ... WHEN MATCHED THEN UPDATE ... WHEN NOT MATCHED THEN INSERT. */
    String buildUpsertStatement(String table, List<String> keyColumns, List<String> columns);

    /**
     * Newer wins (processed tables, daily extracts): a write applies over a stored row only when the stored
     * {@code versionColumn} is NULL or not after the incoming one, {@code (t.v IS NULL OR t.v <= incoming)}; an
     * incoming NULL version therefore applies only over a stored NULL (the behaviour before versions). An upsert
     * that applies also sets {@code clearedOnUpdate} to NULL (a soft-deleted key that comes back is undeleted).
     * Identifiers from our declarations only.
     */
    record VersionGuard(String versionColumn, List<String> clearedOnUpdate) {
        public VersionGuard {
            clearedOnUpdate = List.copyOf(clearedOnUpdate);
        }
    }

    /**
     * As {@link #buildUpsertStatement(String, List, List)}, bound the same way ({@code columns}, which include the
     * guard's version column), but a stored row is updated only when {@code guard} lets the incoming version
     * through, and then its {@code guard.clearedOnUpdate()} columns become NULL; the update count is 0 for a row
     * left alone as newer than the incoming one.
     */
    String buildUpsertStatement(String table, List<String> keyColumns, List<String> columns, VersionGuard guard);

    /**
     * UPDATE t SET s1 = ?, ... WHERE k1 = ? AND ... AND (v IS NULL OR v &lt;= ?): bound as the {@code setColumns},
     * then the {@code keyColumns}, then the incoming version of {@code versionColumn} (as {@link VersionGuard}).
     * A key not stored, or stored with a newer version, is left alone (update count 0).
     */
    String buildGuardedUpdateStatement(String table, List<String> setColumns, List<String> keyColumns, String versionColumn);

    /**
     * SELECT c1, ... FROM t [WHERE e1 = ? AND ...] [ORDER BY orderBy]: the rows whose
     * {@code equalColumns} equal the bound values (none: every row); {@code orderBy} a column or null.
     */
    String buildSelectStatement(String table, List<String> columns, List<String> equalColumns, String orderBy);

    /**
     * One page of a table read in {@code orderColumn} order: SELECT c1, ... FROM t WHERE oc > ?
     * ORDER BY oc, at most {@code pageRows} rows.
     */
    default String buildSelectPageAfterStatement(String table, List<String> columns, String orderColumn, int pageRows) {
        return buildSelectPageAfterStatement(table, columns, List.of(), orderColumn, pageRows);
    }

    /** The same page among the rows whose {@code equalColumns} equal bound values (bound first, then the order column's). */
    String buildSelectPageAfterStatement(String table, List<String> columns, List<String> equalColumns, String orderColumn, int pageRows);

    /**
     * SELECT c1, ... FROM t WHERE key IN (?, ... {@code keys} times) [AND n1 IS NULL ...]: the rows
     * with one of {@code keys} bound key values, among those whose {@code nullColumns} are NULL.
     */
    String buildSelectByKeysStatement(String table, List<String> columns, String keyColumn, int keys, List<String> nullColumns);

    /** A column a result is ordered by. */
    record OrderBy(String column, boolean descending) {
        public static OrderBy asc(String column) { return new OrderBy(column, false); }

        public static OrderBy desc(String column) { return new OrderBy(column, true); }
    }

    /** SELECT * FROM relation ORDER BY ...: a view read whole, for a report. */
    String buildSelectAllStatement(String relation, List<OrderBy> order);

    String buildCountStatement(String table);

    /**
     * Statements run before and after the migrations (a session lock) so that two stages starting at
     * once on an empty database do not both create Flyway's history table; null where none is needed.
     */
    default String[] buildSchemaLockStatements() {
        return null;
    }

    /**
     * A declared type as this database's DDL spells it and its catalog reports it back
     * (PostgreSQL's format_type, SQL Server's type name with its length or precision, in lower case).
     */
    String columnType(JdbcType type);

    /**
     * This database's bulk load path (PostgreSQL's COPY), or null where the loaders send batched statements:
     * on SQL Server those batched INSERTs are the bulk path, which the driver sends as bulk copy
     * ({@link #connectionDefaults}).
     */
    default BulkLoader bulkLoader() {
        return null;
    }

    /** Driver properties every connection gets unless its URL sets them; {@code loginTimeoutSeconds} where the driver takes it. */
    default Map<String, String> connectionDefaults(int loginTimeoutSeconds) {
        return Map.of();
    }

    /**
     * A failed connection worth another try within the login timeout: the server refused it or is still starting.
     * Standard SQL: 08001 (the client could not establish it) and 08006 (connection failure); a refused login is
     * not retried.
     */
    default boolean isServerStarting(SQLException e) {
        String state = e.getSQLState();
        return "08001".equals(state) || "08006".equals(state);
    }

    /** What to change after a failed connection, when the failure shows a usual mistake of this database; else "". */
    default String connectionFailureHint(SQLException e) {
        return "";
    }

    /**
     * True when the failure blames a row the database refuses (dead-letter it), false for a failure of the
     * database itself (retry, or stop without committing offsets so nothing is lost). Callers that get this for a
     * whole batch retry it row by row, where each refused row shows itself and a database failure is rethrown.
     */
    boolean isRowRefused(SQLException e);

    /** The dialect of the first registered provider that accepts the URL. */
    static DatabaseDialect forUrl(String jdbcUrl) {
        return find(jdbcUrl).orElseThrow(() -> new IllegalArgumentException("unsupported JDBC URL (known: "
            + DialectProviders.known() + "): " + Database.redact(jdbcUrl)));
    }

    /** As {@link #forUrl}, empty for a URL no provider accepts (a test's in-memory database). */
    static Optional<DatabaseDialect> find(String jdbcUrl) {
        return DialectProviders.find(jdbcUrl);
    }
}
