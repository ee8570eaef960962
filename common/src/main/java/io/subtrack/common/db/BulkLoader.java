package io.subtrack.common.db;

import java.util.List;

/**
 * A database's bulk load path ({@link DatabaseDialect#bulkLoader}): rows encoded in memory ({@link BulkRows}) and
 * sent in one statement per table, straight into a raw table, or into a session's staging table that one
 * set-based upsert per table then merges. Identifiers come from our declarations only.
 */
public interface BulkLoader {
    /** An empty buffer in this database's bulk format. */
    BulkRows newRows();

    /** The statement that loads a buffer's rows into {@code columns} of {@code table}. */
    String buildCopyStatement(String table, List<String> columns);

    /**
     * A session's staging table shaped like {@code table} (columns, types, NOT NULL; no keys or
     * checks, so a batch always lands there and the upsert decides); emptied at every commit.
     */
    String buildCreateStagingStatement(String staging, String table);

    /**
     * One set-based upsert of everything staged, newer wins: a stored row is updated only when {@code guard} lets
     * the staged version through (see {@link DatabaseDialect.VersionGuard}); the update count leaves out the rows
     * kept as newer. The database checks keys, references and CHECKs here.
     */
    String buildUpsertFromStagingStatement(String table, String staging, List<String> keyColumns, List<String> columns,
                                           DatabaseDialect.VersionGuard guard);
}
