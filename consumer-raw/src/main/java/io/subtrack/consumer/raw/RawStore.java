package io.subtrack.consumer.raw;

import io.subtrack.common.db.BulkLoader;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.RawTable;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The raw tables as one connection writes them, in the caller's transaction: a batch by the database's bulk
 * path ({@link DatabaseDialect#bulkLoader}, PostgreSQL's COPY) or as batched INSERTs (SQL Server, whose driver
 * sends them as bulk copy); the records a batch holds that are stored already; a refused batch row by row.
 * Statements are prepared once per connection.
 */
final class RawStore {
    /** Records looked up per query; a shorter chunk repeats its last value, so one statement per table serves all. */
    private static final int LOOKUP_CHUNK = 500;

    /** What became of a row stored on its own. */
    interface RowOutcome {
        void stored(RawRow row);

        void refused(RawRow row, SQLException reason);
    }

    private final Connection connection;
    private final DatabaseDialect dialect;
    /** Bulk statements per table, or null where batched INSERTs load. */
    private final Map<RawTable, String> copyStatements;
    private final BulkLoader bulk;
    private final Map<RawTable, PreparedStatement> inserts = new EnumMap<>(RawTable.class);
    /** Per table, the stored records with one of {@link #LOOKUP_CHUNK} source row numbers. */
    private final Map<RawTable, PreparedStatement> lookups = new EnumMap<>(RawTable.class);
    /** Per table, the stored records without a source row number with one of {@link #LOOKUP_CHUNK} hashes. */
    private final Map<RawTable, PreparedStatement> lookupsWithoutRow = new EnumMap<>(RawTable.class);

    RawStore(Connection connection, DatabaseDialect dialect) throws SQLException {
        this.connection = connection;
        this.dialect = dialect;
        this.bulk = dialect.bulkLoader();
        this.copyStatements = bulk == null ? null : RawCopy.statements(bulk);
        List<String> key = List.of(RawTable.SOURCE_ROW_FIELD, RawTable.RECORD_HASH_COLUMN);
        for (RawTable t : RawTable.all()) {
            inserts.put(t, connection.prepareStatement(dialect.buildInsertStatement(t.tableName(), columns(t))));
            lookups.put(t, connection.prepareStatement(dialect.buildSelectByKeysStatement(t.tableName(), key,
                RawTable.SOURCE_ROW_FIELD, LOOKUP_CHUNK, List.of())));
            lookupsWithoutRow.put(t, connection.prepareStatement(dialect.buildSelectByKeysStatement(t.tableName(), key,
                RawTable.RECORD_HASH_COLUMN, LOOKUP_CHUNK, List.of(RawTable.SOURCE_ROW_FIELD))));
        }
    }

    /** The columns every raw table is loaded with: its source fields, the record hash, the lineage. */
    static List<String> columns(RawTable t) {
        List<String> cols = new ArrayList<>(t.fields());
        cols.add(RawTable.RECORD_HASH_COLUMN);
        cols.addAll(RawTable.LINEAGE_COLUMNS);
        cols.add(RawTable.EXTRACT_ID_COLUMN);
        return cols;
    }

    boolean isRowRefused(SQLException e) {
        return dialect.isRowRefused(e);
    }

    /**
     * The rows into their tables: by the bulk path ({@code encoded}, the rows already encoded, or null to encode
     * them here), or as batched INSERTs where the database has none.
     */
    void store(List<RawRow> rows, RawCopy encoded, LocalDateTime now) throws SQLException {
        if (copyStatements != null) {
            (encoded != null ? encoded : new RawCopy(bulk).encode(rows, now)).copy(connection, copyStatements);
        } else {
            insert(rows, now);
        }
    }

    /**
     * One table at a time: its rows queued, then sent. A statement whose batch fails has its queue
     * cleared here: mssql-jdbc clears only the statement that failed
     * (SQLServerPreparedStatement.executeBatch's finally, line 2358 at v13.2.1), so rows queued on
     * the other tables' statements would be sent again with the next batch, the retry adding them
     * once more each time.
     */
    private void insert(List<RawRow> rows, LocalDateTime now) throws SQLException {
        Map<RawTable, List<RawRow>> perTable = new EnumMap<>(RawTable.class);
        for (RawRow row : rows) perTable.computeIfAbsent(row.table(), t -> new ArrayList<>()).add(row);
        for (Map.Entry<RawTable, List<RawRow>> e : perTable.entrySet()) {
            PreparedStatement ps = inserts.get(e.getKey());
            boolean sent = false;
            try {
                for (RawRow row : e.getValue()) {
                    bind(ps, row, now);
                    ps.addBatch();
                }
                ps.executeBatch();
                sent = true;
            } finally {
                if (!sent) clearQuietly(ps);
            }
        }
    }

    /** Drops a statement's queued rows; a failure here (the connection is gone) leaves nothing to drop that matters. */
    private static void clearQuietly(PreparedStatement ps) {
        try {
            ps.clearBatch();
        } catch (SQLException closedWithItsConnection) {
            // a new connection prepares new statements
        }
    }

    /**
     * After a batch failed as a whole: each row in a transaction of its own, so the rows that fail on their own
     * show themselves; a failure of the database itself is rethrown.
     */
    void insertOneByOne(List<RawRow> rows, LocalDateTime now, RowOutcome outcome) throws SQLException {
        for (RawRow row : rows) {
            PreparedStatement ps = inserts.get(row.table());
            try {
                bind(ps, row, now);
                ps.executeUpdate();
                connection.commit();
                outcome.stored(row);
            } catch (SQLException e) {
                connection.rollback();
                if (!dialect.isRowRefused(e)) throw e;
                outcome.refused(row, e);
            }
        }
    }

    private static void bind(PreparedStatement ps, RawRow row, LocalDateTime now) throws SQLException {
        int i = 1;
        for (String v : row.values()) {
            if (v == null) ps.setNull(i++, Types.VARCHAR);
            else ps.setString(i++, v);
        }
        ps.setBytes(i++, row.hash());
        ps.setString(i++, row.origin().topic());
        ps.setInt(i++, row.origin().partition());
        ps.setLong(i++, row.origin().offset());
        ps.setObject(i++, now);
        ps.setString(i, row.extractId());
    }

    /**
     * Drops rows whose record is already stored (a second run of the same file), counting them in
     * {@code skippedKnown}. Stored records are found by their source row number, the leading column of the
     * unique record key, then compared by hash; the rare row without a number is found by its hash.
     */
    List<RawRow> withoutKnownRecords(List<RawRow> rows, AtomicLong skippedKnown) throws SQLException {
        Map<RawTable, List<RawRow>> numbered = new EnumMap<>(RawTable.class);
        Map<RawTable, List<RawRow>> unnumbered = new EnumMap<>(RawTable.class);
        for (RawRow r : rows) {
            (r.sourceRow() != null ? numbered : unnumbered).computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
        }
        Set<RawRow.Identity> known = new HashSet<>();
        for (Map.Entry<RawTable, List<RawRow>> e : numbered.entrySet()) {
            lookUp(lookups.get(e.getKey()), e.getKey(), e.getValue(), false, known);
        }
        for (Map.Entry<RawTable, List<RawRow>> e : unnumbered.entrySet()) {
            lookUp(lookupsWithoutRow.get(e.getKey()), e.getKey(), e.getValue(), true, known);
        }
        List<RawRow> fresh = new ArrayList<>(rows.size());
        for (RawRow r : rows) {
            if (known.add(r.identity())) fresh.add(r);
            else skippedKnown.incrementAndGet();
        }
        return fresh;
    }

    /** Adds to {@code known} the stored records among these rows' candidates, one query per chunk. */
    private static void lookUp(PreparedStatement ps, RawTable table, List<RawRow> rows, boolean byHash, Set<RawRow.Identity> known)
        throws SQLException {
        for (int from = 0; from < rows.size(); from += LOOKUP_CHUNK) {
            List<RawRow> chunk = rows.subList(from, Math.min(rows.size(), from + LOOKUP_CHUNK));
            for (int i = 0; i < LOOKUP_CHUNK; i++) {
                RawRow r = chunk.get(Math.min(i, chunk.size() - 1)); // padding repeats a value: harmless in IN
                if (byHash) ps.setBytes(i + 1, r.hash());
                else ps.setString(i + 1, r.sourceRow());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) known.add(new RawRow.Identity(table, rs.getString(1), ByteBuffer.wrap(rs.getBytes(2))));
            }
        }
    }
}
