package io.subtrack.devdb;

import static io.subtrack.devdb.DevDbProcess.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dev-db restarts on its data at once after a SIGKILL of it and its postmaster, even
 * while the killed postmaster is an unreaped zombie; a data directory whose dev-db is alive is
 * refused and left alone. Real processes throughout: dev-db in a JVM of its own (the main of {@code bin/dev-db}),
 * the real PostgreSQL server, SIGKILL.
 */
class StaleLockRestartTest {
    /** What a restart after a SIGKILL may take to print READY (JVM start and crash recovery included). */
    static final Duration READY_AFTER_KILL = Duration.ofSeconds(15);
    /** The first start of a test also runs initdb (and, on a fresh machine, unpacks the binaries). */
    static final Duration FIRST_READY = Duration.ofSeconds(120);

    @TempDir Path dir;

    @BeforeAll
    static void linux() {
        // the zombie and shared-memory checks read /proc; elsewhere dev-db leaves the lock file to PostgreSQL
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "needs Linux /proc (process states and /proc/sysvipc/shm)");
    }

    @Test
    void aZombieHoldingTheLockFileDoesNotKeepDevDbFromStartingOnItsData() throws Exception {
        Path data = dir.resolve("pg");
        int port = DevDbProcess.freePort();
        DevDbProcess first = DevDbProcess.start(dir.resolve("first.out"), data, port);
        String url = first.awaitReady(FIRST_READY);
        long committed = insertRows(url, 0, 1000);

        long postmaster = killLauncherAndPostmaster(first, data);
        Process holder = startZombieMaker();
        try {
            long zombie = zombieOf(holder);
            // the lock file now names a zombie, as when PID 1 has not reaped the killed postmaster
            List<String> lines = new ArrayList<>(Files.readAllLines(data.resolve("postmaster.pid"), StandardCharsets.UTF_8));
            assertEquals(String.valueOf(postmaster), lines.get(0).strip(), "the killed postmaster's lock file");
            assertTrue(lines.size() >= 7 && !lines.get(6).isBlank(), "line 7 holds the shared-memory key: " + lines);
            lines.set(0, String.valueOf(zombie));
            Files.write(data.resolve("postmaster.pid"), lines, StandardCharsets.UTF_8);
            assertEquals(PostmasterLock.Holder.ZOMBIE, PostmasterLock.read(data).orElseThrow().holder());

            DevDbProcess second = DevDbProcess.start(dir.resolve("second.out"), data, port);
            try {
                String again = second.awaitReady(READY_AFTER_KILL);
                assertTrue(second.output().contains("removed the stale lock file " + data.resolve("postmaster.pid")),
                    second.output());
                assertEquals(committed, rowsIntact(again, committed));
                System.out.printf("zombie holder: READY %.2f s after the restart%n", second.secondsSinceStart());
            } finally {
                second.stop();
            }
        } finally {
            holder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void fiveQuickRestartsAfterASigkillEachReachReadyWithEveryCommittedRow() throws Exception {
        Path data = dir.resolve("pg");
        int port = DevDbProcess.freePort();
        DevDbProcess db = DevDbProcess.start(dir.resolve("start-0.out"), data, port);
        String url = db.awaitReady(FIRST_READY);
        long committed = 0;
        StringBuilder figures = new StringBuilder();
        try {
            for (int cycle = 1; cycle <= 5; cycle++) {
                committed = insertRows(url, committed, 500);
                long postmaster = killLauncherAndPostmaster(db, data);
                long killedAt = System.nanoTime();
                String state = PostmasterLock.holderOf(postmaster).name();
                db = DevDbProcess.start(dir.resolve("start-" + cycle + ".out"), data, port);
                double gap = (db.startedAt - killedAt) / 1e9;
                assertTrue(gap < 0.5, "restarted " + gap + " s after the kill");
                url = db.awaitReady(READY_AFTER_KILL);
                double ready = db.secondsSinceStart();
                assertEquals(committed, rowsIntact(url, committed), "cycle " + cycle);
                figures.append(String.format(" cycle %d: killed postmaster %s at restart, READY in %.2f s;", cycle, state, ready));
            }
        } finally {
            db.stop();
        }
        System.out.println("five kill-and-restart cycles:" + figures);
    }

    @Test
    void aDataDirectoryWhoseDevDbIsAliveIsRefusedAndLeftAlone() throws Exception {
        Path data = dir.resolve("pg");
        DevDbProcess owner = DevDbProcess.start(dir.resolve("owner.out"), data, DevDbProcess.freePort());
        try {
            String url = owner.awaitReady(FIRST_READY);
            long committed = insertRows(url, 0, 100);
            byte[] lockFile = Files.readAllBytes(data.resolve("postmaster.pid"));
            long postmaster = PostmasterLock.read(data).orElseThrow().pid();
            long logSize = Files.size(data.resolveSibling("pg.log"));

            int otherPort = DevDbProcess.freePort();
            DevDbProcess intruder = DevDbProcess.start(dir.resolve("intruder.out"), data, otherPort);
            try {
                assertEquals(1, intruder.awaitExit(Duration.ofSeconds(30)), intruder.output());
            } finally {
                intruder.stop();
            }
            assertTrue(intruder.output().contains("data directory " + data + " is in use by another running dev-db (PostgreSQL pid "
                + postmaster), intruder.output());
            assertFalse(intruder.output().contains("READY"), intruder.output());

            assertEquals(PostmasterLock.Holder.RUNNING_POSTGRES, PostmasterLock.holderOf(postmaster));
            assertArrayEquals(lockFile, Files.readAllBytes(data.resolve("postmaster.pid")), "postmaster.pid rewritten");
            assertEquals(logSize, Files.size(data.resolveSibling("pg.log")), "the server log was written to");
            assertTrue(owner.process.isAlive());
            assertEquals(committed, rowsIntact(url, committed));
        } finally {
            owner.stop();
        }
    }

    // ---- helpers

    /** Inserts ids from+1 .. from+n in one committed transaction; returns the ids committed so far. */
    private static long insertRows(String url, long from, int n) throws Exception {
        try (Connection c = DriverManager.getConnection(url)) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE IF NOT EXISTS kept (id bigint PRIMARY KEY, note text NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO kept (id, note) VALUES (?, ?)")) {
                for (long id = from + 1; id <= from + n; id++) {
                    ps.setLong(1, id);
                    ps.setString(2, "row " + id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit(); // acknowledged: it must survive the SIGKILL that follows
        }
        return from + n;
    }

    /** Every id 1..committed there once with its note; returns how many rows there are. */
    private static long rowsIntact(String url, long committed) throws Exception {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT id), min(id), max(id), sum(id),"
                 + " count(*) FILTER (WHERE note = 'row ' || id) FROM kept")) {
            rs.next();
            assertEquals(committed, rs.getLong(2), "distinct ids");
            assertEquals(1, rs.getLong(3), "min id");
            assertEquals(committed, rs.getLong(4), "max id");
            assertEquals(committed * (committed + 1) / 2, rs.getLong(5), "sum of ids");
            assertEquals(committed, rs.getLong(6), "rows with their note");
            return rs.getLong(1);
        }
    }

    /** SIGKILL to the dev-db JVM and to the postmaster its lock file names; returns once neither runs. */
    private static long killLauncherAndPostmaster(DevDbProcess db, Path data) throws Exception {
        long pid = PostmasterLock.read(data).orElseThrow().pid();
        ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
        db.process.destroyForcibly();
        assertTrue(postmaster.destroyForcibly(), "SIGKILL to postmaster " + pid);
        assertTrue(db.process.waitFor(10, TimeUnit.SECONDS), "dev-db still runs after SIGKILL");
        await(Duration.ofSeconds(10), "end of postmaster " + pid, () -> {
            PostmasterLock.Holder h = PostmasterLock.holderOf(pid);
            return h == PostmasterLock.Holder.ZOMBIE || h == PostmasterLock.Holder.GONE ? Optional.of(h) : Optional.empty();
        }, () -> "postmaster " + pid + " is " + PostmasterLock.holderOf(pid));
        return pid;
    }

    /**
     * A process whose child exits and is never waited for: sh starts {@code sleep 0} in the
     * background, prints its pid and becomes {@code sleep 600}, which never reaps it.
     */
    private static Process startZombieMaker() throws Exception {
        return new ProcessBuilder("sh", "-c", "sleep 0 & echo $!; exec sleep 600").redirectErrorStream(true).start();
    }

    private static long zombieOf(Process holder) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
        long pid = Long.parseLong(r.readLine().strip());
        await(Duration.ofSeconds(10), "zombie state of " + pid,
            () -> PostmasterLock.holderOf(pid) == PostmasterLock.Holder.ZOMBIE ? Optional.of(true) : Optional.empty(),
            () -> readStat(pid));
        assertTrue(readStat(pid).contains(") Z "), "not a zombie: " + readStat(pid));
        return pid;
    }

    private static String readStat(long pid) {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        } catch (Exception e) {
            return "/proc/" + pid + "/stat: " + e;
        }
    }
}
