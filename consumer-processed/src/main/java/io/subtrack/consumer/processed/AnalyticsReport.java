package io.subtrack.consumer.processed;

import static io.subtrack.common.db.DatabaseDialect.OrderBy.asc;
import static io.subtrack.common.db.DatabaseDialect.OrderBy.desc;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.DatabaseDialect.OrderBy;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Prints the analytics views of sql/processed/002_analytics_views.sql as plain-text tables. */
public final class AnalyticsReport {
    /** A view, its heading and the order its rows are shown in. */
    public record View(String name, String title, List<OrderBy> orderBy) {}

    public static final List<View> VIEWS = List.of(
        new View("v_mrr_by_category", "Monthly recurring revenue by category (EUR)", List.of(desc("mrr_eur"), asc("category"))),
        new View("v_mrr_by_supplier", "Monthly recurring revenue by supplier (EUR)", List.of(desc("mrr_eur"), asc("supplier_id"))),
        new View("v_active_subscriptions_by_plan", "Active subscriptions by plan",
            List.of(desc("active_subscriptions"), asc("plan_id"))),
        new View("v_churn_by_month", "Churn by month (subscriptions cancelled or expired)", List.of(asc("churn_year"), asc("churn_month"))),
        new View("v_payment_success_rate_by_method", "Payment success rate by method", List.of(desc("success_rate"), asc("method"))));

    private AnalyticsReport() {}

    public static void print(Connection c, DatabaseDialect dialect, int maxRows, PrintStream out) throws SQLException {
        for (View v : VIEWS) {
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
