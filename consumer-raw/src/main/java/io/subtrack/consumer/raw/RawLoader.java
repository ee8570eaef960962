package io.subtrack.consumer.raw;

import io.subtrack.common.db.BulkLoader;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.DatabaseRetry;
import io.subtrack.common.db.LoadOffsets;
import io.subtrack.common.extract.Extract;
import io.subtrack.common.extract.ExtractRegistry;
import io.subtrack.common.kafka.BatchWriter;
import io.subtrack.common.kafka.DeadLetters;
import io.subtrack.common.kafka.ExtractMarker;
import io.subtrack.common.kafka.LoadInFlight;
import io.subtrack.common.kafka.PoisonMessageException;
import io.subtrack.common.schema.RawTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Loads raw messages into the raw tables verbatim, one transaction per polled batch. The next
 * offset of every partition is stored in the same transaction ({@code subtrack_load_offsets}), so
 * a batch delivered again after a crash is recognised and skipped; the unique lineage key of every
 * raw table backs this up. A message that can never be loaded is dead-lettered and the rest load.
 * <p>
 * Where the database has a bulk path ({@link DatabaseDialect#bulkLoader}: PostgreSQL's COPY) the rows go by it,
 * and a batch is decoded (and encoded as bulk text) by the consumer's thread while the loader thread still sends
 * the one before: the server's work and
 * ours overlap on two cores. At most one batch is in flight; anything that reads what the
 * database holds ({@link #onAssigned}, {@link #storedOffsets}, {@link #drain}) waits for it first.
 * Kafka's committed offset may then run one batch ahead of the database, which is harmless: the
 * database's stored offsets decide where a consumer starts. Elsewhere (SQL Server) rows go as
 * batched INSERTs, which the driver turns into bulk copy. The tables are written by {@link RawStore}.
 * <p>
 * {@code ingested_at} is bound as a {@code LocalDateTime} cut to microseconds: PostgreSQL keeps
 * microseconds, so both databases store the same instant; mssql-jdbc's bulk copy sends a DATETIME2
 * as text of at most 27 characters (docs/sql-server.md), which 9 fractional digits overflow; and a
 * {@code LocalDateTime} reaches the server unchanged, where {@code Timestamp.valueOf} moves a time
 * in a daylight-saving gap of the JVM's zone.
 */
public final class RawLoader implements BatchWriter {
    static final String TARGET = "raw";
    /** Width of the raw text columns, which hold every source field (the schema tests hold the migrations to it). */
    public static final int MAX_VALUE_LENGTH = 4000;
    /**
     * Longest source row number (raw_id) stored: it leads the unique record key, and SQL Server
     * refuses an index entry over 1,700 bytes (800 UTF-16 characters + the 32-byte hash fit) with
     * an error that is not a data exception, so a longer one must be refused here, as a poison message.
     */
    static final int MAX_SOURCE_ROW_LENGTH = 800;
    private final Callable<Connection> connect;
    private final Supplier<LocalDateTime> clock;
    private final DatabaseDialect dialect;
    private final DeadLetters deadLetters;
    /** Whether batches are encoded for the database's bulk path on the consumer's thread. */
    private final boolean bulk;
    private final ExtractRegistry extracts;
    private final LoadInFlight inFlight = new LoadInFlight("raw-loader");
    private Connection connection;
    private RawStore store;
    private LoadOffsets offsets;
    /** Per partition, the next offset the database holds as loaded; written by the loader thread. */
    private final Map<TopicPartition, Long> loadedUpTo = new ConcurrentHashMap<>();
    /** Rows stored per raw table, by ordinal: counted per row, so no boxed counter per row. */
    private final AtomicLongArray rowsPerTable = new AtomicLongArray(RawTable.values().length);
    /** The COPY texts of the batch being encoded and of the one in flight, reused in turn (they grow to a batch's size once). */
    private final RawCopy[] copyBuffers;
    private int nextCopyBuffer;
    private final AtomicLong loaded = new AtomicLong();
    private final AtomicLong skippedRedelivered = new AtomicLong();
    private final AtomicLong skippedKnown = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    /** End-of-extract markers registered (one per partition per extract). */
    private final AtomicLong extractMarkers = new AtomicLong();
    /** Batches the database refused as a whole, then stored without their known records. */
    private final AtomicLong batchesRetried = new AtomicLong();
    /** Batches refused again after that, then stored one row per transaction. */
    private final AtomicLong batchesRowByRow = new AtomicLong();

    /** @param connect opens a connection; called again after the database connection was lost */
    public RawLoader(Callable<Connection> connect, DatabaseDialect dialect, DeadLetters deadLetters) throws Exception {
        this(connect, dialect, deadLetters, LocalDateTime::now);
    }

    /** @param clock the ingestion time of a batch, in the JVM's zone as {@link LocalDateTime#now()} gives it */
    public RawLoader(Callable<Connection> connect, DatabaseDialect dialect, DeadLetters deadLetters,
                     Supplier<LocalDateTime> clock) throws Exception {
        this.connect = connect;
        this.clock = clock;
        this.dialect = dialect;
        this.deadLetters = deadLetters;
        BulkLoader bulkLoader = dialect.bulkLoader();
        this.bulk = bulkLoader != null;
        this.copyBuffers = bulk ? new RawCopy[] {new RawCopy(bulkLoader), new RawCopy(bulkLoader)} : null;
        this.extracts = new ExtractRegistry(dialect);
        open();
    }

    private void open() throws Exception {
        connection = connect.call();
        connection.setAutoCommit(false);
        store = new RawStore(connection, dialect);
        offsets = new LoadOffsets(connection, dialect, TARGET);
    }

    /** After a failure of the database itself: a fresh connection, and what is loaded read again from the database. */
    private void reconnect() throws Exception {
        DatabaseRetry.closeQuietly(connection);
        open();
        readLoadedOffsets(new ArrayList<>(loadedUpTo.keySet()));
    }

    @Override
    public void close() throws Exception {
        try {
            inFlight.close();
        } finally {
            DatabaseRetry.closeQuietly(connection);
        }
    }

    @Override
    public Map<TopicPartition, Long> onAssigned(Collection<TopicPartition> partitions) throws Exception {
        inFlight.await();
        DatabaseRetry.run(() -> readLoadedOffsets(partitions), this::reopen);
        // start where the database stands: behind Kafka's commit if the database lost commits, ahead if Kafka did;
        // a partition it holds nothing of starts at its beginning, even when Kafka has an offset committed
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) start.put(tp, loadedUpTo.getOrDefault(tp, 0L));
        return start;
    }

    @Override
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws Exception {
        inFlight.await();
        Map<TopicPartition, Long> stored = new HashMap<>();
        DatabaseRetry.run(() -> {
            stored.clear();
            stored.putAll(offsets.read(partitions));
            connection.commit();
        }, this::reopen);
        return stored;
    }

    @Override
    public void skipTo(Map<TopicPartition, Long> positions) throws Exception {
        inFlight.await();
        Map<TopicPartition, Long> ahead = new HashMap<>();
        positions.forEach((tp, p) -> {
            Long done = loadedUpTo.get(tp);
            if (done == null || p > done) ahead.put(tp, p);
        });
        if (ahead.isEmpty()) return;
        DatabaseRetry.run(() -> {
            offsets.save(ahead);
            connection.commit();
        }, this::reconnect);
        loadedUpTo.putAll(ahead);
    }

    @Override
    public Map<TopicPartition, Long> drain() throws Exception {
        inFlight.await();
        return Map.of();
    }

    private void reopen() throws Exception {
        DatabaseRetry.closeQuietly(connection);
        open();
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
        List<RawRow> rows = new ArrayList<>(batch.size());
        List<Marker> markers = new ArrayList<>(0);
        Map<TopicPartition, Long> nextOffsets = new HashMap<>();
        TopicPartition tp = null;
        Long done = null;
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            // a poll returns each partition's records together: one key object per run of them
            if (tp == null || tp.partition() != r.partition() || !tp.topic().equals(r.topic())) {
                tp = new TopicPartition(r.topic(), r.partition());
                done = loadedUpTo.get(tp);
            }
            nextOffsets.merge(tp, r.offset() + 1, Math::max);
            if (done != null && r.offset() < done) {
                skippedRedelivered.incrementAndGet();
                continue;
            }
            try {
                if (ExtractMarker.isMarker(r)) {
                    markers.add(new Marker(readMarker(r), r.partition()));
                    continue;
                }
                rows.add(decode(r));
            } catch (PoisonMessageException e) {
                // sent before the transaction commits: a crash may repeat a dead letter, never lose one
                deadLetters.send(r, e);
                deadLettered.incrementAndGet();
            }
        }
        List<RawRow> fresh = withoutRepeats(rows);
        LocalDateTime now = ingestedAt(clock.get());
        RawCopy encoded = bulk ? copyBuffers[nextCopyBuffer].encode(fresh, now) : null;
        nextCopyBuffer ^= 1;
        inFlight.await();
        // after a reconnect, what the database holds as loaded is read again and not loaded twice
        inFlight.start(() -> {
            DatabaseRetry.run(() -> load(fresh, encoded, now, nextOffsets, markers), this::reconnect);
            loadedUpTo.putAll(nextOffsets);
            return null;
        });
        return Map.of();
    }

    /** The ingestion time as stored: cut to microseconds, PostgreSQL's precision and at most 26 characters as text. */
    static LocalDateTime ingestedAt(LocalDateTime now) {
        return now.truncatedTo(ChronoUnit.MICROS);
    }

    private RawRow decode(ConsumerRecord<byte[], byte[]> r) {
        RawDecoder.Decoded d = RawDecoder.decode(r.value());
        String extractId = ExtractMarker.extractId(r);
        return new RawRow(d.table(), d.values(), RecordHash.of(d.table(), d.values(), extractId), r, extractId);
    }

    /** An extract's end marker on a partition, registered in the transaction of the batch that holds it. */
    private record Marker(Extract extract, int partition) {}

    /**
     * One transaction: the rows not yet stored, and the partitions' next offsets. The batch is
     * stored without first asking which records are stored: on a first load none are, and the
     * look-up was a tenth of the stage (docs/benchmarks.md, "consumers"). When the database refuses
     * the batch (a stored record violates the record key, or a row no column can hold), the stored
     * records are looked up and dropped and the rest stored again; if that fails too, row by row,
     * dead-lettering only the rows the database refuses.
     */
    private void load(List<RawRow> rows, RawCopy encoded, LocalDateTime now, Map<TopicPartition, Long> nextOffsets,
                      List<Marker> markers) throws Exception {
        List<RawRow> toLoad = stillToLoad(rows);
        if (toLoad.size() != rows.size()) encoded = null; // a reconnect found some of them loaded
        try {
            store.store(toLoad, encoded, now);
            saveProgress(nextOffsets, markers);
            connection.commit();
            count(toLoad);
            return;
        } catch (SQLException batchFailure) {
            connection.rollback();
            if (!store.isRowRefused(batchFailure)) throw batchFailure;
        }
        batchesRetried.incrementAndGet();
        List<RawRow> fresh = store.withoutKnownRecords(toLoad, skippedKnown);
        try {
            store.store(fresh, null, now);
            saveProgress(nextOffsets, markers);
            connection.commit();
            count(fresh);
        } catch (SQLException batchFailure) {
            connection.rollback();
            if (!store.isRowRefused(batchFailure)) throw batchFailure;
            batchesRowByRow.incrementAndGet();
            store.insertOneByOne(fresh, now, new RawStore.RowOutcome() {
                @Override
                public void stored(RawRow row) {
                    count(List.of(row));
                }

                @Override
                public void refused(RawRow row, SQLException reason) {
                    deadLetters.send(row.origin(), reason);
                    deadLettered.incrementAndGet();
                }
            });
            saveProgress(nextOffsets, markers);
            connection.commit();
        }
    }

    /**
     * The partitions' next offsets and the extract markers the batch holds, in the batch's transaction: once a
     * partition's marker is stored, so is every record of the extract before it on that partition.
     */
    private void saveProgress(Map<TopicPartition, Long> nextOffsets, List<Marker> markers) throws SQLException {
        for (Marker m : markers) extracts.register(connection, m.extract(), m.partition());
        offsets.save(nextOffsets);
        extractMarkers.addAndGet(markers.size());
    }

    private static Extract readMarker(ConsumerRecord<byte[], byte[]> r) {
        try {
            return ExtractMarker.read(r);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException(e.getMessage());
        }
    }

    /** Drops rows that repeat a record earlier in the same batch. */
    private List<RawRow> withoutRepeats(List<RawRow> rows) {
        Set<RawRow.Identity> seen = new HashSet<>(rows.size() * 2);
        List<RawRow> first = new ArrayList<>(rows.size());
        for (RawRow r : rows) {
            if (seen.add(r.identity())) first.add(r);
            else skippedKnown.incrementAndGet();
        }
        return first;
    }

    /** Rows whose offsets the database does not yet hold as loaded. */
    private List<RawRow> stillToLoad(List<RawRow> rows) {
        List<RawRow> left = new ArrayList<>(rows.size());
        ConsumerRecord<byte[], byte[]> runStart = null;
        Long done = null;
        for (RawRow r : rows) {
            ConsumerRecord<byte[], byte[]> o = r.origin();
            if (runStart == null || runStart.partition() != o.partition() || !runStart.topic().equals(o.topic())) {
                runStart = o;
                done = loadedUpTo.get(r.partition());
            }
            if (done == null || o.offset() >= done) left.add(r);
            else skippedRedelivered.incrementAndGet();
        }
        return left;
    }

    private void count(List<RawRow> rows) {
        for (RawRow r : rows) rowsPerTable.incrementAndGet(r.table().ordinal());
        loaded.addAndGet(rows.size());
    }

    @Override
    public long loaded() { return loaded.get(); }

    @Override
    public long deadLettered() { return deadLettered.get(); }

    @Override
    public Map<String, Long> details() {
        Map<String, Long> d = new TreeMap<>();
        for (RawTable t : RawTable.values()) {
            long n = rowsPerTable.get(t.ordinal());
            if (n > 0) d.put(t.tableName(), n);
        }
        d.put("skipped, redelivered", skippedRedelivered.get());
        d.put("skipped, known record", skippedKnown.get());
        d.put("extract end markers", extractMarkers.get());
        d.put("batches refused, retried without known records", batchesRetried.get());
        d.put("batches refused again, loaded row by row", batchesRowByRow.get());
        return d;
    }
}
