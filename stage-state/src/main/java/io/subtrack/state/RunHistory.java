package io.subtrack.state;

import io.subtrack.common.db.DatabaseDialect;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The last runs on record (subtrack_runs): stage, status, extract, start, seconds, counts and the first note. A run
 * still "running" with no end was killed (or is running now): it is shown as left open.
 */
final class RunHistory {
    private static final List<String> COLUMNS = List.of("run_id", "stage", "status", "exit_code", "extract_id", "started_at",
        "ended_at", "seconds", "records_in", "records_out", "records_rejected", "notes");

    private RunHistory() {}

    /** The rows to show, oldest first: the last {@code n} runs. */
    static List<Object[]> last(Connection c, DatabaseDialect dialect, int n) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(dialect.buildSelectStatement("subtrack_runs", COLUMNS, List.of(), "started_at"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Object[] r = new Object[COLUMNS.size()];
                for (int i = 0; i < r.length; i++) r[i] = rs.getObject(i + 1);
                rows.add(r);
            }
        }
        return rows.subList(Math.max(0, rows.size() - n), rows.size());
    }

    static void print(List<Object[]> rows, PrintStream out) {
        TextTable t = new TextTable("STARTED", "STAGE", "STATUS", "EXIT", "EXTRACT", "SECONDS", "IN", "OUT", "REJECTED", "RUN", "NOTE");
        for (Object[] r : rows) {
            String status = "running".equals(r[2]) && r[6] == null ? "running (left open, or still running)" : String.valueOf(r[2]);
            String started = r[5] instanceof Timestamp ts ? ts.toLocalDateTime().withNano(0).toString() : String.valueOf(r[5]);
            String note = r[11] == null ? null : String.valueOf(r[11]).split("\n")[0];
            t.row(started, r[1], status, r[3], r[4], r[7] == null ? null : String.format(Locale.ROOT, "%.1f", ((Number) r[7]).doubleValue()),
                r[8], r[9], r[10], String.valueOf(r[0]).substring(0, 8), note);
        }
        if (t.size() == 0) out.println("no run on record yet");
        else t.print(out);
    }
}
