package io.subtrack.transformer.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.RecordContext.Decision;
import io.subtrack.transformer.RepairLog;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import java.util.Map;

/** The report's figures as the JSON report writes them (report.json): written from them, never read back. */
public final class ReportJson {
    private ReportJson() {}

    public static ObjectNode render(QualityFigures f) {
        QualityStats stats = f.stats();
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode totals = root.putObject("totals");
        totals.put("raw_records_in", stats.totalIn());
        totals.put("processed_rows_out", stats.totalOut());
        totals.put("quarantined", stats.totalQuarantined());
        totals.put("ambiguous_dates", stats.totalAmbiguous());
        totals.put("values_resolved_by_evidence", stats.totalResolvedByEvidence());
        totals.put("values_ambiguous_by_policy", stats.totalResolvedByPolicy());
        RepairLog.Counts repairs = f.repairLog();
        if (repairs != null) {
            ObjectNode log = root.putObject("repair_log");
            log.put("file", ReportHtml.repairLogName(repairs));
            log.put("lines", repairs.lines());
            log.put("exact", repairs.exact());
            log.put("evidence", repairs.evidence());
            log.put("policy", repairs.policy());
        }
        ObjectNode raw = root.putObject("raw_tables");
        for (Map.Entry<RawTable, QualityStats.TableCounts> e : stats.tables().entrySet()) {
            QualityStats.TableCounts c = e.getValue();
            ObjectNode n = raw.putObject(e.getKey().tableName());
            n.put("in", c.in);
            n.put("out", c.accepted);
            n.put("rejected", c.rejected);
            n.put("superseded", c.superseded);
            n.put("repaired", c.repaired);
            n.put("nullified", c.nullified);
            n.put("ambiguous", c.ambiguous);
            n.put("values_resolved_by_evidence", c.resolvedByEvidence);
            n.put("values_ambiguous_by_policy", c.resolvedByPolicy);
            n.put("reject_rate", ReportHtml.rounded(c.rejectRate()));
        }
        ObjectNode processed = root.putObject("processed_tables");
        for (Map.Entry<ProcessedTable, Long> e : stats.processedRows().entrySet()) processed.put(e.getKey().tableName(), e.getValue());
        if (!stats.days().isEmpty()) {
            // the day against earlier days: older versions this extract replaced are history, never quarantine
            ObjectNode day = root.putObject("day_changes");
            for (Map.Entry<ProcessedTable, QualityStats.DayCounts> e : stats.days().entrySet()) {
                QualityStats.DayCounts d = e.getValue();
                ObjectNode n = day.putObject(e.getKey().tableName());
                n.put("new", d.added);
                n.put("changed", d.changed);
                n.put("returned", d.returned);
                n.put("deleted", d.deleted);
                n.put("unchanged", d.unchanged);
            }
        }
        ArrayNode rules = root.putArray("rules");
        for (Rule r : Rules.all()) {
            QualityStats.RuleCounts c = stats.rules().get(r.id());
            ObjectNode n = rules.addObject();
            n.put("id", r.id());
            n.put("table", r.table());
            n.put("field", r.field());
            n.put("action", r.action().name());
            n.put("evaluated", stats.evaluated(r));
            n.put("failed", c.fired);
            if (c.ambiguous > 0) n.put("ambiguous", c.ambiguous);
            if (c.resolvedByEvidence > 0) n.put("resolved_by_evidence", c.resolvedByEvidence);
            ArrayNode ex = n.putArray("examples");
            c.examples.forEach(ex::add);
        }
        ArrayNode th = root.putArray("threshold_violations");
        f.thresholdViolations().forEach(th::add);
        if (f.score() != null) root.set("ground_truth", score(f.score()));
        QualityFigures.RunInfo info = f.run();
        if (info != null) {
            ObjectNode run = root.putObject("run");
            run.put("run_id", info.runId());
            run.put("written_at", info.writtenAt());
            if (info.extractId() != null) {
                run.put("extract_id", info.extractId());
                run.put("extract_mode", info.extractMode());
                run.put("extract_date", info.extractDate());
            }
        }
        if (f.warnings() != null) {
            ArrayNode warned = root.putArray("warnings");
            f.warnings().forEach(warned::add);
        }
        if (f.trend() != null) root.set("trend", TrendCharts.toJson(f.trend()));
        return root;
    }

    /** The ground-truth score's section. */
    public static ObjectNode score(ScoreFigures s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("injected", s.injected());
        o.put("caught", s.caught());
        o.put("caught_rate", s.caughtRate());
        o.put("repairable", s.repairable());
        o.put("repaired_exact", s.repairedExact());
        o.put("repaired_exact_rate", s.repairedExactRate());
        o.put("missed", s.missed());
        o.put("resolved_by_policy", s.resolvedByPolicy());
        DecisionTally d = s.decisions();
        o.put("wrong", d.wrong());
        o.put("decided_exact", d.decided(Decision.EXACT));
        o.put("wrong_exact", d.wrong(Decision.EXACT));
        o.put("decided_by_evidence", d.decided(Decision.EVIDENCE));
        o.put("wrong_by_evidence", d.wrong(Decision.EVIDENCE));
        o.put("decided_by_policy", d.decided(Decision.POLICY));
        o.put("wrong_by_policy", d.wrong(Decision.POLICY));
        o.put("rejected_by_cascade", s.rejectedByCascade());
        o.put("clean_values_changed", s.cleanValuesChanged());
        ObjectNode byRule = o.putObject("clean_values_changed_by_rule");
        s.cleanValuesChangedByRule().forEach(byRule::put);
        s.cleanValuesChangedExamples().forEach(o.putArray("clean_values_changed_examples")::add);
        s.missedExamples().forEach(o.putArray("missed_examples")::add);
        s.notRepairedExactExamples().forEach(o.putArray("not_repaired_exact_examples")::add);
        ObjectNode kinds = o.putObject("by_kind");
        s.byKind().forEach((kind, k) -> {
            ObjectNode n = kinds.putObject(kind);
            n.put("injected", k.total);
            n.put("caught", k.caught);
            n.put("repairable", k.repairable);
            n.put("repaired_exact", k.repairedExact);
            n.put("missed", k.missed);
            n.put("quarantined_with_record", k.quarantinedWithRecord);
            n.put("resolved_by_policy", k.ambiguousByPolicy);
        });
        return o;
    }
}
