package io.subtrack.common.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Applies a database's SQL scripts (sql/postgresql or sql/sqlserver, {@link DatabaseDialect#schemaFolder})
 * idempotently. The scripts hold plain CREATE statements separated by GO lines (so sqlcmd runs the
 * SQL Server ones unchanged in docker compose); here a CREATE TABLE or CREATE INDEX is skipped
 * when the object exists, and a CREATE VIEW replaces the view (views hold no data). Both folders
 * hold the same file names; SchemaMatchesSqlTest and the dev-db schema test hold each to the declarations.
 */
public final class SchemaApplier {
    public enum Layer {
        RAW(List.of("shared/000_load_offsets.sql", "raw/001_raw_tables.sql", "raw/002_transformer_watermark.sql")),
        PROCESSED(List.of("shared/000_load_offsets.sql", "processed/001_processed_tables.sql",
            "processed/002_analytics_views.sql"));

        private final List<String> scripts;

        Layer(List<String> scripts) {
            this.scripts = scripts;
        }
    }

    private static final String NAME = "[\\[\"]([^\\]\"]+)[\\]\"]";
    private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE\\s+TABLE\\s+" + NAME, Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_VIEW = Pattern.compile("^CREATE\\s+VIEW\\s+" + NAME, Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_INDEX =
        Pattern.compile("^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+" + NAME + "\\s+ON\\s+" + NAME, Pattern.CASE_INSENSITIVE);

    private SchemaApplier() {}

    /** The classpath resources of a layer for that database, in order. */
    public static List<String> scripts(DatabaseDialect dialect, Layer layer) {
        return layer.scripts.stream().map(s -> dialect.schemaFolder() + "/" + s).toList();
    }

    public static void applyRaw(Connection c, DatabaseDialect dialect) throws SQLException {
        apply(c, dialect, scripts(dialect, Layer.RAW));
    }

    public static void applyProcessed(Connection c, DatabaseDialect dialect) throws SQLException {
        apply(c, dialect, scripts(dialect, Layer.PROCESSED));
    }

    public static void apply(Connection c, DatabaseDialect dialect, List<String> resources) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        String[] lock = dialect.buildSchemaLockStatements();
        try (Statement st = c.createStatement()) {
            if (lock != null) st.execute(lock[0]);
            try {
                for (String resource : resources) {
                    for (String sql : statements(read(resource))) {
                        Matcher m;
                        if ((m = CREATE_TABLE.matcher(sql)).find()) {
                            if (tableExists(c, m.group(1))) continue;
                        } else if ((m = CREATE_INDEX.matcher(sql)).find()) {
                            if (indexExists(c, m.group(2), m.group(1))) continue;
                        } else if ((m = CREATE_VIEW.matcher(sql)).find()) {
                            st.execute(dialect.buildDropViewIfExists(m.group(1)));
                        }
                        try {
                            st.execute(sql);
                        } catch (SQLException e) {
                            throw new SQLException("in " + resource + ": " + e.getMessage() + "\n" + sql, e.getSQLState(), e);
                        }
                    }
                }
            } finally {
                if (lock != null) st.execute(lock[1]);
            }
        } finally {
            c.setAutoCommit(autoCommit);
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

    static boolean indexExists(Connection c, String table, String index) throws SQLException {
        try (ResultSet rs = c.getMetaData().getIndexInfo(c.getCatalog(), null, table, false, true)) {
            while (rs.next()) {
                if (index.equalsIgnoreCase(rs.getString("INDEX_NAME"))) return true;
            }
        }
        return false;
    }
}
