package io.subtrack.consumer.raw;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.RawTable;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * H2 only: every raw table's {@code row_id BIGINT IDENTITY} is backed by a sequence that H2 caches
 * 32 values at a time, and each refill is a store of the
 * database file. A profile of consumer-raw (docs/benchmarks.md) showed 30 % of its time in
 * {@code Sequence.flush} under {@code executeBatch}. A larger cache only means a gap in row_id
 * after a crash, which nothing relies on. SQL Server's IDENTITY has no such cost; its URL is left alone.
 */
public final class IdentityCache {
    static final long CACHE = 100_000;
    private static final Logger log = LoggerFactory.getLogger(IdentityCache.class);

    private IdentityCache() {}

    /** Raises the identity cache of the raw tables where the database has that cost; never fails the stage. */
    public static void apply(Connection c, String jdbcUrl) {
        DatabaseDialect dialect = DatabaseDialect.forUrl(jdbcUrl);
        try (Statement st = c.createStatement()) {
            for (RawTable t : RawTable.all()) {
                String sql = dialect.buildIdentityCacheStatement(t.tableName(), "row_id", CACHE);
                if (sql == null) return;
                st.execute(sql);
            }
            if (!c.getAutoCommit()) c.commit();
        } catch (SQLException e) {
            // an optimisation only (another consumer may hold the table right now): load anyway
            log.info("could not raise the identity cache of the raw tables: {}", e.getMessage());
        }
    }
}
