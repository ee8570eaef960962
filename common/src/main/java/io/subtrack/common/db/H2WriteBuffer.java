package io.subtrack.common.db;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded H2 only: how much changed data H2 holds in memory before it writes it to the file
 * as a new chunk. H2 2.x fixes this at open time to at most 19 MB ({@code MVStore}'s
 * {@code autoCommitMemory}, from its builder's {@code autoCommitBufferSize}, which H2's database
 * layer never sets) and offers no setting or SQL statement for it. A load that inserts into
 * indexes in key orders unrelated to arrival (the processed tables' foreign-key indexes) changes
 * a few B-tree leaves per row all over those indexes; at 19 MB the store wrote every changed
 * leaf again every ~600 rows: 2.1 GB of file for 854,000 rows and half the stage's CPU
 * (docs/benchmarks.md, "consumer-processed"). With a larger buffer each leaf is written once per
 * many more rows.
 *
 * <p>The field is private, so it is set by reflection; this is an optimisation only: on another
 * H2 version, over a TCP connection (the file is served by another process) or on any other
 * database it does nothing and says why at INFO. H2WriteBufferTest pins the behaviour on the H2
 * version we ship. Durability is unchanged: H2 still writes at least every WRITE_DELAY (500 ms)
 * and the consumers keep their offsets in the database with the rows, so a crash re-reads from
 * Kafka what the file had not yet got.
 */
public final class H2WriteBuffer {
    private static final Logger log = LoggerFactory.getLogger(H2WriteBuffer.class);
    /** Experiment hook (docs/benchmarks.md, the write-buffer table): a size in megabytes that replaces the stage's. */
    static final String OVERRIDE_PROPERTY = "subtrack.h2.writeBufferMb";

    private H2WriteBuffer() {}

    /** Raises the write buffer of the embedded database behind {@code c} to {@code megabytes}; true if it did. */
    public static boolean raise(Connection c, int megabytes) {
        int mb = Integer.getInteger(OVERRIDE_PROPERTY, megabytes);
        try {
            MVStore store = embeddedStore(c);
            if (store == null) {
                log.info("H2 write buffer left as it is: the database is not embedded in this process");
                return false;
            }
            Field f = MVStore.class.getDeclaredField("autoCommitMemory");
            f.setAccessible(true);
            int current = f.getInt(store);
            if (current <= 0) return false; // an in-memory database: no file, nothing to write
            f.setInt(store, (int) Math.min(Integer.MAX_VALUE, mb * 1024L * 1024L));
            return true;
        } catch (ReflectiveOperationException | RuntimeException | SQLException | LinkageError e) {
            log.info("H2 write buffer left as it is ({}): {}", e.getClass().getSimpleName(), e.getMessage());
            return false;
        }
    }

    /** The file store of an embedded H2 database, or null (not H2, or served by another process). */
    static MVStore embeddedStore(Connection c) throws SQLException {
        if (!c.isWrapperFor(JdbcConnection.class)) return null;
        Object session = c.unwrap(JdbcConnection.class).getSession();
        if (!(session instanceof SessionLocal local)) return null;
        var store = local.getDatabase().getStore();
        return store == null ? null : store.getMvStore();
    }
}
