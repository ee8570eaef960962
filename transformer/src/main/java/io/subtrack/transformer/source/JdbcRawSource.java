package io.subtrack.transformer.source;

import static io.subtrack.common.schema.RawFields.*;

import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.RawTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Streams raw rows from the raw tables, ordered by row_id, a page of rows per query (keyset paging on
 * row_id), so memory stays flat and no cursor stays open long.
 *
 * <p>Once the transformer announces its table order ({@link #plan}), every raw table is read exactly
 * once, by one background thread, into a local spill file ({@link SpillStore}); the transformer's
 * deduplication scan and its cleaning scan both read that spill. Reading a table from the database
 * costs far more than reading it back from the spill (the row store decodes whole rows even for a
 * key-only SELECT), and the background thread reads the next tables while the current one is cleaned.
 * Without a plan, each scan queries the database.
 */
public final class JdbcRawSource implements RawSource {
    public static final int FETCH_SIZE = 2000;
    /** Rows per query: large enough that the per-query cost vanishes, small enough to hold in memory. */
    static final int PAGE_ROWS = 10_000;

    private final Connection connection;
    private final DatabaseDialect dialect;
    private final String url;

    private SpillStore spills;
    private ExecutorService reader;
    private final Map<RawTable, Future<?>> spilled = new EnumMap<>(RawTable.class);
    /** Set on close: a read-ahead still running stops at its next row instead of reading tables nobody will scan. */
    private volatile boolean closing;

    /** The one extract whose rows are read (a daily run), or null for every row. */
    private final String extractId;

    public JdbcRawSource(Connection connection) throws Exception {
        this(connection, null);
    }

    /** Reads only the rows of one extract ({@code extractId}), or every row (null). */
    public JdbcRawSource(Connection connection, String extractId) throws Exception {
        this.extractId = extractId;
        this.connection = connection;
        this.url = connection.getMetaData().getURL();
        this.dialect = DatabaseDialect.forUrl(url);
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public synchronized void plan(List<RawTable> order) throws Exception {
        if (spills != null) throw new IllegalStateException("the table order is announced once");
        spills = new SpillStore();
        reader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "raw-table-reader");
            t.setDaemon(true);
            return t;
        });
        for (RawTable table : order) {
            if (!spilled.containsKey(table)) spilled.put(table, reader.submit(() -> spill(table)));
        }
    }

    private Void spill(RawTable table) throws Exception {
        if (closing) return null;
        try (SpillStore.TableWriter out = spills.writer(table)) {
            select(table, (values, rowId) -> {
                if (closing) throw new IllegalStateException("source closed while reading " + table.tableName());
                out.write(rowId, values);
            });
        }
        return null;
    }

    private interface RowSink {
        void accept(String[] values, long rowId) throws Exception;
    }

    /** Every row of the table, its declared fields, in row_id order; the array is the sink's to keep. */
    private void select(RawTable table, RowSink sink) throws Exception {
        select(table, table.fields(), sink);
    }

    /** The given columns of every row in row_id order, page by page. */
    private void select(RawTable table, List<String> fields, RowSink sink) throws Exception {
        List<String> columns = new ArrayList<>(fields);
        columns.add("row_id");
        List<String> equal = extractId == null ? List.of() : List.of(RawTable.EXTRACT_ID_COLUMN);
        String sql = dialect.buildSelectPageAfterStatement(table.tableName(), columns, equal, "row_id", PAGE_ROWS);
        int n = fields.size();
        long after = Long.MIN_VALUE;
        try (PreparedStatement ps = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH_SIZE);
            while (true) {
                if (extractId != null) ps.setString(1, extractId);
                ps.setLong(equal.size() + 1, after);
                int rows = 0;
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String[] values = new String[n];
                        for (int i = 0; i < n; i++) values[i] = rs.getString(i + 1);
                        after = rs.getLong(n + 1);
                        sink.accept(values, after);
                        rows++;
                    }
                }
                if (rows < PAGE_ROWS) return;
            }
        }
    }

    /** True when the table was planned: waits until its spill is complete (rethrowing what stopped it). */
    private boolean awaitSpill(RawTable table) throws Exception {
        Future<?> f;
        synchronized (this) {
            f = spilled.get(table);
        }
        if (f == null) return false;
        try {
            f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Exception cause) throw cause;
            throw e;
        }
        return true;
    }

    @Override
    public void scan(RawTable table, RowHandler handler) throws Exception {
        if (awaitSpill(table)) {
            spills.scan(table, handler);
        } else {
            select(table, (values, rowId) -> handler.accept(new RawRecord(table, values, rowId)));
        }
    }

    @Override
    public void scanKeys(RawTable table, KeyHandler handler) throws Exception {
        if (awaitSpill(table)) {
            spills.scanKeys(table, handler);
            return;
        }
        List<String> columns = new ArrayList<>(table.keyFields());
        columns.add(EXTRACTED_AT);
        int k = table.keyFields().size();
        select(table, columns, (values, rowId) -> handler.accept(java.util.Arrays.copyOf(values, k), values[k], rowId));
    }

    @Override
    public long rowCount(RawTable table) throws Exception {
        return awaitSpill(table) ? spills.count(table) : -1;
    }

    @Override
    public void release(RawTable table) throws Exception {
        if (awaitSpill(table)) spills.release(table);
    }

    @Override
    public String describe() {
        return "raw database " + Database.redact(url) + (extractId == null ? "" : ", extract " + extractId);
    }

    @Override
    public void close() throws Exception {
        closing = true;
        try {
            if (reader != null) {
                // no interrupt: an interrupted read can close the database's file channel under it
                reader.shutdown();
                reader.awaitTermination(10, TimeUnit.MINUTES);
            }
            if (spills != null) spills.close();
        } finally {
            connection.close();
        }
    }
}
