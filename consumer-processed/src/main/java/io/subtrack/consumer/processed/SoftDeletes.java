package io.subtrack.consumer.processed;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ProcessedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Deletions (records with a non-null deleted_at) applied as soft deletes, batched per table, in the caller's
 * transaction: {@code UPDATE t SET deleted_at = ?, extract_id = ?, extract_date = ? WHERE <key> = ? AND
 * (extract_date IS NULL OR extract_date <= ?)} (the dialect's guarded update; see {@link Versions}). The row and
 * its key stay (children keep their parent; the views leave it out); a later extract that holds the key again
 * undeletes it through the upsert. A key never stored changes nothing. Deletions are rare: the statements are
 * prepared on first use, and a batch without deletions costs no round trip.
 */
final class SoftDeletes {
    /** What one batch's deletions did. */
    record Counts(long deleted, long stale, long notStored) {
        static final Counts NONE = new Counts(0, 0, 0);

        long total() { return deleted + stale + notStored; }
    }

    /** The columns a deletion sets, in binding order. */
    static final List<Column> SET = List.of(ProcessedTable.DELETED_AT, ProcessedTable.EXTRACT_ID, ProcessedTable.EXTRACT_DATE);

    private final Connection connection;
    private final DatabaseDialect dialect;
    private final Map<ProcessedTable, PreparedStatement> updates = new TreeMap<>();

    SoftDeletes(Connection connection, DatabaseDialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /**
     * Applies the deletions in the caller's transaction (the caller commits), tables in dependency order. A deletion
     * that changed nothing is told apart as stale (its key is stored with a newer extract) or not stored, by one
     * look-up each: rare, and only for those.
     */
    Counts apply(Map<ProcessedTable, List<ProcessedRow>> deletions) throws SQLException {
        long deleted = 0;
        long stale = 0;
        long notStored = 0;
        for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : deletions.entrySet()) {
            ProcessedTable t = e.getKey();
            List<ProcessedRow> all = e.getValue();
            if (all.isEmpty()) continue;
            long[] superseded = {0};
            List<ProcessedRow> rows = new ArrayList<>(all.size());
            for (int i : Versions.newestPerKey(t, all, superseded)) rows.add(all.get(i));
            stale += superseded[0];
            PreparedStatement ps = statement(t);
            int[] counts;
            try {
                for (ProcessedRow r : rows) {
                    int i = 1;
                    for (Column c : SET) c.type().bind(ps, i++, r.record.get(c.name()));
                    for (String k : t.primaryKey()) t.column(k).type().bind(ps, i++, r.record.get(k));
                    ProcessedTable.EXTRACT_DATE.type().bind(ps, i, r.record.get(ProcessedTable.EXTRACT_DATE.name()));
                    ps.addBatch();
                }
                counts = ps.executeBatch();
            } finally {
                ps.clearBatch();
            }
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] > 0 || counts[i] == Statement.SUCCESS_NO_INFO) deleted++;
                else if (stored(t, rows.get(i))) stale++;
                else notStored++;
            }
        }
        return new Counts(deleted, stale, notStored);
    }

    private PreparedStatement statement(ProcessedTable t) throws SQLException {
        PreparedStatement ps = updates.get(t);
        if (ps == null) {
            List<String> set = SET.stream().map(Column::name).toList();
            ps = connection.prepareStatement(dialect.buildGuardedUpdateStatement(t.tableName(), set, t.primaryKey(),
                ProcessedTable.EXTRACT_DATE.name()));
            updates.put(t, ps);
        }
        return ps;
    }

    private boolean stored(ProcessedTable t, ProcessedRow r) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
            dialect.buildSelectStatement(t.tableName(), t.primaryKey(), t.primaryKey(), null))) {
            int i = 1;
            for (String k : t.primaryKey()) t.column(k).type().bind(ps, i++, r.record.get(k));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
