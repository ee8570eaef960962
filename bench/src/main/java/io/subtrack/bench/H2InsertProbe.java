package io.subtrack.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;

/**
 * Bare H2 batch-insert rate into a raw-like table (BIGINT IDENTITY key, a text column, a unique
 * 64-character hash), 5,000 rows per commit, under four settings: with and without
 * {@code WRITE_DELAY=0} (the embedded default URL has it), and with H2's default identity cache
 * (32) or a cache of 100,000. Shows where the database's ceiling is. Usage:
 * {@code H2InsertProbe [rows] [dir]}.
 */
public final class H2InsertProbe {
    private H2InsertProbe() {}

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        Path dir = Path.of(args.length > 1 ? args[1] : "target/h2-probe");
        Files.createDirectories(dir);
        for (String mode : new String[] {"write-delay-0", "write-delay-0+cache", "default-write-delay", "default-write-delay+cache"}) {
            Path db = dir.resolve(mode.replace('+', '_'));
            PipelineBench.deleteTree(dir);
            Files.createDirectories(dir);
            String url = "jdbc:h2:file:" + db.toAbsolutePath() + ";MODE=MSSQLServer;AUTO_SERVER=TRUE"
                + (mode.startsWith("write-delay-0") ? ";WRITE_DELAY=0" : "");
            try (Connection c = DriverManager.getConnection(url, "sa", "")) {
                try (Statement st = c.createStatement()) {
                    st.execute("CREATE TABLE t ([row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY, v NVARCHAR(4000),"
                        + " h NVARCHAR(64) NOT NULL, CONSTRAINT uq UNIQUE (h))");
                    if (mode.endsWith("cache")) st.execute("ALTER TABLE t ALTER COLUMN [row_id] SET CACHE 100000");
                }
                c.setAutoCommit(false);
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO t (v, h) VALUES (?, ?)")) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < rows; i++) {
                        ps.setString(1, "value-" + i + "-abcdefghijklmnopqrstuvwxyz-abcdefghijklmnopqrstuvwxyz");
                        ps.setString(2, java.util.HexFormat.of().formatHex(md.digest(Integer.toString(i).getBytes())));
                        ps.addBatch();
                        if (i % 5000 == 4999 || i == rows - 1) {
                            ps.executeBatch();
                            c.commit();
                        }
                    }
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf(Locale.ROOT, "%-26s %,9d rows in %6.2f s = %,9.0f rows/s  (load %s)%n", mode, rows, s, rows / s,
                        PipelineBench.load());
                }
            }
        }
        PipelineBench.deleteTree(dir);
    }
}
