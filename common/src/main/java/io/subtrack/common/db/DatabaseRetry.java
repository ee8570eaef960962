package io.subtrack.common.db;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The consumers' answer to a failure of the database itself (a connection lost, the server
 * restarting, a failover): recover (reconnect), pause, try again; after
 * {@link #MAX_ATTEMPTS} the failure propagates and the stage stops without committing offsets, so
 * nothing is lost. Rows the database refuses never get here: they are dead-lettered (SqlErrors).
 */
public final class DatabaseRetry {
    public static final int MAX_ATTEMPTS = 5;

    /** One step that may fail with an SQLException. */
    @FunctionalInterface
    public interface Step {
        void run() throws Exception;
    }

    private DatabaseRetry() {}

    public static void run(Step attempt, Step recover) throws Exception {
        for (int n = 1; ; n++) {
            try {
                attempt.run();
                return;
            } catch (SQLException failure) {
                if (n >= MAX_ATTEMPTS) throw failure;
                Thread.sleep(500L * n);
                recover.run();
            }
        }
    }

    /** Closes a connection that may already be broken. */
    public static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException alreadyBroken) {
            // nothing left to release
        }
    }
}
