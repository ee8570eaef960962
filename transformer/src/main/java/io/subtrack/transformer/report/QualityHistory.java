package io.subtrack.transformer.report;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The transformer's figures across runs (subtrack_quality_metrics beside subtrack_runs, in the raw database): what a
 * run writes (per raw table its volume and quarantine, per processed table the day's new, changed and deleted rows,
 * per rule evaluated and failed) and what earlier runs wrote, for the report's trend and the checks against them.
 */
public final class QualityHistory {
    static final String METRICS = "subtrack_quality_metrics";
    static final String RUNS = "subtrack_runs";
    /** The row of a table's own figures, apart from its rules'. */
    public static final String TABLE_ROW = "*";
    private static final List<String> COLUMNS = List.of("run_id", "table_name", "rule_id", "evaluated", "failed", "repaired",
        "nullified", "rejected", "records_in", "records_out", "new_rows", "changed_rows", "deleted_rows");

    /** A raw table's figures in one run. */
    public record Volume(long in, long out, long quarantined) {
        public double rejectRate() {
            return in == 0 ? 0 : (double) quarantined / in;
        }
    }

    /** One earlier (or this) run: when, its extract, per raw table its volume, per rule its failures. */
    public record Run(String runId, LocalDateTime started, String extractId, Map<String, Volume> tables, Map<String, Long> ruleFailures) {}

    private QualityHistory() {}

    /** Writes this run's figures, in one transaction on {@code c}. */
    public static void write(Connection c, DatabaseDialect dialect, String runId, QualityStats stats) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(dialect.buildInsertStatement(METRICS, COLUMNS))) {
            for (Map.Entry<RawTable, QualityStats.TableCounts> e : stats.tables().entrySet()) {
                QualityStats.TableCounts t = e.getValue();
                add(ps, runId, e.getKey().tableName(), TABLE_ROW, t.in, t.rejected + t.superseded, t.repaired, t.nullified,
                    t.rejected, t.in, t.accepted, null, null, null);
            }
            Map<ProcessedTable, Long> rows = stats.processedRows();
            for (ProcessedTable p : ProcessedTable.values()) {
                QualityStats.DayCounts d = stats.days().get(p);
                add(ps, runId, p.tableName(), TABLE_ROW, null, null, null, null, null, null, rows.get(p),
                    d == null ? null : d.added, d == null ? null : d.changed + d.returned, d == null ? null : d.deleted);
            }
            for (Rule r : Rules.all()) {
                QualityStats.RuleCounts rc = stats.rules().get(r.id());
                long fired = rc == null ? 0 : rc.fired;
                add(ps, runId, r.table(), r.id(), stats.evaluated(r), fired, r.action() == Rule.Action.REPAIR ? fired : 0,
                    r.action() == Rule.Action.NULLIFY ? fired : 0, r.action() == Rule.Action.REJECT ? fired : 0, null, null, null, null, null);
            }
            ps.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    private static void add(PreparedStatement ps, String runId, String table, String rule, Object... figures) throws SQLException {
        ps.setString(1, runId);
        ps.setString(2, table);
        ps.setString(3, rule);
        for (int i = 0; i < figures.length; i++) ps.setObject(4 + i, figures[i]);
        ps.addBatch();
    }

    /** The last {@code n} transformer runs that completed with their figures (threshold runs included), oldest first. */
    public static List<Run> recent(Connection c, DatabaseDialect dialect, int n) throws SQLException {
        List<String[]> runs = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(dialect.buildSelectStatement(RUNS,
            List.of("run_id", "started_at", "extract_id", "status"), List.of("stage"), "started_at"))) {
            ps.setString(1, "transformer");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String status = rs.getString(4);
                    if ("ok".equals(status) || "threshold".equals(status)) {
                        runs.add(new String[] {rs.getString(1), rs.getTimestamp(2).toLocalDateTime().toString(), rs.getString(3)});
                    }
                }
            }
        }
        List<Run> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(dialect.buildSelectStatement(METRICS,
            List.of("table_name", "rule_id", "records_in", "records_out", "failed", "evaluated"), List.of("run_id"), null))) {
            for (String[] r : runs.subList(Math.max(0, runs.size() - n), runs.size())) {
                Map<String, Volume> tables = new LinkedHashMap<>();
                Map<String, Long> rules = new LinkedHashMap<>();
                ps.setString(1, r[0]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String table = rs.getString(1), rule = rs.getString(2);
                        if (TABLE_ROW.equals(rule)) {
                            if (RawTable.byName(table) != null) tables.put(table, new Volume(rs.getLong(3), rs.getLong(4), rs.getLong(5)));
                        } else {
                            rules.put(rule, rs.getLong(5));
                        }
                    }
                }
                if (!tables.isEmpty()) out.add(new Run(r[0], LocalDateTime.parse(r[1]), r[2], tables, rules));
            }
        }
        return out;
    }
}
