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
 * Applies the SQL scripts of sql/ idempotently, on H2 and SQL Server alike. The scripts hold plain
 * CREATE statements separated by GO lines (so sqlcmd runs them unchanged in docker compose);
 * here a CREATE TABLE or CREATE INDEX is skipped when the object exists, and a CREATE VIEW replaces
 * the view (views hold no data). T-SQL control flow is avoided because H2 rejects it.
 */
public final class SchemaApplier {
    /** Classpath resources, in order. */
    public static final List<String> RAW_SCRIPTS = List.of("sql/shared/000_load_offsets.sql", "sql/raw/001_raw_tables.sql");
    public static final List<String> PROCESSED_SCRIPTS = List.of("sql/shared/000_load_offsets.sql",
        "sql/processed/001_processed_tables.sql", "sql/processed/002_analytics_views.sql");

    private static final Pattern CREATE_TABLE = Pattern.compile("^CREATE\\s+TABLE\\s+\\[([^\\]]+)\\]", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_VIEW = Pattern.compile("^CREATE\\s+VIEW\\s+\\[([^\\]]+)\\]", Pattern.CASE_INSENSITIVE);
    private static final Pattern CREATE_INDEX =
        Pattern.compile("^CREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+\\[([^\\]]+)\\]\\s+ON\\s+\\[([^\\]]+)\\]", Pattern.CASE_INSENSITIVE);

    private SchemaApplier() {}

    public static void applyRaw(Connection c) throws SQLException {
        apply(c, RAW_SCRIPTS);
    }

    public static void applyProcessed(Connection c) throws SQLException {
        apply(c, PROCESSED_SCRIPTS);
    }

    public static void apply(Connection c, List<String> resources) throws SQLException {
        DatabaseDialect dialect = DatabaseDialect.forUrl(c.getMetaData().getURL());
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement st = c.createStatement()) {
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
