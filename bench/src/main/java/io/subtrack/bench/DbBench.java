package io.subtrack.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.subtrack.common.cli.Progress;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.json.TableFileReader;
import io.subtrack.common.json.TableFileWriter;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.Transformer;
import io.subtrack.transformer.source.FileRawSource;
import io.subtrack.transformer.source.JdbcRawSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The transformer's default mode: raw tables in an H2 file database, against a bare SELECT-and-write-JSON pass. */
final class DbBench {
    private DbBench() {}

    static void run(Path fixture, long records, Path work) throws Exception {
        Path raw = work.resolve("raw_" + records + ".json");
        if (!Files.exists(raw)) TransformerBench.synthesize(fixture, records, raw);
        Path dbFile = work.resolve("rawdb_" + records);
        String url = "jdbc:h2:file:" + dbFile.toAbsolutePath() + ";MODE=MSSQLServer";
        boolean exists = Files.exists(Path.of(dbFile + ".mv.db"));
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            if (!exists) {
                long t0 = System.nanoTime();
                long n = load(c, raw);
                System.out.printf(Locale.ROOT, "loaded %,d raw rows into H2 in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            }
            try (Statement st = c.createStatement()) {
                st.execute("SET LAZY_QUERY_EXECUTION TRUE"); // the fastest bare read: one streaming cursor per table
            }
            long t0 = System.nanoTime();
            double c0 = TransformerBench.cpuSeconds();
            long n = barePass(c, work.resolve("bare_db_output.json"));
            double bareSecs = (System.nanoTime() - t0) / 1e9;
            double bareRate = n / bareSecs;
            System.out.printf(Locale.ROOT, "bare pass (db): %,d records in %.2f s = %,.0f records/s, CPU %.1f s%n", n, bareSecs, bareRate,
                TransformerBench.cpuSeconds() - c0);
            TransformerBench.resetPeaks();
            t0 = System.nanoTime();
            c0 = TransformerBench.cpuSeconds();
            Transformer t = new Transformer(Map.of(), null, new Progress("bench", 0, new PrintStream(new ByteArrayOutputStream()), false));
            // the last use of the connection: closing the source closes it (and deletes its spill files)
            try (JdbcRawSource source = new JdbcRawSource(c)) {
                t.run(source, work.resolve("cleaned_db.json"), work.resolve("rejected_db.json"));
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            double rate = t.stats().totalIn() / secs;
            System.out.printf(Locale.ROOT, "transformer (db): %,d records in %.2f s = %,.0f records/s, CPU %.1f s%n", t.stats().totalIn(),
                secs, rate, TransformerBench.cpuSeconds() - c0);
            System.out.printf(Locale.ROOT, "ratio transformer / bare pass = %.2f%n", rate / bareRate);
            System.out.printf(Locale.ROOT, "peak heap used during the transformer run = %,d MB%n", TransformerBench.peakHeap() >> 20);
            TransformerBench.printProcess();
        }
    }

    static long load(Connection c, Path raw) throws Exception {
        DatabaseDialect d = DatabaseDialect.forUrl(c.getMetaData().getURL());
        SchemaApplier.applyRaw(c, d);
        c.setAutoCommit(false);
        long n = 0;
        Timestamp now = Timestamp.valueOf("2025-06-01 00:00:00");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (TableFileReader r = new TableFileReader(raw, name -> RawTable.byName(name) != null)) {
            TableFileReader.Entry e;
            String current = null;
            PreparedStatement ps = null;
            RawTable table = null;
            while ((e = r.next()) != null) {
                if (!e.table().equals(current)) {
                    if (ps != null) { ps.executeBatch(); ps.close(); }
                    current = e.table();
                    table = RawTable.byName(current);
                    List<String> cols = new ArrayList<>(table.fields());
                    cols.add(RawTable.RECORD_HASH_COLUMN);
                    cols.addAll(RawTable.LINEAGE_COLUMNS);
                    ps = c.prepareStatement(d.buildInsertStatement(current, cols));
                }
                int i = 1;
                for (String f : table.fields()) ps.setString(i++, FileRawSource.text(e.record().get(f)));
                // as consumer-raw stores it (SHA-256 hex of the record), made unique per row as the file keeps every row
                ps.setString(i++, HexFormat.of().formatHex(sha.digest((n + ":" + e.record()).getBytes(StandardCharsets.UTF_8))));
                ps.setString(i++, "subscriptions_raw");
                ps.setInt(i++, 0);
                ps.setLong(i++, n);
                ps.setTimestamp(i, now);
                ps.addBatch();
                if (++n % 5000 == 0) { ps.executeBatch(); c.commit(); }
            }
            if (ps != null) { ps.executeBatch(); ps.close(); }
        }
        c.commit();
        c.setAutoCommit(true);
        return n;
    }

    static long barePass(Connection c, Path out) throws Exception {
        DatabaseDialect d = DatabaseDialect.forUrl(c.getMetaData().getURL());
        long n = 0;
        try (TableFileWriter w = new TableFileWriter(out, false)) {
            JsonGenerator g = w.generator();
            for (RawTable t : RawTable.all()) {
                w.startTable(t.tableName());
                List<String> cols = new ArrayList<>(t.fields());
                cols.add("row_id");
                try (Statement st = c.createStatement()) {
                    st.setFetchSize(JdbcRawSource.FETCH_SIZE);
                    try (ResultSet rs = st.executeQuery(d.buildSelectStatement(t.tableName(), cols, null, d.quote("row_id")))) {
                        while (rs.next()) {
                            g.writeStartObject();
                            for (int i = 0; i < t.fields().size(); i++) {
                                g.writeStringField(t.fields().get(i), rs.getString(i + 1));
                            }
                            g.writeEndObject();
                            n++;
                        }
                    }
                }
            }
            w.commit();
        }
        return n;
    }
}
