package io.subtrack.common.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.logging.Logger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationVersion;

/**
 * Brings a database's schema to the current version with Flyway's versioned migrations
 * (sql/postgresql or sql/sqlserver, {@link DatabaseDialect#schemaFolder}): {@code V<n>__*.sql} files
 * run once each, in order, and {@code R__*.sql} (the views) again whenever they change. Each layer
 * has its own history table ({@code subtrack_schema_shared}, {@code _raw}, {@code _processed}), so the raw and
 * processed layers may share one database or live in two. Flyway takes a lock while it migrates
 * (an advisory lock on PostgreSQL, sp_getapplock on SQL Server), so two stages starting together
 * on an empty database do not race.
 *
 * <p>A database created before migrations existed (by SubTrack up to 8330ec5, whose SchemaApplier
 * created tables it did not find) has the layer's tables but no history table: it is baselined at
 * the version that matches what that SubTrack created, and the later migrations upgrade it in place.
 *
 * <p>H2, which the unit tests use in MSSQLServer mode to check the SQL Server DDL, is not a
 * database SubTrack runs on and Flyway's H2 support does not read SQL Server's GO separators: there
 * the same scripts are run statement by statement, in version order, without a history.
 */
public final class SchemaApplier {
    public enum Layer {
        SHARED("shared", "1", "subtrack_load_offsets"),
        RAW("raw", "2", "raw_User"),
        PROCESSED("processed", "1", "processed_suppliers");

        private final String folder;
        /** The version whose tables a pre-migration SubTrack created, and a table that tells it did. */
        private final String legacyVersion;
        private final String legacyTable;

        Layer(String folder, String legacyVersion, String legacyTable) {
            this.folder = folder;
            this.legacyVersion = legacyVersion;
            this.legacyTable = legacyTable;
        }

        public String historyTable() {
            return "subtrack_schema_" + folder;
        }
    }

    private SchemaApplier() {}

    /** The migration scripts of a layer (the shared ones first) as classpath resources, in the order they run. */
    public static List<String> scripts(DatabaseDialect dialect, Layer layer) {
        List<String> out = new ArrayList<>();
        if (layer != Layer.SHARED) out.addAll(scriptsOf(dialect, Layer.SHARED));
        out.addAll(scriptsOf(dialect, layer));
        return out;
    }

    private static List<String> scriptsOf(DatabaseDialect dialect, Layer layer) {
        String folder = dialect.schemaFolder() + "/" + layer.folder;
        return listResources(folder).stream()
            .filter(n -> n.endsWith(".sql") && (n.startsWith("V") || n.startsWith("R__")))
            .sorted(Comparator.comparing((String n) -> n.startsWith("R__")).thenComparing(SchemaApplier::versionOf))
            .map(n -> folder + "/" + n)
            .toList();
    }

    private static MigrationVersion versionOf(String file) {
        if (file.startsWith("R__")) return MigrationVersion.EMPTY;
        return MigrationVersion.fromVersion(file.substring(1, file.indexOf("__")).replace('_', '.'));
    }

    public static void applyRaw(Connection c, DatabaseDialect dialect) throws SQLException {
        locked(c, dialect, () -> {
            migrate(c, dialect, Layer.SHARED);
            migrate(c, dialect, Layer.RAW);
        });
    }

    public static void applyProcessed(Connection c, DatabaseDialect dialect) throws SQLException {
        locked(c, dialect, () -> {
            migrate(c, dialect, Layer.SHARED);
            migrate(c, dialect, Layer.PROCESSED);
        });
    }

    /** The layer both databases hold (offsets, run history), under the schema lock. */
    public static void applyShared(Connection c, DatabaseDialect dialect) throws SQLException {
        locked(c, dialect, () -> migrate(c, dialect, Layer.SHARED));
    }

    private interface Migration {
        void run() throws SQLException;
    }

    /**
     * Under the dialect's session lock: Flyway locks while it migrates, but two stages starting together on an empty
     * database both find no history table and both create it; the second then fails.
     */
    private static void locked(Connection c, DatabaseDialect dialect, Migration migration) throws SQLException {
        String[] lock = isH2(c) ? null : dialect.buildSchemaLockStatements();
        if (lock == null) {
            migration.run();
            return;
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
            st.execute(lock[0]);
            try {
                migration.run();
            } finally {
                st.execute(lock[1]);
            }
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /** Migrates one layer on the database {@code c} is connected to; {@code c} stays open and keeps its auto-commit. */
    public static void migrate(Connection c, DatabaseDialect dialect, Layer layer) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try {
            if (isH2(c)) {
                runWithoutHistory(c, scriptsOf(dialect, layer));
                return;
            }
            boolean legacy = !tableExists(c, layer.historyTable()) && tableExists(c, layer.legacyTable);
            Flyway flyway = Flyway.configure(SchemaApplier.class.getClassLoader())
                .dataSource(new BorrowedConnection(c))
                .locations("classpath:" + dialect.schemaFolder() + "/" + layer.folder)
                .table(layer.historyTable())
                // a layer's first migration into a database another layer already uses starts from nothing (version 0)
                .baselineOnMigrate(!legacy)
                .baselineVersion(legacy ? layer.legacyVersion : "0")
                .baselineDescription(legacy ? "created by SubTrack before migrations" : "beside another layer")
                .cleanDisabled(true)
                .load();
            if (legacy) flyway.baseline();
            flyway.migrate();
        } catch (FlywayException e) {
            throw new SQLException("schema migration of the " + layer.folder + " layer failed: " + e.getMessage(), e);
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static boolean isH2(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toUpperCase(java.util.Locale.ROOT).contains("H2");
    }

    /** H2 only: each script once, statement by statement, the repeatable ones as H2 spells them. */
    private static void runWithoutHistory(Connection c, List<String> resources) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String resource : resources) {
                boolean repeatable = resource.contains("/R__");
                for (String sql : statements(read(resource))) {
                    if (repeatable) sql = sql.replace("CREATE OR ALTER VIEW", "CREATE OR REPLACE VIEW").replace("COUNT_BIG(", "COUNT(");
                    else if (appliedOnH2(c, resource, st)) break;
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        throw new SQLException("in " + resource + ": " + e.getMessage() + "\n" + sql, e.getSQLState(), e);
                    }
                }
                if (!repeatable) markAppliedOnH2(resource, st);
            }
        }
    }

    private static boolean appliedOnH2(Connection c, String resource, Statement st) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS subtrack_h2_scripts (script VARCHAR(400) PRIMARY KEY)");
        try (var ps = c.prepareStatement("SELECT 1 FROM subtrack_h2_scripts WHERE script = ?")) {
            ps.setString(1, resource);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void markAppliedOnH2(String resource, Statement st) throws SQLException {
        try (var ps = st.getConnection().prepareStatement("MERGE INTO subtrack_h2_scripts KEY (script) VALUES (?)")) {
            ps.setString(1, resource);
            ps.executeUpdate();
        }
    }

    public static String read(String resource) {
        try (InputStream in = SchemaApplier.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("missing classpath resource " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** The file names directly in a classpath folder, whether it lies in a directory or a jar. */
    static List<String> listResources(String folder) {
        // a folder may be on the classpath several times (the stage jars each carry common's): each name once
        java.util.Set<String> names = new java.util.TreeSet<>();
        try {
            Enumeration<URL> urls = SchemaApplier.class.getClassLoader().getResources(folder);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) {
                    try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                        files.forEach(p -> names.add(p.getFileName().toString()));
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    JarURLConnection jar = (JarURLConnection) url.openConnection();
                    jar.setUseCaches(false);
                    try (JarFile file = jar.getJarFile()) {
                        String prefix = folder + "/";
                        for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
                            String n = e.nextElement().getName();
                            if (n.startsWith(prefix) && n.length() > prefix.length() && n.indexOf('/', prefix.length()) < 0) {
                                names.add(n.substring(prefix.length()));
                            }
                        }
                    }
                }
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list " + folder, e);
        }
        if (names.isEmpty()) throw new IllegalStateException("no migration scripts in classpath folder " + folder);
        return new ArrayList<>(names);
    }

    /** Splits a script on GO lines, drops comment lines and a trailing semicolon. */
    public static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String line : script.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.equalsIgnoreCase("GO")) {
                add(out, cur);
                cur.setLength(0);
            } else if (!trimmed.startsWith("--")) {
                cur.append(line).append('\n');
            }
        }
        add(out, cur);
        return out;
    }

    private static void add(List<String> out, StringBuilder cur) {
        String s = cur.toString().strip();
        if (s.endsWith(";")) s = s.substring(0, s.length() - 1).strip();
        if (!s.isEmpty()) out.add(s);
    }

    public static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        try (ResultSet rs = md.getTables(c.getCatalog(), null, table, new String[] {"TABLE", "BASE TABLE"})) {
            while (rs.next()) {
                if (table.equals(rs.getString("TABLE_NAME"))) return true;
            }
        }
        return false;
    }

    /**
     * Flyway asks a DataSource for its connections; the caller's own connection is lent to it, and
     * Flyway's close leaves it open for the caller, who owns it.
     */
    private static final class BorrowedConnection implements DataSource {
        private final Connection connection;

        BorrowedConnection(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Connection getConnection() {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "close": return null;
                        case "isClosed": return connection.isClosed();
                        case "unwrap": return ((Class<?>) args[0]).isInstance(proxy) ? proxy : connection.unwrap((Class<?>) args[0]);
                        default:
                            try {
                                return method.invoke(connection, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                    }
                });
        }

        @Override
        public Connection getConnection(String user, String password) {
            return getConnection();
        }

        @Override public PrintWriter getLogWriter() { return null; }
        @Override public void setLogWriter(PrintWriter out) {}
        @Override public void setLoginTimeout(int seconds) {}
        @Override public int getLoginTimeout() { return 0; }
        @Override public Logger getParentLogger() { return Logger.getLogger("subtrack"); }
        @Override public <T> T unwrap(Class<T> iface) throws SQLException { throw new SQLException("not a wrapper"); }
        @Override public boolean isWrapperFor(Class<?> iface) { return false; }
    }
}
