package io.subtrack.common.db;

import java.util.List;

/**
 * Builds every SQL statement the stages run, so that no stage writes SQL itself (after
 * kafka-connect-jdbc's DatabaseDialect). {@link GenericDialect} writes standard SQL that H2 in
 * MSSQLServer mode runs; {@link H2Dialect} and {@link SqlServerDialect} override only what their
 * database does differently or much faster.
 * Identifiers passed in always come from our own schema declarations, never from input data.
 */
public interface DatabaseDialect {
    String name();

    String quote(String identifier);

    /** INSERT INTO t (c1, ...) VALUES (?, ...). */
    String buildInsertStatement(String table, List<String> columns);

    /** Upsert by key: MERGE ... WHEN MATCHED THEN UPDATE ... WHEN NOT MATCHED THEN INSERT. */
    String buildUpsertStatement(String table, List<String> keyColumns, List<String> columns);

    /** SELECT c1, ... FROM t [WHERE where] [ORDER BY orderBy]; where and orderBy are built from declared names. */
    String buildSelectStatement(String table, List<String> columns, String where, String orderBy);

    String buildCountStatement(String table);

    String buildDropViewIfExists(String view);

    /**
     * Raises how many values an identity column's sequence reserves at a time, or null where that
     * costs nothing (H2 stores its file on every refill: {@link H2Dialect}).
     */
    default String buildIdentityCacheStatement(String table, String column, long size) {
        return null;
    }

    /**
     * Sets the page cache of the database (megabytes), or null where the database manages its own
     * memory. H2's default (16 MB) holds little of a million-row table's indexes.
     */
    default String buildCacheSizeStatement(int megabytes) {
        return null;
    }

    static DatabaseDialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlserver:")) return new SqlServerDialect();
        if (jdbcUrl.startsWith("jdbc:h2:")) return new H2Dialect();
        throw new IllegalArgumentException("unsupported JDBC URL (expected jdbc:h2: or jdbc:sqlserver:): "
            + Database.redact(jdbcUrl));
    }
}
