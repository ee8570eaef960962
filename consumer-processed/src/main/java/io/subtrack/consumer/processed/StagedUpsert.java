package io.subtrack.consumer.processed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.db.BulkLoader;
import io.subtrack.common.db.BulkRows;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The load path for the processed tables where the database has a bulk path (DatabaseDialect#bulkLoader,
 * PostgreSQL's COPY): a table's rows are COPYed into a temporary
 * staging table of the same shape (created once per connection, emptied at every commit), then
 * merged with one {@code INSERT ... SELECT ... ON CONFLICT DO UPDATE ... WHERE <newer wins>}: the
 * database checks keys, references, CHECKs and versions once for the set, instead of a round trip per row.
 * Upserts write extract_id and extract_date and clear deleted_at; a stored row from a newer extract is
 * left alone and counted stale ({@link Versions}). Within one set a key may appear once only (ON CONFLICT
 * cannot touch a row twice), so a record sent twice in one batch keeps its newest version, the last of
 * equally new ones, as the upserts one after another did. A batch's deletions ({@link SoftDeletes}) are
 * applied after its upserts, in the same transaction.
 */
final class StagedUpsert implements ProcessedLoader.TableWriter {
    private final Connection connection;
    private final DatabaseDialect dialect;
    private final ProcessedLoader.Outcomes outcomes;
    private final SoftDeletes deletes;
    private final Map<ProcessedTable, String> copy = new TreeMap<>();
    private final Map<ProcessedTable, PreparedStatement> merge = new TreeMap<>();
    private final BulkRows text;

    /** @param bulk {@code dialect}'s bulk load path */
    StagedUpsert(Connection connection, DatabaseDialect dialect, BulkLoader bulk, ProcessedModel model, ProcessedLoader.Outcomes outcomes)
        throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.text = bulk.newRows();
        this.outcomes = outcomes;
        this.deletes = new SoftDeletes(connection, dialect);
        try (Statement st = connection.createStatement()) {
            for (ProcessedTable t : model.tables()) {
                String staging = stagingName(t);
                st.execute(bulk.buildCreateStagingStatement(staging, t.tableName()));
                List<String> columns = Versions.upsertColumns(t);
                copy.put(t, bulk.buildCopyStatement(staging, columns));
                merge.put(t, connection.prepareStatement(
                    bulk.buildUpsertFromStagingStatement(t.tableName(), staging, t.primaryKey(), columns, Versions.GUARD)));
            }
        }
        connection.commit();
    }

    static String stagingName(ProcessedTable t) {
        return "staging_" + t.tableName();
    }

    /**
     * The record's COPY text, column by column ({@code null} for SQL NULL), then its extract_id and extract_date
     * (absent in an older cleaned file: NULL); throws what binding would throw for a value its column cannot hold
     * (too long, not a date, ...). Encoded once per row: the check and the COPY use the same texts (encoding twice
     * was a fifth of the stage's JVM work).
     */
    static String[] encode(ProcessedTable t, ObjectNode record) {
        List<Column> columns = t.columns();
        String[] texts = new String[columns.size() + 2];
        for (int i = 0; i < columns.size(); i++) texts[i] = columns.get(i).type().copyText(record.get(columns.get(i).name()));
        texts[columns.size()] = ProcessedTable.EXTRACT_ID.type().copyText(record.get(ProcessedTable.EXTRACT_ID.name()));
        texts[columns.size() + 1] = ProcessedTable.EXTRACT_DATE.type().copyText(record.get(ProcessedTable.EXTRACT_DATE.name()));
        return texts;
    }

    /**
     * Every table's ready rows staged and upserted, parents first, in one transaction. If the
     * database refuses it, each table's rows are split in halves, each half its own transaction,
     * until exactly the refused rows are left; those are dead-lettered with the database's reason
     * and the rest loads. A child whose parent was refused waits, as any child whose parent has not arrived.
     */
    @Override
    public void load(Map<ProcessedTable, List<ProcessedRow>> ready) throws SQLException {
        load(ready, Map.of());
    }

    /**
     * As {@link #load(Map)}, then the batch's deletions, in the same transaction. Upserts go first, deletions
     * after: within one extract a key is either held or deleted, and across extracts the version guard makes the
     * order irrelevant (an older deletion cannot touch a newer row, nor an older upsert a newer deletion). If the
     * upserts are refused and split, the deletions follow them in a transaction of their own (they change only
     * version columns, which no constraint checks, and their values were checked when decoded).
     */
    @Override
    public void load(Map<ProcessedTable, List<ProcessedRow>> ready, Map<ProcessedTable, List<ProcessedRow>> deletions)
        throws SQLException {
        try {
            long stale = 0;
            for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : ready.entrySet()) stale += upsert(e.getKey(), e.getValue());
            SoftDeletes.Counts deleted = deletions.isEmpty() ? SoftDeletes.Counts.NONE : deletes.apply(deletions);
            connection.commit();
            for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : ready.entrySet()) outcomes.loaded(e.getKey(), e.getValue());
            outcomes.versions(stale, deleted);
            return;
        } catch (SQLException refused) {
            connection.rollback();
            if (!dialect.isRowRefused(refused)) throw refused;
        }
        for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : ready.entrySet()) {
            List<ProcessedRow> withParents = new ArrayList<>(e.getValue().size());
            for (ProcessedRow r : e.getValue()) if (!outcomes.parentRefused(r)) withParents.add(r);
            split(e.getKey(), withParents);
        }
        if (!deletions.isEmpty()) {
            SoftDeletes.Counts deleted = deletes.apply(deletions);
            connection.commit();
            outcomes.versions(0, deleted);
        }
    }

    /**
     * Every table's rows staged and upserted, parents first, in one transaction, as they are: true when the
     * database took them all; false, with the transaction rolled back and nothing reported, when it refused a row
     * (a parent not stored yet, or a value it refuses), so the caller can sort the rows out.
     */
    @Override
    public boolean loadIfAccepted(Map<ProcessedTable, List<ProcessedRow>> rows, Map<ProcessedTable, List<ProcessedRow>> deletions)
        throws SQLException {
        long stale = 0;
        SoftDeletes.Counts deleted;
        try {
            for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : rows.entrySet()) stale += upsert(e.getKey(), e.getValue());
            deleted = deletions.isEmpty() ? SoftDeletes.Counts.NONE : deletes.apply(deletions); // after the upserts: see load
            connection.commit();
        } catch (SQLException refused) {
            connection.rollback();
            if (!dialect.isRowRefused(refused)) throw refused;
            return false;
        }
        for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : rows.entrySet()) outcomes.loaded(e.getKey(), e.getValue());
        outcomes.versions(stale, deleted);
        return true;
    }

    /** Loads these rows of one table in one transaction, or splits them until the refused ones are alone. */
    private void split(ProcessedTable t, List<ProcessedRow> rows) throws SQLException {
        if (rows.isEmpty()) return;
        try {
            long stale = upsert(t, rows);
            connection.commit();
            outcomes.loaded(t, rows);
            outcomes.versions(stale, SoftDeletes.Counts.NONE);
        } catch (SQLException refused) {
            connection.rollback();
            if (!dialect.isRowRefused(refused)) throw refused;
            if (rows.size() == 1) {
                outcomes.deadLetter(rows.get(0), refused);
                return;
            }
            int half = rows.size() / 2;
            split(t, rows.subList(0, half));
            split(t, rows.subList(half, rows.size()));
        }
    }

    /**
     * Stages and upserts the rows (their {@link #encode} texts) in the caller's transaction; returns how many were
     * stale: left alone because the stored row is from a newer extract (the rows staged less the rows the upsert
     * wrote), or superseded by a newer version of their key in the same set.
     */
    long upsert(ProcessedTable t, List<ProcessedRow> rows) throws SQLException {
        if (rows.isEmpty()) return 0;
        text.clear();
        long[] stale = {0};
        int staged = 0;
        for (int i : Versions.newestPerKey(t, rows, stale)) {
            for (String v : rows.get(i).copyTexts) text.text(v);
            text.endRow();
            staged++;
        }
        text.copyInto(connection, copy.get(t));
        return stale[0] + staged - merge.get(t).executeUpdate();
    }
}
