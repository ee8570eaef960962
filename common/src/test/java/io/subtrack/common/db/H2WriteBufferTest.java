package io.subtrack.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins {@link H2WriteBuffer} to the H2 version we ship: it must find the embedded store and change
 * when H2 writes a chunk. If an H2 upgrade renames what it sets, this fails instead of the
 * processed load silently getting slower.
 */
class H2WriteBufferTest {
    @TempDir Path dir;

    @Test
    void aLargerBufferWritesTheFileFarLessOftenForTheSameRandomInserts() throws Exception {
        // the time-based write is pushed out of the way (WRITE_DELAY 10 min), so only the buffer decides
        long defaultStores = storesFor("h2default", 0);
        long raisedStores = storesFor("raised", 256);
        // 19 MB of changed pages fills every several thousand random index inserts; 256 MB never does here
        assertTrue(defaultStores >= 5, "stores with H2's buffer: " + defaultStores);
        assertEquals(0, raisedStores, "stores with 256 MB");
    }

    @Test
    void doesNothingForAnInMemoryDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:wb" + System.nanoTime(), "sa", "")) {
            assertFalse(H2WriteBuffer.raise(c, 64));
        }
    }

    @Test
    void findsTheFileStoreOfAnEmbeddedDatabaseAndNoneForAnInMemoryOne() throws Exception {
        try (Connection c = DriverManager.getConnection(url("served"), "sa", "")) {
            assertNotNull(H2WriteBuffer.embeddedStore(c));
        }
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:other" + System.nanoTime(), "sa", "")) {
            assertNull(H2WriteBuffer.embeddedStore(c).getFileStore());
        }
    }

    /** Inserts rows with random keys into a table with three indexes and returns how many chunks H2 stored meanwhile. */
    private long storesFor(String name, int megabytes) throws Exception {
        try (Connection c = DriverManager.getConnection(url(name), "sa", "")) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id NVARCHAR(20) PRIMARY KEY, a NVARCHAR(20), b NVARCHAR(20), v NVARCHAR(200))");
                st.execute("CREATE INDEX t_a ON t (a)");
                st.execute("CREATE INDEX t_b ON t (b)");
            }
            if (megabytes > 0) assertTrue(H2WriteBuffer.raise(c, megabytes));
            MVStore store = H2WriteBuffer.embeddedStore(c);
            c.setAutoCommit(false);
            Random random = new Random(42);
            long before = store.getCurrentVersion();
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?, ?)")) {
                for (int i = 0; i < 120_000; i++) {
                    ps.setString(1, "K" + (i * 2_654_435_761L) % 1_000_000_007L); // distinct, in no order
                    ps.setString(2, "A" + random.nextInt(50_000));
                    ps.setString(3, "B" + random.nextInt(50_000));
                    ps.setString(4, "some text of a realistic length for a row " + i);
                    ps.addBatch();
                    if (i % 2_000 == 1_999) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
            }
            long stores = store.getCurrentVersion() - before;
            try (Statement st = c.createStatement(); var rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
                rs.next();
                assertEquals(120_000, rs.getLong(1), "every row stored either way");
            }
            return stores;
        }
    }

    private String url(String name) {
        return "jdbc:h2:file:" + dir.resolve(name).toAbsolutePath() + ";MODE=MSSQLServer;WRITE_DELAY=600000";
    }
}
