package io.subtrack.common.run;

import io.subtrack.common.cli.StageSummary;
import io.subtrack.common.config.DatabaseOptions;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

/**
 * A stage's run on record (subtrack_runs, sql/&lt;database&gt;/shared/V2__run_history.sql): a row when it starts, completed
 * when it ends with its status, exit code and counts; a killed run stays "running". The stage's run id is the one its
 * lineage events and quality metrics name. Recording never fails a stage: a database it cannot reach gets one line on
 * stderr and no row. {@link #current()} is the run of the calling thread (threads a stage starts inherit it).
 */
public final class RunRecorder implements AutoCloseable {
    static final String TABLE = "subtrack_runs";
    private static final InheritableThreadLocal<RunRecorder> CURRENT = new InheritableThreadLocal<>();
    private static final List<String> START_COLUMNS = List.of("run_id", "stage", "started_at", "status", "host", "pid");
    private static final List<String> END_COLUMNS = List.of("extract_id", "extract_date", "ended_at", "status", "exit_code",
        "records_in", "records_out", "records_rejected", "seconds", "notes");

    private final String runId = UUID.randomUUID().toString();
    private final String stage;
    private final Connection connection;
    private final DatabaseDialect dialect;
    private final long startNanos = System.nanoTime();
    private String extractId;
    private LocalDateTime extractDate;
    private StageSummary summary;
    private boolean finished;
    private final StringBuilder notes = new StringBuilder();
    /** Why the run is not on record; said when the run ends well (a failing stage keeps its one line). */
    private String notRecorded;

    private RunRecorder(String stage, Connection connection, DatabaseDialect dialect) {
        this.stage = stage;
        this.connection = connection;
        this.dialect = dialect;
    }

    /** Starts recording a run of {@code stage} in the database {@code db} names (null: not recorded, an id only). */
    public static RunRecorder start(String stage, DatabaseOptions db) {
        String notRecorded = null;
        Connection c = null;
        DatabaseDialect dialect = null;
        if (db != null && db.jdbcUrl != null) {
            try {
                dialect = DatabaseDialect.forUrl(db.jdbcUrl);
                c = connectOnce(db);
                SchemaApplier.applyShared(c, dialect);
            } catch (Exception e) {
                notRecorded = stage + ": run not recorded (" + Database.redact(db.jdbcUrl) + ": " + firstLine(e) + ")";
                close(c);
                c = null;
            }
        }
        RunRecorder run = new RunRecorder(stage, c, dialect);
        run.notRecorded = notRecorded;
        if (c != null) run.insertStart();
        CURRENT.set(run);
        return run;
    }

    private void insertStart() {
        try (PreparedStatement ps = connection.prepareStatement(dialect.buildInsertStatement(TABLE, START_COLUMNS))) {
            ps.setString(1, runId);
            ps.setString(2, stage);
            ps.setObject(3, LocalDateTime.now());
            ps.setString(4, "running");
            ps.setString(5, host());
            ps.setLong(6, ProcessHandle.current().pid());
            ps.executeUpdate();
        } catch (SQLException e) {
            System.err.println(stage + ": run not recorded (" + firstLine(e) + ")");
        }
    }

    /** A quick connection, with no retry: a stage without a database (a generator run alone) must not wait for one. */
    private static Connection connectOnce(DatabaseOptions db) throws SQLException {
        Properties p = new Properties();
        if (db.user != null) p.setProperty("user", db.user);
        String password = db.password();
        if (!password.isEmpty()) p.setProperty("password", password);
        p.setProperty("loginTimeout", "5");
        p.setProperty("connectTimeout", "5");
        Connection c = DriverManager.getConnection(db.jdbcUrl, p);
        c.setAutoCommit(true);
        return c;
    }

    /** The run of the calling thread, or one recording nothing. */
    public static RunRecorder current() {
        RunRecorder r = CURRENT.get();
        return r != null ? r : new RunRecorder("unknown", null, null);
    }

    public String runId() {
        return runId;
    }

    /** The extract this run worked on. */
    public void extract(String id, LocalDateTime date) {
        this.extractId = id;
        this.extractDate = date;
    }

    /** A warning kept with the run (a check's warn level, say). */
    public void note(String line) {
        if (notes.length() > 0) notes.append('\n');
        notes.append(line);
    }

    /** The stage's records out (its summary's), or null before it printed one. */
    public Long recordsOut() {
        return summary == null ? null : summary.out();
    }

    /** The stage's summary: its counts go into the run's row. */
    public void summary(StageSummary summary) {
        this.summary = summary;
    }

    /** Completes the row: the exit code decides the status. */
    public void finish(int exitCode) {
        if (finished) return;
        finished = true;
        CURRENT.remove();
        if (notRecorded != null && exitCode == 0) System.err.println(notRecorded);
        if (connection == null) return;
        String status = switch (exitCode) {
            case 0 -> "ok";
            case 2 -> "usage";
            case 3 -> "threshold";
            case 4 -> "records_left";
            default -> "failed";
        };
        try (PreparedStatement ps = connection.prepareStatement(dialect.buildUpdateStatement(TABLE, END_COLUMNS, List.of("run_id")))) {
            ps.setString(1, extractId);
            ps.setObject(2, extractDate);
            ps.setObject(3, LocalDateTime.now());
            ps.setString(4, status);
            ps.setInt(5, exitCode);
            if (summary != null) {
                ps.setLong(6, summary.in());
                ps.setLong(7, summary.out());
                ps.setLong(8, summary.rejected());
                ps.setDouble(9, summary.seconds());
            } else {
                for (int i = 6; i <= 8; i++) ps.setObject(i, null);
                ps.setDouble(9, (System.nanoTime() - startNanos) / 1e9);
            }
            ps.setString(10, notes.length() == 0 ? null : notes.length() > 4000 ? notes.substring(0, 3997) + "..." : notes.toString());
            ps.setString(11, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            System.err.println(stage + ": run not completed on record (" + firstLine(e) + ")");
        }
    }

    /** A run that ends without {@link #finish} (an exception on its way out) is recorded failed. */
    @Override
    public void close() {
        finish(1);
        close(connection);
    }

    private static void close(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // the run's row is written or reported already
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return null;
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
