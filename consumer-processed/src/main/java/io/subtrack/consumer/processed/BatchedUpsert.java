package io.subtrack.consumer.processed;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.kafka.PoisonMessageException;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The load path where no COPY exists (SQL Server): every table's ready rows as one batch of
 * statements, parents first, then the batch's deletions, one transaction. As on PostgreSQL, a batch
 * is first sent as it is and the database checks its references ({@link #loadIfAccepted}); only a
 * refused batch takes the parent look-up path. Upserts and deletions carry the version check
 * ({@link Versions#GUARD}): a MERGE that leaves a newer row alone reports 0 rows, counted stale. Batches are inserted until the database refuses
 * one, then upserted for the rest of the run: on a first load no key is stored yet, and an upsert
 * first looks its key up (a MERGE runs an UPDATE by key before the INSERT). A refused insert batch
 * (a key already stored: a second run, a record sent twice; or a row the database refuses for
 * another reason, which the upsert path then finds row by row) is rolled back and upserted: the
 * same outcome.
 */
final class BatchedUpsert implements ProcessedLoader.TableWriter {
    private final Connection connection;
    private final DatabaseDialect dialect;
    private final ProcessedLoader.Outcomes outcomes;
    private final Map<ProcessedTable, PreparedStatement> upserts = new TreeMap<>();
    private final Map<ProcessedTable, PreparedStatement> inserts = new TreeMap<>();
    private final SoftDeletes deletes;
    private boolean insertFirst;

    /** @param insertFirst whether no batch was refused yet (carried over a reconnect) */
    BatchedUpsert(Connection connection, DatabaseDialect dialect, ProcessedModel model, ProcessedLoader.Outcomes outcomes,
                  boolean insertFirst)
        throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.outcomes = outcomes;
        this.insertFirst = insertFirst;
        this.deletes = new SoftDeletes(connection, dialect);
        for (ProcessedTable t : model.tables()) {
            List<String> columns = Versions.upsertColumns(t);
            upserts.put(t, connection.prepareStatement(
                dialect.buildUpsertStatement(t.tableName(), t.primaryKey(), columns, Versions.GUARD)));
            inserts.put(t, connection.prepareStatement(dialect.buildInsertStatement(t.tableName(), columns)));
        }
    }

    boolean insertFirst() {
        return insertFirst;
    }

    @Override
    public void load(Map<ProcessedTable, List<ProcessedRow>> ready) throws SQLException {
        load(ready, Map.of());
    }

    /** The batch as it is, references unchecked: false (and nothing written) when the database refuses it. */
    @Override
    public boolean loadIfAccepted(Map<ProcessedTable, List<ProcessedRow>> rows, Map<ProcessedTable, List<ProcessedRow>> deletions)
        throws SQLException {
        try {
            writeBatches(rows, insertFirst ? inserts : upserts, deletions);
            return true;
        } catch (SQLException refused) {
            connection.rollback();
            if (!dialect.isRowRefused(refused)) throw refused;
            return false;
        }
    }

    @Override
    public void load(Map<ProcessedTable, List<ProcessedRow>> ready, Map<ProcessedTable, List<ProcessedRow>> deletions)
        throws SQLException {
        if (insertFirst) {
            try {
                writeBatches(ready, inserts, deletions);
                return;
            } catch (SQLException refused) {
                connection.rollback();
                if (!dialect.isRowRefused(refused)) throw refused;
                insertFirst = false;
            }
        }
        try {
            writeBatches(ready, upserts, deletions);
        } catch (SQLException batchFailure) {
            connection.rollback();
            if (!dialect.isRowRefused(batchFailure)) throw batchFailure;
            loadOneByOne(ready);
            if (!deletions.isEmpty()) {
                SoftDeletes.Counts counts = deletes.apply(deletions);
                connection.commit();
                outcomes.versions(0, counts);
            }
        }
    }

    /**
     * Every table's ready rows as one batch of {@code statements}, in dependency order, one
     * transaction. A row no column can hold is dead-lettered and dropped from {@code ready} while
     * binding, so a retry of the same rows does not send it again.
     */
    private void writeBatches(Map<ProcessedTable, List<ProcessedRow>> ready, Map<ProcessedTable, PreparedStatement> statements,
                              Map<ProcessedTable, List<ProcessedRow>> deletions) throws SQLException {
        long stale = 0;
        for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : ready.entrySet()) {
            PreparedStatement ps = statements.get(e.getKey());
            List<ProcessedRow> bound = new ArrayList<>(e.getValue().size());
            for (ProcessedRow r : e.getValue()) {
                try {
                    bind(ps, r);
                } catch (IllegalArgumentException | java.time.DateTimeException badValue) {
                    ps.clearParameters();
                    outcomes.deadLetter(r, new PoisonMessageException("no column can hold it: " + badValue.getMessage()));
                    continue;
                }
                ps.addBatch();
                bound.add(r);
            }
            e.setValue(bound);
            try {
                // a MERGE that found a newer row reports 0 rows; bulk-copied INSERTs report no count (negative)
                for (int n : ps.executeBatch()) if (n == 0) stale++;
            } finally {
                ps.clearBatch(); // a refused batch leaves nothing queued for the retry
            }
        }
        SoftDeletes.Counts deleted = deletions.isEmpty() ? SoftDeletes.Counts.NONE : deletes.apply(deletions);
        connection.commit();
        for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : ready.entrySet()) outcomes.loaded(e.getKey(), e.getValue());
        outcomes.versions(stale, deleted);
    }

    /** After a batch failed as a whole: each row in its own transaction, so only the rows the database refuses are dead-lettered. */
    private void loadOneByOne(Map<ProcessedTable, List<ProcessedRow>> ready) throws SQLException {
        for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : ready.entrySet()) {
            PreparedStatement ps = upserts.get(e.getKey());
            for (ProcessedRow r : e.getValue()) {
                if (outcomes.parentRefused(r)) continue; // its parent was in the failed batch and was itself refused
                try {
                    bind(ps, r);
                    int n = ps.executeUpdate();
                    connection.commit();
                    outcomes.loaded(e.getKey(), List.of(r));
                    if (n == 0) outcomes.versions(1, SoftDeletes.Counts.NONE);
                } catch (SQLException refused) {
                    connection.rollback();
                    if (!dialect.isRowRefused(refused)) throw refused;
                    outcomes.deadLetter(r, refused);
                } catch (IllegalArgumentException | java.time.DateTimeException badValue) {
                    outcomes.deadLetter(r, new PoisonMessageException("no column can hold it: " + badValue.getMessage()));
                }
            }
        }
    }

    private static void bind(PreparedStatement ps, ProcessedRow r) throws SQLException {
        int i = 1;
        for (Column c : r.table.columns()) {
            c.type().bind(ps, i++, r.record.get(c.name()));
        }
        for (Column c : List.of(ProcessedTable.EXTRACT_ID, ProcessedTable.EXTRACT_DATE)) {
            c.type().bind(ps, i++, r.record.get(c.name()));
        }
    }
}
