package io.subtrack.common.db;

import java.util.List;

/**
 * The embedded H2 (MSSQLServer mode): standard SQL from {@link GenericDialect} except where H2 has
 * a much cheaper form of its own (as kafka-connect-jdbc's dialects override per database).
 */
public class H2Dialect extends GenericDialect {
    public H2Dialect() {
        super("H2 (MSSQLServer mode)");
    }

    /**
     * H2's own {@code MERGE INTO t (c1, ...) KEY (k1, ...) VALUES (?, ...)}: an UPDATE by key,
     * then an INSERT when no row matched. The standard {@code MERGE ... USING (VALUES ...)} plans
     * and runs a join with a one-row source for every row of a batch, which made consumer-processed
     * slower than the database's plain writes (docs/benchmarks.md, "consumers"). Same outcome:
     * every column of the row as given, matched by the key; constraints checked as for any write.
     */
    @Override
    public String buildUpsertStatement(String table, List<String> keyColumns, List<String> columns) {
        return "MERGE INTO " + quote(table) + " (" + columnList(columns) + ") KEY (" + columnList(keyColumns) + ") VALUES ("
            + placeholders(columns.size()) + ")";
    }

    /** One cache per database, shared by every connection and kept in the file: the last stage to set it decides. */
    @Override
    public String buildCacheSizeStatement(int megabytes) {
        return "SET CACHE_SIZE " + megabytes * 1024L;
    }

    /** H2 stores its file whenever an identity sequence refills its cache (32 values by default). */
    @Override
    public String buildIdentityCacheStatement(String table, String column, long size) {
        return "ALTER TABLE " + quote(table) + " ALTER COLUMN " + quote(column) + " SET CACHE " + size;
    }
}
