package io.subtrack.common.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets the database's page cache for the stage about to load (H2 only, see
 * {@link DatabaseDialect#buildCacheSizeStatement}). Measured per stage (docs/benchmarks.md,
 * "consumers"): the processed tables' random primary keys and foreign-key look-ups ran about 3x
 * faster with 64 MB than with H2's 16 MB; the raw tables' appends were 15 % slower with it.
 */
public final class CacheSize {
    private static final Logger log = LoggerFactory.getLogger(CacheSize.class);

    private CacheSize() {}

    /** An optimisation only: never fails the stage. */
    public static void apply(Connection c, DatabaseDialect dialect, int megabytes) {
        String sql = dialect.buildCacheSizeStatement(megabytes);
        if (sql == null) return;
        try (Statement st = c.createStatement()) {
            st.execute(sql);
            if (!c.getAutoCommit()) c.commit();
        } catch (SQLException e) {
            log.info("could not set the database cache to {} MB: {}", megabytes, e.getMessage());
        }
    }
}
