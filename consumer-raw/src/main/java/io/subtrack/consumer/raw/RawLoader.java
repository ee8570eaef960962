package io.subtrack.consumer.raw;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.DatabaseRetry;
import io.subtrack.common.db.LoadOffsets;
import io.subtrack.common.db.SqlErrors;
import io.subtrack.common.kafka.ConsumerLoop;
import io.subtrack.common.kafka.DeadLetters;
import io.subtrack.common.kafka.Envelope;
import io.subtrack.common.kafka.PoisonMessageException;
import io.subtrack.common.schema.RawTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
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
    private static final int HASH_LOOKUP_CHUNK = 500;

    private final Callable<Connection> connect;
    private final DatabaseDialect dialect;
    private final DeadLetters deadLetters;
    private final Map<RawTable, PreparedStatement> inserts = new EnumMap<>(RawTable.class);
    /** The look-up of a full chunk of hashes, per table: prepared once per connection, not once per chunk. */
    private final Map<RawTable, PreparedStatement> fullChunkLookups = new EnumMap<>(RawTable.class);
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
        fullChunkLookups.clear();
        for (RawTable t : RawTable.all()) {
            List<String> cols = new ArrayList<>(t.fields());
            cols.add(RawTable.RECORD_HASH_COLUMN);
            cols.addAll(RawTable.LINEAGE_COLUMNS);
            inserts.put(t, connection.prepareStatement(dialect.buildInsertStatement(t.tableName(), cols)));
        }
        offsets = new LoadOffsets(connection, dialect, TARGET);
    }

    /** One message decoded and checked, ready to insert. */
    private record Row(RawTable table, String[] values, String hash, ConsumerRecord<byte[], byte[]> origin) {}

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
        // start where the database stands: behind Kafka's commit if the database lost commits, ahead if Kafka did
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) {
            Long next = loadedUpTo.get(tp);
            if (next != null) start.put(tp, next);
        }
        return start;
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
        Envelope.Decoded d = Envelope.decode(r.value());
        RawTable table = RawTable.byName(d.table());
        if (table == null) throw new PoisonMessageException("unknown table \"" + d.table() + "\"");
        List<String> fields = table.fields();
        String[] values = new String[fields.size()];
        Iterator<Map.Entry<String, JsonNode>> it = d.record().fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            int i = fields.indexOf(f.getKey());
            if (i < 0) throw new PoisonMessageException("field \"" + f.getKey() + "\" is not a column of " + table.tableName());
            values[i] = text(table, f.getKey(), f.getValue());
        }
        return new Row(table, values, RecordHash.of(table, values), r);
    }

    /** The value as the raw layer keeps it: the JSON scalar's text, numbers exactly as written. */
    static String text(RawTable table, String field, JsonNode v) {
        if (v == null || v.isNull()) return null;
        if (v.isContainerNode()) {
            throw new PoisonMessageException(table.tableName() + "." + field + " holds a JSON " + v.getNodeType()
                + "; raw columns hold scalars only");
        }
        String s = v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
        if (s.length() > MAX_VALUE_LENGTH) {
            throw new PoisonMessageException(table.tableName() + "." + field + " holds " + s.length()
                + " characters; its column holds at most " + MAX_VALUE_LENGTH);
        }
        return s;
    }

    /** Drops rows whose record is already stored (a second run of the same file) or repeated within the batch. */
    private List<Row> withoutKnownRecords(List<Row> rows) throws SQLException {
        Map<RawTable, List<Row>> byTable = new EnumMap<>(RawTable.class);
        for (Row r : rows) byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
        Set<String> known = new HashSet<>();
        for (Map.Entry<RawTable, List<Row>> e : byTable.entrySet()) {
            List<Row> tableRows = e.getValue();
            for (int from = 0; from < tableRows.size(); from += HASH_LOOKUP_CHUNK) {
                List<Row> chunk = tableRows.subList(from, Math.min(tableRows.size(), from + HASH_LOOKUP_CHUNK));
                boolean full = chunk.size() == HASH_LOOKUP_CHUNK;
                PreparedStatement ps = full ? fullChunkLookups.get(e.getKey()) : null;
                if (ps == null) {
                    ps = connection.prepareStatement(hashLookup(e.getKey(), chunk.size()));
                    if (full) fullChunkLookups.put(e.getKey(), ps);
                }
                try {
                    for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i).hash());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) known.add(e.getKey().tableName() + ':' + rs.getString(1));
                    }
                } finally {
                    if (!full) ps.close();
                }
            }
        }
        List<Row> fresh = new ArrayList<>(rows.size());
        for (Row r : rows) {
            if (known.add(r.table().tableName() + ':' + r.hash())) fresh.add(r);
            else skippedKnown++;
        }
        return fresh;
    }

    private String hashLookup(RawTable table, int n) {
        return dialect.buildSelectStatement(table.tableName(), List.of(RawTable.RECORD_HASH_COLUMN),
            dialect.quote(RawTable.RECORD_HASH_COLUMN) + " IN (" + String.join(", ", Collections.nCopies(n, "?")) + ")", null);
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
        ps.setString(i++, row.hash());
        ps.setNString(i++, row.origin().topic());
        ps.setInt(i++, row.origin().partition());
        ps.setLong(i++, row.origin().offset());
        ps.setTimestamp(i, now);
    }

    /** One transaction: the rows not yet stored, and the partitions' next offsets. */
    private void load(List<Row> rows, Map<TopicPartition, Long> nextOffsets) throws Exception {
        List<Row> fresh = withoutKnownRecords(rows);
        Timestamp now = Timestamp.from(Instant.now());
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
