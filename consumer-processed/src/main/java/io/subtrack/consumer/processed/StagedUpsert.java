package io.subtrack.consumer.processed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.db.CopyText;
import io.subtrack.common.db.PostgresDialect;
import io.subtrack.common.db.SqlErrors;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * PostgreSQL's load path for the processed tables: a table's rows are COPYed into a temporary
 * staging table of the same shape (created once per connection, emptied at every commit), then
 * merged with one {@code INSERT ... SELECT ... ON CONFLICT DO UPDATE}: the database checks keys,
 * references and CHECKs once for the set, instead of a round trip per row.
 * Within one set a key may appear once only (ON CONFLICT cannot touch a row twice), so a record
 * sent twice in one batch keeps its last version, as the upserts one after another did.
 */
final class StagedUpsert implements ProcessedLoader.TableWriter {
    private final Connection connection;
    private final ProcessedLoader.Outcomes outcomes;
    private final Map<ProcessedTable, String> copy = new TreeMap<>();
    private final Map<ProcessedTable, PreparedStatement> merge = new TreeMap<>();
    private final CopyText text = new CopyText();

    StagedUpsert(Connection connection, PostgresDialect dialect, ProcessedModel model, ProcessedLoader.Outcomes outcomes)
        throws SQLException {
        this.connection = connection;
        this.outcomes = outcomes;
        try (Statement st = connection.createStatement()) {
            for (ProcessedTable t : model.tables()) {
                String staging = stagingName(t);
                st.execute(dialect.buildCreateStagingStatement(staging, t.tableName()));
                copy.put(t, dialect.buildCopyStatement(staging, t.columnNames()));
                merge.put(t, connection.prepareStatement(
                    dialect.buildUpsertFromStagingStatement(t.tableName(), staging, t.primaryKey(), t.columnNames())));
            }
        }
        connection.commit();
    }

    static String stagingName(ProcessedTable t) {
        return "staging_" + t.tableName();
    }

    /**
     * The record's COPY text, column by column ({@code null} for SQL NULL); throws what binding would
     * throw for a value its column cannot hold (too long, not a date, ...). Encoded once per row: the
     * check and the COPY use the same texts (encoding twice was a fifth of the stage's JVM work).
     */
    static String[] encode(ProcessedTable t, ObjectNode record) {
        List<Column> columns = t.columns();
        String[] texts = new String[columns.size()];
        for (int i = 0; i < texts.length; i++) texts[i] = columns.get(i).type().copyText(record.get(columns.get(i).name()));
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
        try {
            for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : ready.entrySet()) upsert(e.getKey(), e.getValue());
            connection.commit();
            for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : ready.entrySet()) outcomes.loaded(e.getKey(), e.getValue());
            return;
        } catch (SQLException refused) {
            connection.rollback();
            if (!SqlErrors.isRowRefused(refused)) throw refused;
        }
        for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : ready.entrySet()) {
            List<ProcessedRow> withParents = new ArrayList<>(e.getValue().size());
            for (ProcessedRow r : e.getValue()) if (!outcomes.parentRefused(r)) withParents.add(r);
            split(e.getKey(), withParents);
        }
    }

    /**
     * Every table's rows staged and upserted, parents first, in one transaction, as they are: true when the
     * database took them all; false, with the transaction rolled back and nothing reported, when it refused a row
     * (a parent not stored yet, or a value it refuses), so the caller can sort the rows out.
     */
    boolean loadIfAccepted(Map<ProcessedTable, List<ProcessedRow>> rows) throws SQLException {
        try {
            for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : rows.entrySet()) upsert(e.getKey(), e.getValue());
            connection.commit();
        } catch (SQLException refused) {
            connection.rollback();
            if (!SqlErrors.isRowRefused(refused)) throw refused;
            return false;
        }
        for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : rows.entrySet()) outcomes.loaded(e.getKey(), e.getValue());
        return true;
    }

    /** Loads these rows of one table in one transaction, or splits them until the refused ones are alone. */
    private void split(ProcessedTable t, List<ProcessedRow> rows) throws SQLException {
        if (rows.isEmpty()) return;
        try {
            upsert(t, rows);
            connection.commit();
            outcomes.loaded(t, rows);
        } catch (SQLException refused) {
            connection.rollback();
            if (!SqlErrors.isRowRefused(refused)) throw refused;
            if (rows.size() == 1) {
                outcomes.deadLetter(rows.get(0), refused);
                return;
            }
            int half = rows.size() / 2;
            split(t, rows.subList(0, half));
            split(t, rows.subList(half, rows.size()));
        }
    }

    /** Stages and upserts the rows (their {@link #encode} texts) in the caller's transaction; returns the rows the upsert wrote. */
    int upsert(ProcessedTable t, List<ProcessedRow> rows) throws SQLException {
        text.clear();
        for (int i : lastPerKey(t, rows)) {
            for (String v : rows.get(i).copyTexts) text.text(v);
            text.endRow();
        }
        text.copyInto(connection, copy.get(t));
        return merge.get(t).executeUpdate();
    }

    /** Positions of the last row of each key, in the order the rows would have been applied. */
    private static Iterable<Integer> lastPerKey(ProcessedTable t, List<ProcessedRow> rows) {
        Map<List<String>, Integer> last = new LinkedHashMap<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            ObjectNode r = rows.get(i).record;
            List<String> key = new ArrayList<>(t.primaryKey().size());
            for (String k : t.primaryKey()) {
                JsonNode v = r.get(k);
                key.add(v == null || v.isNull() ? null : v.asText());
            }
            last.remove(key); // a later version goes to the end, as it would have been applied last
            last.put(key, i);
        }
        return last.values();
    }
}
