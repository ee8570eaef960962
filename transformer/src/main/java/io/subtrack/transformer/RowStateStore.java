package io.subtrack.transformer;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.ProcessedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.List;

/**
 * subtrack_row_state in the raw database (sql/&lt;database&gt;/raw/V3__daily_extracts.sql): what the transformer has
 * passed on, per processed table and row key: the content hash of the row's last version and whether it deleted it.
 * A day's changes and deletions are found against it, so a day never re-reads raw history. Read a table at a time,
 * a page per query; written on a connection of its own, in one transaction the run commits after its outputs.
 */
final class RowStateStore implements AutoCloseable {
    static final String TABLE = "subtrack_row_state";
    private static final int PAGE_ROWS = 10_000;
    private static final int BATCH = 1_000;

    private final Connection reads;
    private final Connection writes;
    private final DatabaseDialect dialect;
    private final PreparedStatement insert, update, delete;
    private int pending;
    private boolean committed;

    /** On a connection of its own, which it closes: the raw source reads on another thread. */
    RowStateStore(Connection own, DatabaseDialect dialect) throws SQLException {
        this.reads = own;
        this.writes = own;
        this.dialect = dialect;
        writes.setAutoCommit(false);
        insert = writes.prepareStatement(dialect.buildInsertStatement(TABLE, List.of("table_name", "row_key", "row_hash", "extract_id")));
        update = writes.prepareStatement(dialect.buildUpdateStatement(TABLE, List.of("row_hash", "extract_id", "deleted_at"),
            List.of("table_name", "row_key")));
        delete = writes.prepareStatement(dialect.buildUpdateStatement(TABLE, List.of("extract_id", "deleted_at"),
            List.of("table_name", "row_key")));
    }

    /** Every stored key of the table, live and deleted. */
    RowHashes load(ProcessedTable table) throws SQLException {
        RowHashes out = new RowHashes(1024);
        String sql = dialect.buildSelectPageAfterStatement(TABLE, List.of("row_key", "row_hash", "deleted_at"), List.of("table_name"),
            "row_key", PAGE_ROWS);
        String after = "";
        try (PreparedStatement ps = reads.prepareStatement(sql)) {
            while (true) {
                ps.setString(1, table.tableName());
                ps.setString(2, after);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        after = rs.getString(1);
                        out.load(after, rs.getLong(2), rs.getTimestamp(3) != null);
                        rows++;
                    }
                }
                if (rows < PAGE_ROWS) return out;
            }
        }
    }

    void added(ProcessedTable table, String key, long hash, String extractId) throws SQLException {
        insert.setString(1, table.tableName());
        insert.setString(2, key);
        insert.setLong(3, hash);
        insert.setString(4, extractId);
        insert.addBatch();
        counted();
    }

    void changed(ProcessedTable table, String key, long hash, String extractId) throws SQLException {
        update.setLong(1, hash);
        update.setString(2, extractId);
        update.setTimestamp(3, null);
        update.setString(4, table.tableName());
        update.setString(5, key);
        update.addBatch();
        counted();
    }

    void deleted(ProcessedTable table, String key, String extractId, LocalDateTime when) throws SQLException {
        delete.setString(1, extractId);
        delete.setTimestamp(2, Timestamp.valueOf(when));
        delete.setString(3, table.tableName());
        delete.setString(4, key);
        delete.addBatch();
        counted();
    }

    private void counted() throws SQLException {
        if (++pending >= BATCH) flush();
    }

    private void flush() throws SQLException {
        insert.executeBatch();
        update.executeBatch();
        delete.executeBatch();
        pending = 0;
    }

    /** Makes the run's state changes durable, with the extract marked done (the caller's statement, same transaction). */
    void commit(ExtractDone done) throws SQLException {
        flush();
        done.mark(writes);
        writes.commit();
        committed = true;
    }

    interface ExtractDone {
        void mark(Connection c) throws SQLException;
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!committed) writes.rollback();
        } finally {
            writes.close();
        }
    }
}
