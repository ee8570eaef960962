package io.subtrack.consumer.processed;

import io.subtrack.common.db.BulkLoader;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.DatabaseRetry;
import io.subtrack.common.db.LoadOffsets;
import io.subtrack.common.kafka.BatchWriter;
import io.subtrack.common.kafka.DeadLetters;
import io.subtrack.common.kafka.LoadInFlight;
import io.subtrack.common.kafka.PoisonMessageException;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Loads processed records by primary key in dependency order, one transaction per batch: through
 * staging tables where the database has a bulk path ({@link StagedUpsert}; PostgreSQL's COPY), elsewhere
 * as batched statements ({@link BatchedUpsert}). Records are checked by {@link ProcessedDecoder} and
 * counted by {@link ProcessedCounts}. The consumer's thread decodes, checks and encodes the next batch while a
 * loader thread loads the one before, so our work and the server's overlap on two cores (as in
 * consumer-raw); at most one batch is in flight, and anything that reads what the database holds
 * waits for it first. Kafka's committed offset may then run one batch ahead of the database, which
 * is harmless: the database's stored offsets decide where a consumer starts ({@link #onAssigned}).
 * <p>
 * A record whose parent row is not in the database yet (it may sit in another partition) is held
 * back and retried with the next batches; its offset is not stored as settled meanwhile. Once the
 * consumer has read everything the topic held (a parent published before its child has then been
 * seen), it waits {@code parentWait} more; after that, or when the run ends, it is dead-lettered
 * with the missing reference as reason. A record the database refuses (a CHECK constraint, a
 * length) is dead-lettered with the database's reason and the rest of the batch loads.
 * <p>
 * Daily extracts ({@link Versions}): upserts write extract_id and extract_date and clear deleted_at, and newer
 * always wins, so a replayed older day changes nothing (its rows are counted stale). A record with a non-null
 * deleted_at is a deletion: a soft delete of its key ({@link SoftDeletes}) after the batch's upserts, in their
 * transaction; a deletion checks no parent, never waits and needs only the key and the version fields.
 */
public final class ProcessedLoader implements BatchWriter {
    static final String TARGET = "processed";

    /** One table-set load path: every ready row loaded or dead-lettered, reported through {@link Outcomes}. */
    interface TableWriter {
        void load(Map<ProcessedTable, List<ProcessedRow>> ready) throws SQLException;

        /** The rows whose parents are stored or arriving, then the deletions, one transaction (split where refused). */
        void load(Map<ProcessedTable, List<ProcessedRow>> ready, Map<ProcessedTable, List<ProcessedRow>> deletions)
            throws SQLException;

        /** The batch as it is, the database checking its references: false, nothing written, when it refuses it. */
        boolean loadIfAccepted(Map<ProcessedTable, List<ProcessedRow>> rows, Map<ProcessedTable, List<ProcessedRow>> deletions)
            throws SQLException;
    }

    /** What a load path reports back, row by row. */
    interface Outcomes {
        void loaded(ProcessedTable t, List<ProcessedRow> rows);

        void deadLetter(ProcessedRow r, Exception reason);

        /** Holds the row back when its parent was refused in this batch (it then waits as any child whose parent has not arrived). */
        boolean parentRefused(ProcessedRow r);

        /** After a commit: the upserts it left alone as older than stored, and what its deletions did. */
        void versions(long staleUpserts, SoftDeletes.Counts deletions);
    }

    private final Callable<Connection> connect;
    private final DatabaseDialect dialect;
    private final DeadLetters deadLetters;
    /** The tables this loader loads: the standard model, or a test's with a column of its own. */
    private final ProcessedModel model;
    private final ParentKeys parents;
    private final Outcomes outcomes = new Outcomes() {
        @Override
        public void loaded(ProcessedTable t, List<ProcessedRow> rows) {
            counted(t, rows);
        }

        @Override
        public void deadLetter(ProcessedRow r, Exception reason) {
            ProcessedLoader.this.deadLetter(r.origin, reason);
        }

        @Override
        public boolean parentRefused(ProcessedRow r) {
            if (parents.missing(r, Map.of()) == null) return false;
            pending.hold(r);
            return true;
        }

        @Override
        public void versions(long staleUpserts, SoftDeletes.Counts deletions) {
            counts.versions(staleUpserts, deletions);
        }
    };
    private final LoadInFlight inFlight = new LoadInFlight("processed-loader");

    // used by the loader thread while a batch is in flight, by the caller's thread otherwise
    private Connection connection;
    private TableWriter writer;
    private LoadOffsets offsets;
    /** SQL Server: whether no insert batch was refused yet (kept over a reconnect; see BatchedUpsert). */
    private boolean insertFirst = true;
    private final WaitingRows pending;
    /**
     * Batches to load the careful way before trying one as it is again: refusals come in runs, where a child
     * table starts in one partition while its parents are still being read from another.
     */
    private static final int CAREFUL_AFTER_REFUSAL = 16;
    private int carefulBatches;

    /** Per partition, the offset after the last record handed to this loader (caller's thread). */
    private final Map<TopicPartition, Long> seenUpTo = new HashMap<>();
    private final ProcessedCounts counts;
    private final ProcessedDecoder decoder;

    /** @param connect opens a connection; called again after the database connection was lost */
    public ProcessedLoader(Callable<Connection> connect, DatabaseDialect dialect, DeadLetters deadLetters, Duration parentWait)
        throws Exception {
        this(connect, dialect, deadLetters, parentWait, ProcessedModel.standard());
    }

    /** As above, loading the tables of {@code model}. */
    public ProcessedLoader(Callable<Connection> connect, DatabaseDialect dialect, DeadLetters deadLetters, Duration parentWait,
                           ProcessedModel model) throws Exception {
        this.connect = connect;
        this.dialect = dialect;
        this.deadLetters = deadLetters;
        this.pending = new WaitingRows(parentWait);
        this.model = model;
        this.parents = new ParentKeys(dialect, model);
        this.counts = new ProcessedCounts(model);
        this.decoder = new ProcessedDecoder(model, dialect.bulkLoader() != null);
        open();
    }

    private void open() throws Exception {
        connection = connect.call();
        connection.setAutoCommit(false);
        BulkLoader bulk = dialect.bulkLoader();
        writer = bulk != null
            ? new StagedUpsert(connection, dialect, bulk, model, outcomes)
            : new BatchedUpsert(connection, dialect, model, outcomes, insertFirst);
        offsets = new LoadOffsets(connection, dialect, TARGET);
    }

    private void reopen() throws Exception {
        if (writer instanceof BatchedUpsert b) insertFirst = b.insertFirst();
        DatabaseRetry.closeQuietly(connection);
        open();
    }

    @Override
    public Map<TopicPartition, Long> onAssigned(Collection<TopicPartition> partitions) throws Exception {
        Map<TopicPartition, Long> stored = storedOffsets(partitions);
        // start where the database stands: it is saved after the rows it covers, so at worst a few rows
        // are upserted again (harmless); a commit the database lost is read again, and a partition it
        // holds nothing of starts at its beginning
        Map<TopicPartition, Long> start = new HashMap<>();
        for (TopicPartition tp : partitions) start.put(tp, stored.getOrDefault(tp, 0L));
        return start;
    }

    @Override
    public Map<TopicPartition, Long> storedOffsets(Collection<TopicPartition> partitions) throws Exception {
        inFlight.await();
        AtomicReference<Map<TopicPartition, Long>> stored = new AtomicReference<>(Map.of());
        DatabaseRetry.run(() -> {
            stored.set(offsets.read(partitions));
            connection.commit();
        }, this::reopen);
        return stored.get();
    }

    /**
     * Saves, per partition, the offset before which everything is settled (loaded or dead-lettered):
     * the lowest offset still waiting for a parent, else the next offset after the last record seen.
     * In a transaction after the rows', which is enough because upserts may be repeated.
     */
    private void saveOffsets(Map<TopicPartition, Long> seen) throws Exception {
        Map<TopicPartition, Long> settled = new HashMap<>(seen);
        settled.putAll(pending.heldBack());
        DatabaseRetry.run(() -> {
            offsets.save(settled);
            connection.commit();
        }, this::reopen);
    }

    /** Quietly: the process serving the embedded database may have exited before this one. */
    @Override
    public void close() throws Exception {
        try {
            inFlight.close();
        } finally {
            DatabaseRetry.closeQuietly(connection);
        }
    }

    /**
     * Decodes the batch here, then hands it to the loader thread once the batch before is loaded.
     * Returns what that batch before left held back (the one handed over now is not loaded yet).
     */
    @Override
    public Map<TopicPartition, Long> write(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception {
        List<ProcessedRow> fresh = new ArrayList<>(batch.size());
        TopicPartition tp = null;
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            if (tp == null || tp.partition() != r.partition() || !tp.topic().equals(r.topic())) {
                tp = new TopicPartition(r.topic(), r.partition()); // a poll returns each partition's records together
            }
            seenUpTo.merge(tp, r.offset() + 1, Math::max);
            try {
                fresh.add(decoder.decode(r));
            } catch (PoisonMessageException e) {
                deadLetter(r, e);
            }
        }
        Map<TopicPartition, Long> seen = new HashMap<>(seenUpTo);
        inFlight.await();
        Map<TopicPartition, Long> held = pending.heldBack();
        inFlight.start(() -> {
            List<ProcessedRow> rows = pending.takeAll();
            rows.addAll(fresh);
            loadWithRetry(rows);
            saveOffsets(seen);
            return null;
        });
        return held;
    }

    @Override
    public void caughtUp() throws Exception {
        inFlight.await();
        if (pending.isEmpty()) return;
        long now = System.nanoTime();
        pending.startWaiting(now);
        loadWithRetry(pending.takeAll()); // a parent may have loaded since
        pending.expire(now, false, this::missingParent, this::deadLetter);
        saveOffsets(seenUpTo);
    }

    @Override
    public void skipTo(Map<TopicPartition, Long> positions) throws Exception {
        inFlight.await();
        boolean ahead = false;
        for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
            Long seen = seenUpTo.get(e.getKey());
            if (seen == null || e.getValue() > seen) {
                seenUpTo.put(e.getKey(), e.getValue());
                ahead = true;
            }
        }
        if (ahead) saveOffsets(seenUpTo); // a partition with a row held back stays at that row
    }

    @Override
    public Map<TopicPartition, Long> drain() throws Exception {
        inFlight.await();
        if (!pending.isEmpty()) {
            loadWithRetry(pending.takeAll());
            pending.expire(System.nanoTime(), true, this::missingParent, this::deadLetter);
            saveOffsets(seenUpTo);
        }
        return pending.heldBack();
    }

    /** A failure of the database itself (not of a row) is retried; upserts make a repeated attempt harmless. */
    private void loadWithRetry(List<ProcessedRow> rows) throws Exception {
        int pendingBefore = pending.size();
        DatabaseRetry.run(() -> load(rows), () -> {
            // the failed attempt's verdicts on waiting rows are made again
            pending.dropSince(pendingBefore);
            reopen();
        });
    }

    /**
     * Loads what can be loaded now, in dependency order; rows whose parents are missing go back to pending.
     * Parents are published before their children, so they are nearly always stored by the time a child comes:
     * on PostgreSQL the batch is first loaded as it is, the database checking every reference as it always does;
     * only a batch it refuses takes the careful path, which looks the unknown parents up and holds back the rows
     * whose parents are missing. (Looking every batch's parents up first cost a second SELECT per parent and a key
     * cache that, at 10M records, filled the heap: docs/benchmarks.md.)
     */
    private void load(List<ProcessedRow> rows) throws Exception {
        Map<ProcessedTable, List<ProcessedRow>> byTable = new TreeMap<>(); // dependency order
        Map<ProcessedTable, List<ProcessedRow>> deletions = new TreeMap<>(); // no parent check: never held back
        for (ProcessedRow r : rows) (r.deletion ? deletions : byTable).computeIfAbsent(r.table, t -> new ArrayList<>()).add(r);
        if (carefulBatches == 0) {
            if (writer.loadIfAccepted(byTable, deletions)) return;
            counts.countRefusedAsSent();
            carefulBatches = CAREFUL_AFTER_REFUSAL;
        } else {
            carefulBatches--;
        }
        Map<ProcessedTable, List<ProcessedRow>> ready = new TreeMap<>();
        Map<ProcessedTable, Set<String>> arriving = new TreeMap<>();
        for (Map.Entry<ProcessedTable, List<ProcessedRow>> e : byTable.entrySet()) {
            ProcessedTable t = e.getKey();
            parents.lookUp(connection, t, e.getValue(), arriving);
            List<ProcessedRow> tableReady = new ArrayList<>();
            for (ProcessedRow r : e.getValue()) {
                if (parents.missing(r, arriving) == null) tableReady.add(r);
                else pending.hold(r);
            }
            ready.put(t, tableReady);
            if (parents.isParent(t)) {
                Set<String> keys = arriving.computeIfAbsent(t, x -> new HashSet<>());
                for (ProcessedRow r : tableReady) keys.add(r.key());
            }
        }
        writer.load(ready, deletions); // upserts, then deletions, one transaction
    }

    private void counted(ProcessedTable t, List<ProcessedRow> rows) {
        counts.loaded(t, rows.size());
        parents.loaded(t, rows);
    }

    private String missingParent(ProcessedRow r) {
        return parents.missing(r, Map.of());
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> origin, Exception reason) {
        deadLetters.send(origin, reason);
        counts.countDeadLetter();
    }

    /**
     * Records settled in the database: upserts applied or left alone as older than stored (stale), and deletions
     * applied, stale or of keys not stored.
     */
    @Override
    public long loaded() { return counts.loaded(); }

    /** Upserts and deletions left alone because the stored row came from a newer extract (a replayed day's rows). */
    public long stale() { return counts.stale(); }

    /** Rows soft-deleted. */
    public long deleted() { return counts.deleted(); }

    /**
     * The figures for the SUMMARY line ({@code stale=N deleted=M}), once BatchWriter carries figures to
     * ConsumeStage; today they are printed as detail lines ({@link #details}).
     */
    public Map<String, Long> figures() {
        return counts.figures();
    }

    @Override
    public long deadLettered() { return counts.deadLettered(); }

    /** Rows per table and the rows still waiting; read after {@link #drain}. */
    @Override
    public Map<String, Long> details() {
        return counts.details(pending.size());
    }
}
