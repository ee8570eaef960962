package io.subtrack.consumer.processed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.db.CopyText;
import io.subtrack.common.db.PostgresDialect;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ProcessedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
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
final class StagedUpsert {
    private final Connection connection;
    private final Map<ProcessedTable, String> copy = new TreeMap<>();
    private final Map<ProcessedTable, PreparedStatement> merge = new TreeMap<>();

    StagedUpsert(Connection connection, PostgresDialect dialect) throws SQLException {
        this.connection = connection;
        try (Statement st = connection.createStatement()) {
            for (ProcessedTable t : ProcessedTable.values()) {
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
     * Stages and upserts the records, whose COPY texts ({@link #encode}) are {@code texts} in the same
     * order, in the caller's transaction; returns the rows the upsert wrote.
     */
    int upsert(ProcessedTable t, List<ObjectNode> records, List<String[]> texts) throws SQLException {
        CopyText text = new CopyText();
        for (int i : lastPerKey(t, records)) {
            for (String v : texts.get(i)) text.text(v);
            text.endRow();
        }
        text.copyInto(connection, copy.get(t));
        return merge.get(t).executeUpdate();
    }

    /** Positions of the last record of each key, in the order the records would have been applied. */
    private static Iterable<Integer> lastPerKey(ProcessedTable t, List<ObjectNode> records) {
        Map<List<String>, Integer> last = new LinkedHashMap<>(records.size() * 2);
        for (int i = 0; i < records.size(); i++) {
            ObjectNode r = records.get(i);
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
