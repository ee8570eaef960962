package io.subtrack.transformer.source;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.TableFileReader;
import io.subtrack.common.schema.RawTable;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Raw records from a raw JSON file. The file is parsed once and split into one compact binary
 * spill file per table (in a temporary directory, deleted on close), so each table can then be
 * scanned twice (deduplication, then cleaning) in flat memory. Values are kept as the same text the
 * raw database stores, so file mode and database mode clean identically.
 */
public final class FileRawSource implements RawSource {
    private final Path file;
    private final Path spillDir;
    private final Map<RawTable, Path> spills = new EnumMap<>(RawTable.class);
    private final Map<RawTable, Long> counts = new EnumMap<>(RawTable.class);

    public FileRawSource(Path file) throws IOException {
        this.file = file;
        Path parent = file.toAbsolutePath().getParent();
        this.spillDir = Files.createTempDirectory("subtrack-transformer-");
        Map<RawTable, DataOutputStream> outs = new EnumMap<>(RawTable.class);
        try (TableFileReader reader = new TableFileReader(file, name -> RawTable.byName(name) != null)) {
            TableFileReader.Entry e;
            while ((e = reader.next()) != null) {
                RawTable t = RawTable.byName(e.table());
                DataOutputStream out = outs.get(t);
                if (out == null) {
                    Path p = spillDir.resolve(t.tableName() + ".bin");
                    spills.put(t, p);
                    out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(p), 1 << 16));
                    outs.put(t, out);
                }
                long rowId = counts.merge(t, 1L, Long::sum);
                out.writeLong(rowId);
                List<String> fields = t.fields();
                for (String f : fields) writeString(out, text(e.record().get(f)));
            }
        } catch (IOException | RuntimeException ex) {
            for (DataOutputStream o : outs.values()) o.close();
            deleteSpills();
            throw ex;
        }
        for (DataOutputStream o : outs.values()) o.close();
        if (parent == null) throw new IOException("no parent directory for " + file);
    }

    /** The text the raw database would hold for this JSON value. */
    public static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return null;
        if (v.isContainerNode()) return v.toString();
        if (v.isBigDecimal()) return v.decimalValue().toPlainString();
        return v.asText();
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        if (s == null) {
            out.writeInt(-1);
            return;
        }
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) return null;
        byte[] b = new byte[n];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    public long count(RawTable table) {
        return counts.getOrDefault(table, 0L);
    }

    @Override
    public void scan(RawTable table, RowHandler handler) throws Exception {
        Path p = spills.get(table);
        if (p == null) return;
        int n = table.fields().size();
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(p), 1 << 16))) {
            while (true) {
                long rowId;
                try {
                    rowId = in.readLong();
                } catch (EOFException eof) {
                    break;
                }
                String[] values = new String[n];
                for (int i = 0; i < n; i++) values[i] = readString(in);
                handler.accept(new RawRow(table, values, rowId));
            }
        }
    }

    @Override
    public String describe() {
        return "raw file " + file;
    }

    private void deleteSpills() throws IOException {
        if (!Files.exists(spillDir)) return;
        try (Stream<Path> s = Files.walk(spillDir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    @Override
    public void close() throws IOException {
        deleteSpills();
    }
}
