package io.subtrack.consumer.processed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.DatabaseRetry;
import io.subtrack.common.db.LoadOffsets;
import io.subtrack.common.db.PostgresDialect;
import io.subtrack.common.db.SqlErrors;
import io.subtrack.common.kafka.ConsumerLoop;
import io.subtrack.common.kafka.DeadLetters;
import io.subtrack.common.kafka.Envelope;
import io.subtrack.common.kafka.PoisonMessageException;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.ProcessedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Loads processed records by primary key in dependency order, one transaction per batch. On
 * PostgreSQL each table's rows are COPYed into a temporary staging table and merged with one
 * set-based upsert ({@link StagedUpsert}); elsewhere (SQL Server) they go as batched statements,
 * inserted until a key is found stored, then upserted (see {@link #insertFirst}).
 * A record whose parent row is not in the database yet (it may sit in another partition) is held
 * back and retried with the next batches; its offset is not committed meanwhile. Once the consumer
 * has read everything the topic held (a parent published before its child has then been seen),
 * it waits {@code parentWait} more; after that, or when the run ends, it is dead-lettered with the
 * missing reference as reason. A record the database refuses (a CHECK constraint, a length) is dead-lettered with the
 * database's reason and the rest of the batch loads.
 */
public final class ProcessedLoader implements ConsumerLoop.BatchWriter {
    private static final int KEY_LOOKUP_CHUNK = 500;
    static final String TARGET = "processed";

    private final Callable<Connection> connect;
    private Connection connection;
    private final DatabaseDialect dialect;
    private final DeadLetters deadLetters;
    private final long parentWaitNanos;
    private final Map<ProcessedTable, PreparedStatement> upserts = new TreeMap<>();
    private final Map<ProcessedTable, PreparedStatement> inserts = new TreeMap<>();
    /** The COPY path (PostgreSQL), or null where batched statements load. */
    private StagedUpsert staged;
    /**
     * Batches are inserted until the database refuses one, then upserted for the rest of the run.
     * On a first load no key is stored yet, and an upsert first looks its key up (a MERGE runs
     * an UPDATE by key before the INSERT). A refused insert batch (a key already stored: a second
     * run, a record sent twice; or a row the database refuses for another reason, which the
     * upsert path then finds row by row as before) is rolled back and upserted: the same outcome.
     */
    private boolean insertFirst = true;
    /**
     * Primary keys known to be in the database, for the tables other tables reference: a cache
     * (the database decides), forgotten per table beyond {@link #PRESENT_LIMIT} keys, so memory stays
     * flat however many parents a run loads; a forgotten key is looked up again when referenced.
     */
    private final Map<ProcessedTable, Set<String>> present = new TreeMap<>();
    static final int PRESENT_LIMIT = 200_000;
    private final List<Row> pending = new ArrayList<>();
    /** Per partition, the offset after the last record handed to this loader. */
    private final Map<TopicPartition, Long> seenUpTo = new HashMap<>();
    private LoadOffsets offsets;
    private final Map<String, Long> rowsPerTable = new TreeMap<>();
    private long loaded;
    private long deadLettered;

    /** A decoded record and where it came from. */
    /**
     * A record to load. While it waits for a parent, {@code waitingSince} is when the consumer had
     * first read everything the topic held after it was held back (-1: not yet): the parent wait
     * counts from there, so a slow load of a large topic never dead-letters a child whose parent is
     * simply further along another partition.
     */
    private static final class Row {
        private final ProcessedTable table;
        private final ObjectNode record;
        private final ConsumerRecord<byte[], byte[]> origin;
        /**
         * The parent key each foreign key refers to (null: none), in {@code table.foreignKeys()}
         * order: read once, as every batch checks them again (a profile had a quarter of the
         * stage in these checks, each reading the field and building a new string).
         */
        private final String[] references;
        /** The row's COPY texts once encoded (PostgreSQL; StagedUpsert.encode), kept while it waits for a parent. */
        private String[] copyTexts;
        private long waitingSince = -1;

        Row(ProcessedTable table, ObjectNode record, ConsumerRecord<byte[], byte[]> origin) {
            this.table = table;
            this.record = record;
            this.origin = origin;
            List<ForeignKey> fks = table.foreignKeys();
            this.references = new String[fks.size()];
            for (int i = 0; i < references.length; i++) {
                JsonNode v = record.get(fks.get(i).columns().get(0)); // parents have single-column keys
                references[i] = v == null || v.isNull() ? null : v.asText();
            }
        }

        ProcessedTable table() { return table; }
        ObjectNode record() { return record; }
        ConsumerRecord<byte[], byte[]> origin() { return origin; }
    }

    /** @param connect opens a connection; called again after the database connection was lost */
    public ProcessedLoader(Callable<Connection> connect, DatabaseDialect dialect, DeadLetters deadLetters, Duration parentWait)
        throws Exception {
        this.connect = connect;
        this.dialect = dialect;
        this.deadLetters = deadLetters;
        this.parentWaitNanos = parentWait.toNanos();
        for (ProcessedTable t : ProcessedTable.values()) {
            for (ForeignKey fk : t.foreignKeys()) present.putIfAbsent(fk.parent(), new HashSet<>());
        }
        open();
    }

    private void open() throws Exception {
        connection = connect.call();
        connection.setAutoCommit(false);
        upserts.clear();
        inserts.clear();
        for (ProcessedTable t : ProcessedTable.values()) {
            upserts.put(t, connection.prepareStatement(
                dialect.buildUpsertStatement(t.tableName(), t.primaryKey(), t.columnNames())));
            inserts.put(t, connection.prepareStatement(dialect.buildInsertStatement(t.tableName(), t.columnNames())));
        }
        if (dialect instanceof PostgresDialect pg) staged = new StagedUpsert(connection, pg);
        offsets = new LoadOffsets(connection, dialect, TARGET);
    }

    private void reopen() throws Exception {
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
    private void saveOffsets() throws Exception {
        Map<TopicPartition, Long> settled = new HashMap<>(seenUpTo);
        settled.putAll(heldBack());
        DatabaseRetry.run(() -> {
            offsets.save(settled);
            connection.commit();
        }, this::reopen);
    }

    /** Quietly: the process serving the embedded database may have exited before this one. */
    @Override
    public void close() {
        DatabaseRetry.closeQuietly(connection);
    }

    @Override
    public Map<TopicPartition, Long> write(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception {
        List<Row> rows = new ArrayList<>(pending.size() + batch.size());
        rows.addAll(pending);
        pending.clear();
        for (ConsumerRecord<byte[], byte[]> r : batch) {
            seenUpTo.merge(new TopicPartition(r.topic(), r.partition()), r.offset() + 1, Math::max);
            try {
                rows.add(decode(r));
            } catch (PoisonMessageException e) {
                deadLetter(r, e);
            }
        }
        loadWithRetry(rows);
        saveOffsets();
        return heldBack();
    }

    @Override
    public void caughtUp() throws Exception {
        if (pending.isEmpty()) return;
        long now = System.nanoTime();
        for (Row r : pending) if (r.waitingSince < 0) r.waitingSince = now;
        List<Row> rows = new ArrayList<>(pending);
        pending.clear();
        loadWithRetry(rows); // a parent may have loaded since
        expirePending(now, false);
        saveOffsets();
    }

    @Override
    public Map<TopicPartition, Long> drain() throws Exception {
        if (!pending.isEmpty()) {
            List<Row> rows = new ArrayList<>(pending);
            pending.clear();
            loadWithRetry(rows);
            expirePending(System.nanoTime(), true);
            saveOffsets();
        }
        return heldBack();
    }

    private Row decode(ConsumerRecord<byte[], byte[]> r) {
        Envelope.Decoded d = Envelope.decode(r.value());
        ProcessedTable table = ProcessedTable.byName(d.table());
        if (table == null) throw new PoisonMessageException("unknown table \"" + d.table() + "\"");
        Iterator<String> names = d.record().fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (table.column(name) == null) {
                throw new PoisonMessageException("field \"" + name + "\" is not a column of " + table.tableName());
            }
        }
        for (Column c : table.columns()) {
            JsonNode v = d.record().get(c.name());
            if (!c.nullable() && (v == null || v.isNull())) {
                throw new PoisonMessageException(table.tableName() + "." + c.name() + " is required but missing");
            }
        }
        return new Row(table, d.record(), r);
    }

    /** A failure of the database itself (not of a row) is retried; upserts make a repeated attempt harmless. */
    private void loadWithRetry(List<Row> rows) throws Exception {
        int pendingBefore = pending.size();
        DatabaseRetry.run(() -> load(rows), () -> {
            // the failed attempt's verdicts on waiting rows are made again
            pending.subList(pendingBefore, pending.size()).clear();
            reopen();
        });
    }

    /** Loads what can be loaded now, in dependency order; rows whose parents are missing go back to pending. */
    private void load(List<Row> rows) throws Exception {
        Map<ProcessedTable, List<Row>> byTable = new TreeMap<>();
        for (Row r : rows) byTable.computeIfAbsent(r.table(), t -> new ArrayList<>()).add(r);
        Map<ProcessedTable, List<Row>> ready = new TreeMap<>();
        Map<ProcessedTable, Set<String>> arriving = new TreeMap<>();
        for (Map.Entry<ProcessedTable, List<Row>> e : byTable.entrySet()) {
            ProcessedTable t = e.getKey();
            lookUpParents(t, e.getValue(), arriving);
            List<Row> tableReady = new ArrayList<>();
            for (Row r : e.getValue()) {
                if (missingParent(r, arriving) == null) tableReady.add(r);
                else pending.add(r);
            }
            ready.put(t, tableReady);
            if (present.containsKey(t)) {
                Set<String> keys = arriving.computeIfAbsent(t, x -> new HashSet<>());
                for (Row r : tableReady) keys.add(key(t, r.record()));
            }
        }
        if (staged != null) {
            loadStaged(ready);
            return;
        }
        if (insertFirst) {
            try {
                writeBatches(ready, inserts);
                return;
            } catch (SQLException refused) {
                connection.rollback();
                if (!SqlErrors.isRowRefused(refused)) throw refused;
                insertFirst = false;
            }
        }
        try {
            writeBatches(ready, upserts);
        } catch (SQLException batchFailure) {
            connection.rollback();
            if (!SqlErrors.isRowRefused(batchFailure)) throw batchFailure;
            loadOneByOne(ready);
        }
    }

    /**
     * Every table's ready rows as one batch of {@code statements}, in dependency order, one
     * transaction. A row no column can hold is dead-lettered and dropped from {@code ready} while
     * binding, so a retry of the same rows does not send it again.
     */
    private void writeBatches(Map<ProcessedTable, List<Row>> ready, Map<ProcessedTable, PreparedStatement> statements)
        throws SQLException {
        for (Map.Entry<ProcessedTable, List<Row>> e : ready.entrySet()) {
            PreparedStatement ps = statements.get(e.getKey());
            List<Row> bound = new ArrayList<>(e.getValue().size());
            for (Row r : e.getValue()) {
                try {
                    bind(ps, r);
                } catch (IllegalArgumentException | java.time.DateTimeException badValue) {
                    ps.clearParameters();
                    deadLetter(r.origin(), new PoisonMessageException("no column can hold it: " + badValue.getMessage()));
                    continue;
                }
                ps.addBatch();
                bound.add(r);
            }
            e.setValue(bound);
            try {
                ps.executeBatch();
            } finally {
                ps.clearBatch(); // a refused batch leaves nothing queued for the retry
            }
        }
        connection.commit();
        for (Map.Entry<ProcessedTable, List<Row>> e : ready.entrySet()) counted(e.getKey(), e.getValue());
    }

    /**
     * PostgreSQL: every table's ready rows staged by COPY and upserted, parents first, in one
     * transaction. If the database refuses it, each table's rows are split in halves, each half
     * its own transaction, until exactly the refused rows are left; those are dead-lettered with
     * the database's reason and the rest loads. A child whose parent was refused waits, as any
     * child whose parent has not arrived.
     */
    private void loadStaged(Map<ProcessedTable, List<Row>> ready) throws SQLException {
        Map<ProcessedTable, List<Row>> encodable = new TreeMap<>();
        for (Map.Entry<ProcessedTable, List<Row>> e : ready.entrySet()) encodable.put(e.getKey(), encodable(e.getKey(), e.getValue()));
        try {
            for (Map.Entry<ProcessedTable, List<Row>> e : encodable.entrySet()) stage(e.getKey(), e.getValue());
            connection.commit();
            for (Map.Entry<ProcessedTable, List<Row>> e : encodable.entrySet()) counted(e.getKey(), e.getValue());
            return;
        } catch (SQLException refused) {
            connection.rollback();
            if (!SqlErrors.isRowRefused(refused)) throw refused;
        }
        for (Map.Entry<ProcessedTable, List<Row>> e : encodable.entrySet()) {
            List<Row> withParents = new ArrayList<>(e.getValue().size());
            for (Row r : e.getValue()) {
                if (missingParent(r, Map.of()) != null) pending.add(r); // its parent was refused in this batch
                else withParents.add(r);
            }
            split(e.getKey(), withParents);
        }
    }

    /** Loads these rows of one table in one transaction, or splits them until the refused ones are alone. */
    private void split(ProcessedTable t, List<Row> rows) throws SQLException {
        if (rows.isEmpty()) return;
        try {
            stage(t, rows);
            connection.commit();
            counted(t, rows);
        } catch (SQLException refused) {
            connection.rollback();
            if (!SqlErrors.isRowRefused(refused)) throw refused;
            if (rows.size() == 1) {
                deadLetter(rows.get(0).origin(), refused);
                return;
            }
            int half = rows.size() / 2;
            split(t, rows.subList(0, half));
            split(t, rows.subList(half, rows.size()));
        }
    }

    private void stage(ProcessedTable t, List<Row> rows) throws SQLException {
        List<ObjectNode> records = new ArrayList<>(rows.size());
        List<String[]> texts = new ArrayList<>(rows.size());
        for (Row r : rows) {
            records.add(r.record());
            texts.add(r.copyTexts);
        }
        staged.upsert(t, records, texts);
    }

    /** The rows whose every value its column can hold; the others are dead-lettered here, once. */
    private List<Row> encodable(ProcessedTable t, List<Row> rows) {
        List<Row> ok = new ArrayList<>(rows.size());
        for (Row r : rows) {
            try {
                if (r.copyTexts == null) r.copyTexts = StagedUpsert.encode(t, r.record());
                ok.add(r);
            } catch (IllegalArgumentException | java.time.DateTimeException badValue) {
                deadLetter(r.origin(), new PoisonMessageException("no column can hold it: " + badValue.getMessage()));
            }
        }
        return ok;
    }

    /** After a batch failed as a whole: each row in its own transaction, so only the rows the database refuses are dead-lettered. */
    private void loadOneByOne(Map<ProcessedTable, List<Row>> ready) throws SQLException {
        for (Map.Entry<ProcessedTable, List<Row>> e : ready.entrySet()) {
            PreparedStatement ps = upserts.get(e.getKey());
            for (Row r : e.getValue()) {
                if (missingParent(r, Map.of()) != null) {
                    // its parent was in the failed batch and was itself refused
                    pending.add(r);
                    continue;
                }
                try {
                    bind(ps, r);
                    ps.executeUpdate();
                    connection.commit();
                    counted(e.getKey(), List.of(r));
                } catch (SQLException refused) {
                    connection.rollback();
                    if (!SqlErrors.isRowRefused(refused)) throw refused;
                    deadLetter(r.origin(), refused);
                } catch (IllegalArgumentException | java.time.DateTimeException badValue) {
                    deadLetter(r.origin(), new PoisonMessageException("no column can hold it: " + badValue.getMessage()));
                }
            }
        }
    }

    private void bind(PreparedStatement ps, Row r) throws SQLException {
        int i = 1;
        for (Column c : r.table().columns()) {
            c.type().bind(ps, i++, r.record().get(c.name()));
        }
    }

    private void counted(ProcessedTable t, List<Row> rows) {
        loaded += rows.size();
        rowsPerTable.merge(t.tableName(), (long) rows.size(), Long::sum);
        Set<String> keys = present.get(t);
        if (keys != null) {
            if (keys.size() + rows.size() > PRESENT_LIMIT) keys.clear();
            for (Row r : rows) keys.add(key(t, r.record()));
        }
    }

    /** Finds in the database the parents of these rows that this loader has not seen yet. */
    private void lookUpParents(ProcessedTable t, List<Row> rows, Map<ProcessedTable, Set<String>> arriving) throws SQLException {
        List<ForeignKey> fks = t.foreignKeys();
        for (int k = 0; k < fks.size(); k++) {
            ProcessedTable parent = fks.get(k).parent();
            Set<String> known = present.get(parent);
            if (known.size() > PRESENT_LIMIT) known.clear();
            Set<String> coming = arriving.getOrDefault(parent, Set.of());
            List<String> unknown = new ArrayList<>();
            Set<String> asked = new HashSet<>();
            for (Row r : rows) {
                String ref = r.references[k];
                if (ref != null && !known.contains(ref) && !coming.contains(ref) && asked.add(ref)) unknown.add(ref);
            }
            String pkColumn = parent.primaryKey().get(0);
            for (int from = 0; from < unknown.size(); from += KEY_LOOKUP_CHUNK) {
                List<String> chunk = unknown.subList(from, Math.min(unknown.size(), from + KEY_LOOKUP_CHUNK));
                String sql = dialect.buildSelectStatement(parent.tableName(), List.of(pkColumn),
                    dialect.quote(pkColumn) + " IN (" + String.join(", ", Collections.nCopies(chunk.size(), "?")) + ")", null);
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (int i = 0; i < chunk.size(); i++) ps.setString(i + 1, chunk.get(i));
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) known.add(rs.getString(1));
                    }
                }
            }
        }
    }

    /** "processed_users.user_id=USR00042" when that parent is neither loaded nor arriving in this batch, else null. */
    private String missingParent(Row r, Map<ProcessedTable, Set<String>> arriving) {
        List<ForeignKey> fks = r.table().foreignKeys();
        for (int k = 0; k < fks.size(); k++) {
            String ref = r.references[k];
            if (ref == null) continue;
            ProcessedTable parent = fks.get(k).parent();
            if (!present.get(parent).contains(ref) && !arriving.getOrDefault(parent, Set.of()).contains(ref)) {
                return parent.tableName() + "." + parent.primaryKey().get(0) + "=" + ref;
            }
        }
        return null;
    }

    private static String key(ProcessedTable t, ObjectNode record) {
        JsonNode v = record.get(t.primaryKey().get(0));
        return v == null ? null : v.asText();
    }

    private void expirePending(long now, boolean all) {
        for (Iterator<Row> it = pending.iterator(); it.hasNext(); ) {
            Row r = it.next();
            if (all || (r.waitingSince >= 0 && now - r.waitingSince > parentWaitNanos)) {
                String missing = missingParent(r, Map.of());
                deadLetter(r.origin(), new PoisonMessageException("parent not found"
                    + (all ? " by the end of the run" : " within " + Duration.ofNanos(parentWaitNanos).toSeconds()
                        + " s after the consumer had read the whole topic")
                    + ": " + missing));
                it.remove();
            }
        }
    }

    private Map<TopicPartition, Long> heldBack() {
        Map<TopicPartition, Long> held = new HashMap<>();
        for (Row r : pending) {
            held.merge(new TopicPartition(r.origin().topic(), r.origin().partition()), r.origin().offset(), Math::min);
        }
        return held;
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> origin, Exception reason) {
        deadLetters.send(origin, reason);
        deadLettered++;
    }

    @Override
    public long loaded() { return loaded; }

    @Override
    public long deadLettered() { return deadLettered; }

    @Override
    public Map<String, Long> details() {
        Map<String, Long> d = new TreeMap<>(rowsPerTable);
        d.put("waiting for parent", (long) pending.size());
        return d;
    }
}
