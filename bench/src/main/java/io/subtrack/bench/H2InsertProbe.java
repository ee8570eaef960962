package io.subtrack.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Bare H2 batch-insert rate into a table shaped like a raw table (BIGINT IDENTITY key with a large
 * cache, eight text columns of realistic length, a record hash, the unique lineage key), 5,000 rows
 * per commit, the embedded URL's settings (default write delay), one fresh database per variant.
 * Variants differ only in how the record hash is stored and indexed, so the cost of the dedupe
 * index shows. Usage: {@code H2InsertProbe [rows] [dir] [variant ...]}; system property
 * {@code probe.url} adds settings to the URL (e.g. {@code -Dprobe.url=;PAGE_SIZE=1024}). Variants:
 * <ul>
 * <li>{@code nvarchar-unique}: NVARCHAR(64) hex text, UNIQUE (the layout before this probe)</li>
 * <li>{@code binary-unique}: BINARY(32), UNIQUE</li>
 * <li>{@code bigint-unique}: BINARY(32) and its first 8 bytes as a BIGINT, UNIQUE on the BIGINT</li>
 * <li>{@code rawid-unique}: BINARY(32), UNIQUE (raw_id, record_hash) (the same rule, since the hash covers raw_id,
 *     but the source's row number leads, so consecutive rows land side by side), lineage key with the
 *     partition and offset first</li>
 * <li>{@code no-hash-index}: BINARY(32), no index on it (the floor: what the dedupe index costs)</li>
 * <li>{@code no-index}: no hash index and no lineage index (the floor of the table itself)</li>
 * </ul>
 */
public final class H2InsertProbe {
    private static final List<String> ALL = List.of("nvarchar-unique", "binary-unique", "bigint-unique", "rawid-unique", "no-hash-index", "no-index");

    private H2InsertProbe() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/h2-probe").toAbsolutePath();
        List<String> variants = args.length > 2 ? List.of(args).subList(2, args.length) : ALL;
        for (String v : variants) {
            if (!ALL.contains(v)) throw new IllegalArgumentException("unknown variant " + v + "; variants: " + ALL);
        }
        for (String variant : variants) {
            PipelineBench.deleteTree(dir);
            Files.createDirectories(dir);
            String url = "jdbc:h2:file:" + dir.resolve(variant) + ";MODE=MSSQLServer;AUTO_SERVER=TRUE" + System.getProperty("probe.url", "");
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                try (Statement st = c.createStatement()) {
                    st.execute(ddl(variant));
                    st.execute("ALTER TABLE t ALTER COLUMN row_id SET CACHE 100000");
                }
                c.setAutoCommit(false);
                boolean text = variant.startsWith("nvarchar");
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                String sql = "INSERT INTO t (raw_id, userId, email, motsDePasse, role, date_extraction, source_system,"
                    + " data_quality_flag, record_hash, kafka_topic, kafka_partition, kafka_offset, ingested_at"
                    + (variant.startsWith("bigint") ? ", hash_key" : "") + ")"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?" + (variant.startsWith("bigint") ? ", ?" : "") + ")";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    long cpu0 = cpuNanos();
                    long t0 = System.nanoTime();
                    Timestamp now = Timestamp.from(Instant.now());
                    for (int i = 0; i < rows; i++) {
                        String[] values = {
                            String.valueOf(i + 1), "USR" + (100000 + i), "user" + i + "@example.fr",
                            "$2b$12$abcdefghijklmnopqrstuv" + i, (i % 3 == 0) ? "ADMIN" : "user",
                            "2024-06-" + (1 + i % 28) + "T10:15:00", "CRM_LEGACY", (i % 10 == 0) ? "SUSPECT" : null};
                        for (int k = 0; k < values.length; k++) ps.setNString(k + 1, values[k]);
                        md.reset();
                        for (String s : values) if (s != null) md.update(s.getBytes(StandardCharsets.UTF_8));
                        byte[] hash = md.digest();
                        if (text) ps.setString(9, java.util.HexFormat.of().formatHex(hash));
                        else ps.setBytes(9, hash);
                        ps.setString(10, "subscriptions_raw");
                        ps.setInt(11, i % 3);
                        ps.setLong(12, i / 3);
                        ps.setTimestamp(13, now);
                        if (variant.startsWith("bigint")) ps.setLong(14, java.nio.ByteBuffer.wrap(hash).getLong());
                        ps.addBatch();
                        if (i % 5000 == 4999 || i == rows - 1) {
                            ps.executeBatch();
                            c.commit();
                        }
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    double cpu = (cpuNanos() - cpu0) / 1e9;
                    System.out.printf(Locale.ROOT, "%-18s %,10d rows in %7.2f s = %,9.0f rows/s  CPU %6.1f s  (load %s)%n",
                        variant, rows, s, rows / s, cpu, PipelineBench.load());
                }
            }
        }
        PipelineBench.deleteTree(dir);
    }

    private static String ddl(String variant) {
        List<String> cols = new ArrayList<>(List.of("row_id BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY"));
        for (String c : List.of("raw_id", "userId", "email", "motsDePasse", "role", "date_extraction", "source_system",
            "data_quality_flag")) {
            cols.add(c + " NVARCHAR(4000) NULL");
        }
        cols.add("record_hash " + (variant.startsWith("nvarchar") ? "NVARCHAR(64)" : "BINARY(32)") + " NOT NULL");
        cols.addAll(List.of("kafka_topic NVARCHAR(249) NOT NULL", "kafka_partition INT NOT NULL", "kafka_offset BIGINT NOT NULL",
            "ingested_at DATETIME2 NOT NULL"));
        if (variant.startsWith("bigint")) {
            cols.add("hash_key BIGINT NOT NULL");
            cols.add("CONSTRAINT uq_record UNIQUE (hash_key)");
        } else if (variant.startsWith("rawid")) {
            cols.add("CONSTRAINT uq_record UNIQUE (raw_id, record_hash)");
        } else if (variant.endsWith("-unique")) {
            cols.add("CONSTRAINT uq_record UNIQUE (record_hash)");
        }
        if (variant.startsWith("rawid")) {
            cols.add("CONSTRAINT uq_lineage UNIQUE (kafka_partition, kafka_offset, kafka_topic)");
        } else if (!variant.equals("no-index")) {
            cols.add("CONSTRAINT uq_lineage UNIQUE (kafka_topic, kafka_partition, kafka_offset)");
        }
        return "CREATE TABLE t (" + String.join(", ", cols) + ")";
    }

    private static long cpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
            ? os.getProcessCpuTime() : 0;
    }
}
