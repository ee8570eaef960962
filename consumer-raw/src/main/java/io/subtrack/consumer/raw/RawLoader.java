package io.subtrack.consumer.raw;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.DatabaseRetry;
import io.subtrack.common.db.LoadOffsets;
import io.subtrack.common.db.SqlErrors;
import io.subtrack.common.kafka.ConsumerLoop;
import io.subtrack.common.kafka.DeadLetters;
import io.subtrack.common.kafka.PoisonMessageException;
import io.subtrack.common.schema.RawTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Loads raw messages into the raw tables verbatim, one transaction per polled batch. The next
 * offset of every partition is stored in the same transaction ({@code subtrack_load_offsets}), so
 * a batch delivered again after a crash is recognised and skipped; the unique lineage key of every
 * raw table backs this up. A message that can never be loaded is dead-lettered and the rest load.
 */
public final class RawLoader implements ConsumerLoop.BatchWriter {
    static final String TARGET = "raw";
    /** Width of the raw text columns (NVARCHAR(4000) in sql/raw). */
    static final int MAX_VALUE_LENGTH = 4000;
    /**
     * Longest source row number (raw_id) stored: it leads the unique record key, and SQL Server
     * refuses an index entry over 1,700 bytes (800 UTF-16 characters + the 32-byte hash fit) with
     * an error that is not a data exception, so a longer one must be refused here, as a poison message.
     */
    static final int MAX_SOURCE_ROW_LENGTH = 800;
    /** Records looked up per query; a shorter chunk repeats its last value, so one statement per table serves all. */
    private static final int LOOKUP_CHUNK = 500;

    private final Callable<Connection> connect;
    private final DatabaseDialect dialect;
    private final DeadLetters deadLetters;
    private final Map<RawTable, PreparedStatement> inserts = new EnumMap<>(RawTable.class);
    /** Per table, the stored records with one of {@link #LOOKUP_CHUNK} source row numbers; prepared once per connection. */
    private final Map<RawTable, PreparedStatement> lookups = new EnumMap<>(RawTable.class);
    /** Per table, the stored records without a source row number with one of {@link #LOOKUP_CHUNK} hashes. */
    private final Map<RawTable, PreparedStatement> lookupsWithoutRow = new EnumMap<>(RawTable.class);
    private Connection connection;
    private LoadOffsets offsets;
    private final Map<TopicPartition, Long> loadedUpTo = new HashMap<>();
    private final Map<String, Long> rowsPerTable = new HashMap<>();
    private long loaded;
    private long skippedRedelivered;
    private long skippedKnown;
    private long deadLettered;

    /** @param connect opens a connection; called again after the database connection was lost */
    public RawLoader(Callable<Connection> connect, DatabaseDialect dialect, DeadLetters deadLetters) throws Exception {
        this.connect = connect;
        this.dialect = dialect;
        this.deadLetters = deadLetters;
        open();
    }

    private void open() throws Exception {
        connection = connect.call();
        connection.setAutoCommit(false);
        inserts.clear();
        lookups.clear();
        lookupsWithoutRow.clear();
        String in = " IN (" + String.join(", ", java.util.Collections.nCopies(LOOKUP_CHUNK, "?")) + ")";
        List<String> key = List.of(RawTable.SOURCE_ROW_FIELD, RawTable.RECORD_HASH_COLUMN);
        for (RawTable t : RawTable.all()) {
            List<String> cols = new ArrayList<>(t.fields());
            cols.add(RawTable.RECORD_HASH_COLUMN);
            cols.addAll(RawTable.LINEAGE_COLUMNS);
            inserts.put(t, connection.prepareStatement(dialect.buildInsertStatement(t.tableName(), cols)));
            lookups.put(t, connection.prepareStatement(dialect.buildSelectStatement(t.tableName(), key,
                dialect.quote(RawTable.SOURCE_ROW_FIELD) + in, null)));
            lookupsWithoutRow.put(t, connection.prepareStatement(dialect.buildSelectStatement(t.tableName(), key,
                dialect.quote(RawTable.SOURCE_ROW_FIELD) + " IS NULL AND " + dialect.quote(RawTable.RECORD_HASH_COLUMN) + in, null)));
        }
        offsets = new LoadOffsets(connection, dialect, TARGET);
    }

    /** One message decoded and checked, ready to insert. */
    private record Row(RawTable table, String[] values, byte[] hash, ConsumerRecord<byte[], byte[]> origin) {
        /** The source's row number, the first column of the record key (the table's unique record constraint). */
        String sourceRow() {
            return values[SOURCE_ROW_INDEX];
        }

        Identity identity() {
            return new Identity(table, sourceRow(), ByteBuffer.wrap(hash));
        }
    }

    /** What makes two rows the same record: table, source row number and hash (which also covers the row number). */
    private record Identity(RawTable table, String sourceRow, ByteBuffer hash) {}

    /** Every raw table declares the source row number first (RawTable; SchemaMatchesSqlTest checks it). */
    static final int SOURCE_ROW_INDEX = 0;

    /** After a failure of the database itself: a fresh connection, and what is loaded read again from the database. */
    private void reconnect() throws Exception {
        DatabaseRetry.closeQuietly(connection);
        open();
        readLoadedOffsets(new ArrayList<>(loadedUpTo.keySet()));
    }

    /** Quietly: the process serving the embedded database may have exited before this one. */
    @Override
    public void close() {
        DatabaseRetry.closeQuietly(connection);
    }

    @Override
    public Map<TopicPartition, Long> onAssigned(Collection<TopicPartition> partitions) throws Exception {
        DatabaseRetry.run(() -> readLoadedOffsets(partitions), () -> {
            DatabaseRetry.closeQuietly(connection);
            open();
        });
        // start where the database stands: behind Kafka's commit if the database lost commits, ahead if Kafka did;
        // a partition it holds nothing of starts at its beginning, even when Kafka has an offset committed
        // (the commits that stored the partition's first rows may be the ones the database lost)
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) start.put(tp, loadedUpTo.getOrDefault(tp, 0L));
        return start;
    }

    @Override
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, Long> stored = offsets.read(partitions);
        connection.commit();
        return stored;
    }

    private void readLoadedOffsets(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> stored = offsets.read(partitions);
        for (TopicPartition tp : partitions) {
            Long next = stored.get(tp);
            if (next != null) loadedUpTo.put(tp, next);
            else loadedUpTo.remove(tp);
        }
        connection.commit();
    }

    @Override
    public Map<TopicPartition, Long> write(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception {
        List<Row> rows = new ArrayList<>(batch.size());
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            nextOffsets.merge(tp, r.offset() + 1, Math::max);
            Long done = loadedUpTo.get(tp);
            if (done != null && r.offset() < done) {
                skippedRedelivered++;
                continue;
            }
            try {
                rows.add(decode(r));
            } catch (PoisonMessageException e) {
                // sent before the transaction commits: a crash may repeat a dead letter, never lose one
                deadLetters.send(r, e);
                deadLettered++;
            }
        }
        // after a reconnect, what the database holds as loaded is read again and not loaded twice
        DatabaseRetry.run(() -> load(stillToLoad(rows), nextOffsets), this::reconnect);
        loadedUpTo.putAll(nextOffsets);
        return Map.of();
    }

    private Row decode(ConsumerRecord<byte[], byte[]> r) {
        RawDecoder.Decoded d = RawDecoder.decode(r.value());
        return new Row(d.table(), d.values(), RecordHash.of(d.table(), d.values()), r);
    }

    /**
     * Drops rows whose record is already stored (a second run of the same file) or repeated within
     * the batch. Stored records are found by their source row number, the leading column of the
     * unique record key, then compared by hash; the rare row without a number is found by its hash.
     */
    private List<Row> withoutKnownRecords(List<Row> rows) throws SQLException {
        Map<RawTable, List<Row>> numbered = new EnumMap<>(RawTable.class);
        Map<RawTable, List<Row>> unnumbered = new EnumMap<>(RawTable.class);
        for (Row r : rows) {
            (r.sourceRow() != null ? numbered : unnumbered).computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
        }
        Set<Identity> known = new HashSet<>();
        for (Map.Entry<RawTable, List<Row>> e : numbered.entrySet()) {
            lookUp(lookups.get(e.getKey()), e.getKey(), e.getValue(), false, known);
        }
        for (Map.Entry<RawTable, List<Row>> e : unnumbered.entrySet()) {
            lookUp(lookupsWithoutRow.get(e.getKey()), e.getKey(), e.getValue(), true, known);
        }
        List<Row> fresh = new ArrayList<>(rows.size());
        for (Row r : rows) {
            if (known.add(r.identity())) fresh.add(r);
            else skippedKnown++;
        }
        return fresh;
    }

    /** Adds to {@code known} the stored records among these rows' candidates, one query per chunk. */
    private static void lookUp(PreparedStatement ps, RawTable table, List<Row> rows, boolean byHash, Set<Identity> known)
        throws SQLException {
        for (int from = 0; from < rows.size(); from += LOOKUP_CHUNK) {
            List<Row> chunk = rows.subList(from, Math.min(rows.size(), from + LOOKUP_CHUNK));
            for (int i = 0; i < LOOKUP_CHUNK; i++) {
                Row r = chunk.get(Math.min(i, chunk.size() - 1)); // padding repeats a value: harmless in IN
                if (byHash) ps.setBytes(i + 1, r.hash());
                else ps.setNString(i + 1, r.sourceRow());
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) known.add(new Identity(table, rs.getString(1), ByteBuffer.wrap(rs.getBytes(2))));
            }
        }
    }

    private void insert(List<Row> rows, Timestamp now) throws SQLException {
        Map<RawTable, Integer> pending = new EnumMap<>(RawTable.class);
        for (Row row : rows) {
            PreparedStatement ps = inserts.get(row.table());
            bind(ps, row, now);
            ps.addBatch();
            pending.merge(row.table(), 1, Integer::sum);
        }
        for (RawTable t : pending.keySet()) inserts.get(t).executeBatch();
    }

    /** After a batch failed as a whole: find the rows that fail on their own and dead-letter just those. */
    private void insertOneByOne(List<Row> rows, Timestamp now) throws SQLException {
        for (Row row : rows) {
            PreparedStatement ps = inserts.get(row.table());
            try {
                bind(ps, row, now);
                ps.executeUpdate();
                connection.commit();
                count(List.of(row));
            } catch (SQLException e) {
                connection.rollback();
                if (!SqlErrors.isRowRefused(e)) throw e;
                deadLetters.send(row.origin(), e);
                deadLettered++;
            }
        }
    }

    private void bind(PreparedStatement ps, Row row, Timestamp now) throws SQLException {
        String[] values = row.values();
        int i = 1;
        for (String v : values) {
            if (v == null) ps.setNull(i++, Types.NVARCHAR);
            else ps.setNString(i++, v);
        }
        ps.setBytes(i++, row.hash());
        ps.setNString(i++, row.origin().topic());
        ps.setInt(i++, row.origin().partition());
        ps.setLong(i++, row.origin().offset());
        ps.setTimestamp(i, now);
    }

    /**
     * One transaction: the rows not yet stored, and the partitions' next offsets. The batch is
     * inserted without first asking which records are stored: on a first load none are, and the
     * look-up was a tenth of the stage (docs/benchmarks.md, "consumers"). When the database refuses
     * the batch (a stored record violates the record key, or a row no column can hold), the stored
     * records are looked up and dropped and the rest inserted again; if that fails too, row by row,
     * dead-lettering only the rows the database refuses.
     */
    private void load(List<Row> rows, Map<TopicPartition, Long> nextOffsets) throws Exception {
        List<Row> fresh = withoutRepeats(rows);
        Timestamp now = Timestamp.from(Instant.now());
        try {
            insert(fresh, now);
            offsets.save(nextOffsets);
            connection.commit();
            count(fresh);
            return;
        } catch (SQLException batchFailure) {
            connection.rollback();
            if (!SqlErrors.isRowRefused(batchFailure)) throw batchFailure;
        }
        fresh = withoutKnownRecords(fresh);
        try {
            insert(fresh, now);
            offsets.save(nextOffsets);
            connection.commit();
            count(fresh);
        } catch (SQLException batchFailure) {
            connection.rollback();
            if (!SqlErrors.isRowRefused(batchFailure)) throw batchFailure;
            insertOneByOne(fresh, now);
            offsets.save(nextOffsets);
            connection.commit();
        }
    }

    /** Drops rows that repeat a record earlier in the same batch. */
    private List<Row> withoutRepeats(List<Row> rows) {
        Set<Identity> seen = new HashSet<>(rows.size() * 2);
        List<Row> first = new ArrayList<>(rows.size());
        for (Row r : rows) {
            if (seen.add(r.identity())) first.add(r);
            else skippedKnown++;
        }
        return first;
    }

    /** Rows whose offsets the database does not yet hold as loaded. */
    private List<Row> stillToLoad(List<Row> rows) {
        List<Row> left = new ArrayList<>(rows.size());
        for (Row r : rows) {
            Long done = loadedUpTo.get(new TopicPartition(r.origin().topic(), r.origin().partition()));
            if (done == null || r.origin().offset() >= done) left.add(r);
        }
        return left;
    }

    private void count(List<Row> rows) {
        for (Row r : rows) rowsPerTable.merge(r.table().tableName(), 1L, Long::sum);
        loaded += rows.size();
    }

    @Override
    public long loaded() { return loaded; }

    @Override
    public long deadLettered() { return deadLettered; }

    @Override
    public Map<String, Long> details() {
        Map<String, Long> d = new java.util.TreeMap<>(rowsPerTable);
        d.put("skipped, redelivered", skippedRedelivered);
        d.put("skipped, known record", skippedKnown);
        return d;
    }
}
