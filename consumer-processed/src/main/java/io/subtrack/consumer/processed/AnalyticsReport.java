package io.subtrack.consumer.processed;

import io.subtrack.common.db.AnalyticsView;
import io.subtrack.common.db.DatabaseDialect;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Prints the analytics views ({@link AnalyticsView#ALL}) as plain-text tables. */
public final class AnalyticsReport {
    private AnalyticsReport() {}

    public static void print(Connection c, DatabaseDialect dialect, int maxRows, PrintStream out) throws SQLException {
        for (AnalyticsView v : AnalyticsView.ALL) {
            out.println();
            out.println("== " + v.title() + " [" + v.name() + "] ==");
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery(dialect.buildSelectAllStatement(v.name(), v.orderBy()))) {
                printTable(rs, maxRows, out);
            }
        }
    }

    static void printTable(ResultSet rs, int maxRows, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        List<String[]> rows = new ArrayList<>();
        String[] header = new String[n];
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            header[i] = md.getColumnLabel(i + 1).toLowerCase();
            width[i] = header[i].length();
        }
        int total = 0;
        while (rs.next()) {
            total++;
            if (rows.size() >= maxRows) continue;
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                Object o = rs.getObject(i + 1);
                row[i] = o == null ? "" : o.toString();
                width[i] = Math.max(width[i], row[i].length());
            }
            rows.add(row);
        }
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < n; i++) line.append(i == 0 ? "" : "  ").append(pad(header[i], width[i]));
        out.println(line);
        for (String[] row : rows) {
            line.setLength(0);
            for (int i = 0; i < n; i++) line.append(i == 0 ? "" : "  ").append(pad(row[i], width[i]));
            out.println(line);
        }
        if (total > rows.size()) out.println("... " + (total - rows.size()) + " more rows");
        if (total == 0) out.println("(no rows)");
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }
}
