package io.subtrack.common.db;

import io.subtrack.common.schema.JdbcType;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL (the dev-db the embedded pipeline runs on): standard SQL from {@link GenericDialect},
 * with PostgreSQL's own upsert and the statements of its COPY load path.
 * <ul>
 *   <li>Upsert is {@code INSERT ... ON CONFLICT (key) DO UPDATE}: PostgreSQL's MERGE does not take
 *       untyped parameters in its VALUES source, and ON CONFLICT is atomic against a concurrent
 *       insert of the same key (what SQL Server needs HOLDLOCK for).</li>
 *   <li>The loaders stream rows with {@code COPY ... FROM STDIN} (pgjdbc's CopyManager): the raw
 *       tables directly, the processed tables into a temporary staging table that one set-based
 *       upsert per table then merges.</li>
 * </ul>
 */
public class PostgresDialect extends GenericDialect implements BulkLoader {
    /** Any constant: the key of the advisory lock that serialises schema creation between stages. */
    static final long SCHEMA_LOCK_KEY = 0x5375_6254_7261_636BL; // "SubTrack"

    public PostgresDialect() {
        super("PostgreSQL");
    }

    @Override
    public String schemaFolder() {
        return "sql/postgresql";
    }

    /** As format_type names them. */
    @Override
    public String columnType(JdbcType type) {
        return switch (type.sqlType()) {
            case Types.VARCHAR -> type.length() == JdbcType.UNBOUNDED ? "text" : "character varying(" + type.length() + ")";
            case Types.DECIMAL -> "numeric(" + type.precision() + "," + type.scale() + ")";
            case Types.TIMESTAMP -> "timestamp without time zone";
            default -> super.columnType(type);
        };
    }

    /** COPY: the raw tables directly, the processed tables through staging tables. */
    @Override
    public BulkLoader bulkLoader() {
        return this;
    }

    @Override
    public BulkRows newRows() {
        return new CopyText();
    }

    @Override
    public String buildUpsertStatement(String table, List<String> keyColumns, List<String> columns) {
        return buildInsertStatement(table, columns) + onConflict(keyColumns, columns);
    }

    private String onConflict(List<String> keyColumns, List<String> columns) {
        List<String> nonKey = columns.stream().filter(c -> !keyColumns.contains(c)).toList();
        String conflict = " ON CONFLICT (" + columnList(keyColumns) + ")";
        if (nonKey.isEmpty()) return conflict + " DO NOTHING";
        return conflict + " DO UPDATE SET "
            + nonKey.stream().map(c -> quote(c) + " = EXCLUDED." + quote(c)).collect(Collectors.joining(", "));
    }

    /**
     * {@code INSERT ... ON CONFLICT (key) DO UPDATE SET ..., cleared = NULL WHERE (t.v IS NULL OR t.v <= EXCLUDED.v)}:
     * a conflicting row the guard keeps is neither updated nor counted.
     */
    @Override
    public String buildUpsertStatement(String table, List<String> keyColumns, List<String> columns, VersionGuard guard) {
        requireVersioned(columns, keyColumns, guard);
        return buildInsertStatement(table, columns) + onConflict(table, keyColumns, columns, guard);
    }

    private String onConflict(String table, List<String> keyColumns, List<String> columns, VersionGuard guard) {
        List<String> set = new java.util.ArrayList<>();
        for (String c : columns) if (!keyColumns.contains(c)) set.add(quote(c) + " = EXCLUDED." + quote(c));
        for (String c : guard.clearedOnUpdate()) set.add(quote(c) + " = NULL");
        String stored = quote(table) + "." + quote(guard.versionColumn());
        return " ON CONFLICT (" + columnList(keyColumns) + ") DO UPDATE SET " + String.join(", ", set)
            + " WHERE (" + stored + " IS NULL OR " + stored + " <= EXCLUDED." + quote(guard.versionColumn()) + ")";
    }

    /** COPY in PostgreSQL's text format (tab-separated, {@code \N} for NULL): see {@link CopyText}. */
    @Override
    public String buildCopyStatement(String table, List<String> columns) {
        return "COPY " + quote(table) + " (" + columnList(columns) + ") FROM STDIN";
    }

    /**
     * A session's staging table shaped like {@code table} (columns, types, NOT NULL; no keys or
     * checks, so a batch always lands there and the upsert decides); emptied at every commit.
     */
    @Override
    public String buildCreateStagingStatement(String staging, String table) {
        return "CREATE TEMPORARY TABLE IF NOT EXISTS " + quote(staging) + " (LIKE " + quote(table) + ") ON COMMIT DELETE ROWS";
    }

    /** One set-based upsert of everything staged: the database checks keys, references and CHECKs here. */
    public String buildUpsertFromStagingStatement(String table, String staging, List<String> keyColumns, List<String> columns) {
        return "INSERT INTO " + quote(table) + " (" + columnList(columns) + ") SELECT " + columnList(columns)
            + " FROM " + quote(staging) + onConflict(keyColumns, columns);
    }

    /**
     * As {@link #buildUpsertFromStagingStatement(String, String, List, List)}, newer wins: a stored row is updated
     * only when {@code guard} lets the staged version through (see {@link DatabaseDialect.VersionGuard}); the update
     * count leaves out the rows kept as newer.
     */
    @Override
    public String buildUpsertFromStagingStatement(String table, String staging, List<String> keyColumns, List<String> columns,
                                                  VersionGuard guard) {
        requireVersioned(columns, keyColumns, guard);
        return "INSERT INTO " + quote(table) + " (" + columnList(columns) + ") SELECT " + columnList(columns)
            + " FROM " + quote(staging) + onConflict(table, keyColumns, columns, guard);
    }

    /**
     * pgjdbc reports a refused connection as 08001 (or 08006 once connected), and a server starting up, shutting
     * down or in recovery as 57P03; a refused password (28P01) is not retried.
     */
    @Override
    public boolean isServerStarting(SQLException e) {
        return super.isServerStarting(e) || "57P03".equals(e.getSQLState());
    }

    @Override
    public String[] buildSchemaLockStatements() {
        return new String[] {"SELECT pg_advisory_lock(" + SCHEMA_LOCK_KEY + ")", "SELECT pg_advisory_unlock(" + SCHEMA_LOCK_KEY + ")"};
    }
}
