package io.subtrack.transformer.source;

import static io.subtrack.common.schema.RawFields.*;

import io.subtrack.common.schema.RawTable;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One binary spill file per raw table in a temporary directory (deleted on close). Each record
 * starts with what deduplication needs (row id, key fields, date_extraction) followed by the length
 * of the rest, so the deduplication scan skips the payload. A source reads its input once into
 * here; the transformer then scans a table as often as it needs without reading the input again.
 */
final class SpillStore implements Closeable {
    private final Path dir;
    private final Map<RawTable, Path> files = new EnumMap<>(RawTable.class);
    private final Map<RawTable, Long> counts = new EnumMap<>(RawTable.class);
    private final java.util.Set<RawTable> released = java.util.EnumSet.noneOf(RawTable.class);

    SpillStore() throws IOException {
        this.dir = Files.createTempDirectory("subtrack-transformer-");
    }

    /** Appends the records of one table; values follow {@link RawTable#fields()}. Not thread-safe. */
    final class TableWriter implements Closeable {
        private final Spill.Writer out;
        private final Spill.Payload payload = new Spill.Payload();
        private final int[] keyIdx;
        private final int dateIdx;
        private final RawTable table;
        private long written;

        private TableWriter(RawTable table, Path path) throws IOException {
            this.table = table;
            this.out = new Spill.Writer(path);
            this.keyIdx = table.keyFields().stream().mapToInt(f -> RawRecord.indexOf(table, f)).toArray();
            this.dateIdx = RawRecord.indexOf(table, EXTRACTED_AT);
        }

        void write(long rowId, String[] values) throws IOException {
            out.writeLong(rowId);
            for (int k : keyIdx) out.writeString(values[k]);
            out.writeString(values[dateIdx]);
            payload.reset();
            for (String v : values) payload.writeString(v);
            out.writeBytes(payload.buf, payload.pos);
            written++;
        }

        @Override
        public void close() throws IOException {
            out.close();
            synchronized (files) {
                counts.merge(table, written, Long::sum);
            }
        }
    }

    /** A writer for the table's spill (one per table). */
    TableWriter writer(RawTable table) throws IOException {
        Path path = dir.resolve(table.tableName() + ".bin");
        synchronized (files) {
            files.put(table, path);
        }
        return new TableWriter(table, path);
    }

    /** The table's spill, or null when the input has no record of it. */
    private Path file(RawTable table) {
        synchronized (files) {
            if (released.contains(table)) throw new IllegalStateException(table.tableName() + " was released and cannot be scanned again");
            return files.get(table);
        }
    }

    /** Records spilled for the table (its writer closed), 0 when none. */
    long count(RawTable table) {
        synchronized (files) {
            return counts.getOrDefault(table, 0L);
        }
    }

    void scan(RawTable table, RawSource.RowHandler handler) throws Exception {
        Path p = file(table);
        if (p == null) return;
        int n = table.fields().size();
        int k = table.keyFields().size();
        try (Spill.Reader in = new Spill.Reader(p)) {
            while (in.hasMore()) {
                long rowId = in.readLong();
                for (int i = 0; i < k + 1; i++) in.skipString();
                in.readInt();
                String[] values = new String[n];
                for (int i = 0; i < n; i++) values[i] = in.readString();
                handler.accept(new RawRecord(table, values, rowId));
            }
        }
    }

    void scanKeys(RawTable table, RawSource.KeyHandler handler) throws Exception {
        Path p = file(table);
        if (p == null) return;
        int k = table.keyFields().size();
        try (Spill.Reader in = new Spill.Reader(p)) {
            while (in.hasMore()) {
                long rowId = in.readLong();
                String[] keys = new String[k];
                for (int i = 0; i < k; i++) keys[i] = in.readString();
                String date = in.readString();
                in.skip(in.readInt());
                handler.accept(keys, date, rowId);
            }
        }
    }

    /** Deletes a table's spill once nothing will scan it again (disk space at 10M+ records). */
    void release(RawTable table) throws IOException {
        Path p;
        synchronized (files) {
            p = files.remove(table);
            released.add(table);
        }
        if (p != null) Files.deleteIfExists(p);
    }

    @Override
    public void close() throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
