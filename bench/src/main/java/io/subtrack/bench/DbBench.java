package io.subtrack.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import io.subtrack.common.cli.Progress;
import io.subtrack.common.db.CopyText;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.PostgresDialect;
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
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The transformer's default mode: raw tables in dev-db (PostgreSQL 17, a child JVM from
 * {@code dev-db/target/dev-db.jar} on a free port, its data in {@code WORKDIR/pg}, database
 * {@code rawdb_<N>}: loaded once, reused by later runs), against a bare SELECT-and-write-JSON pass.
 */
final class DbBench {
    private DbBench() {}

    static void run(Path fixture, long records, Path work) throws Exception {
        Files.createDirectories(work);
        Path raw = work.resolve("raw_" + records + ".json");
        if (!Files.exists(raw)) TransformerBench.synthesize(fixture, records, raw);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try (DevDbServer db = DevDbServer.start(java, work.toAbsolutePath().resolve("pg"), work.toAbsolutePath().resolve("dev-db.log"),
                 "--database", "rawdb_" + records);
             Connection c = Database.connect(db.url(), null, null)) {
            System.out.println("dev-db: " + db.url());
            DatabaseDialect d = DatabaseDialect.forUrl(db.url());
            SchemaApplier.applyRaw(c, d);
            if (rawRows(c, d) == 0) {
                long t0 = System.nanoTime();
                long n = load(c, raw);
                System.out.printf(Locale.ROOT, "loaded %,d raw rows into dev-db by COPY in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            }
            c.setAutoCommit(false); // PostgreSQL streams a result set (fetch size) only inside a transaction
            long t0 = System.nanoTime();
            double c0 = TransformerBench.cpuSeconds();
            long n = barePass(c, work.resolve("bare_db_output.json"));
            c.commit();
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

    private static long rawRows(Connection c, DatabaseDialect d) throws Exception {
        long n = 0;
        try (Statement st = c.createStatement()) {
            for (RawTable t : RawTable.all()) {
                try (ResultSet rs = st.executeQuery(d.buildCountStatement(t.tableName()))) {
                    rs.next();
                    n += rs.getLong(1);
                }
            }
        }
        return n;
    }

    /** The raw file into the raw tables by COPY (CopyText, 5,000 rows per COPY and transaction), with the columns consumer-raw writes. */
    static long load(Connection c, Path raw) throws Exception {
        PostgresDialect d = (PostgresDialect) DatabaseDialect.forUrl(c.getMetaData().getURL());
        c.setAutoCommit(false);
        long n = 0;
        String ingestedAt = "2025-06-01T00:00";
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (TableFileReader r = new TableFileReader(raw, name -> RawTable.byName(name) != null)) {
            TableFileReader.Entry e;
            RawTable table = null;
            String copy = null;
            CopyText text = new CopyText();
            while ((e = r.next()) != null) {
                if (table == null || !e.table().equals(table.tableName())) {
                    if (text.rows() > 0) { text.copyInto(c, copy); text.clear(); c.commit(); }
                    table = RawTable.byName(e.table());
                    List<String> cols = new ArrayList<>(table.fields());
                    cols.add(RawTable.RECORD_HASH_COLUMN);
                    cols.addAll(RawTable.LINEAGE_COLUMNS);
                    copy = d.buildCopyStatement(table.tableName(), cols);
                }
                for (String f : table.fields()) text.text(FileRawSource.text(e.record().get(f)));
                // a record hash as consumer-raw stores one (32 bytes), made unique per row as the file keeps every row
                text.bytes(sha.digest((n + ":" + e.record()).getBytes(StandardCharsets.UTF_8)));
                text.text("subscriptions_raw");
                text.number(0);
                text.number(n);
                text.text(ingestedAt);
                text.endRow();
                if (++n % 5000 == 0) { text.copyInto(c, copy); text.clear(); c.commit(); }
            }
            if (text.rows() > 0) text.copyInto(c, copy);
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
                    try (ResultSet rs = st.executeQuery(d.buildSelectStatement(t.tableName(), cols, List.of(), "row_id"))) {
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
