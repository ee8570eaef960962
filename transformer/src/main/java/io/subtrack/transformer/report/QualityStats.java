package io.subtrack.transformer.report;

import static io.subtrack.common.schema.RawFields.*;

import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.RecordContext;
import io.subtrack.transformer.rules.Masking;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts per raw table, per processed table and per rule, with a few masked examples per rule. */
public final class QualityStats {
    public static final int MAX_EXAMPLES = 3;

    public static final class TableCounts {
        public long in, accepted, rejected, superseded, repaired, nullified, ambiguous;
        /** Stored values with several readings: chosen by the record's evidence, or by policy (the record left them open). */
        public long resolvedByEvidence, resolvedByPolicy;

        public double rejectRate() {
            return in == 0 ? 0 : (double) (rejected + superseded) / in;
        }
    }

    public static final class RuleCounts {
        public long fired, ambiguous, resolvedByEvidence;
        public final List<String> examples = new ArrayList<>(MAX_EXAMPLES);
    }

    /** A processed table's day against the stored state (a daily run only): rows new, changed, back after a deletion, unchanged, deleted. */
    public static final class DayCounts {
        public long added, changed, returned, unchanged, deleted;
    }

    private final Map<RawTable, TableCounts> tables = new EnumMap<>(RawTable.class);
    private final Map<ProcessedTable, DayCounts> days = new TreeMap<>();
    /** Rows written per processed table, by its position in the model (a per-row count: no map look-up). */
    private final long[] processedRows = new long[ProcessedTable.values().length];
    private final Map<String, RuleCounts> rules = new LinkedHashMap<>();

    public QualityStats() {
        for (RawTable t : RawTable.all()) tables.put(t, new TableCounts());
        for (Rule r : Rules.all()) rules.put(r.id(), new RuleCounts());
    }

    public void record(RecordContext ctx) {
        TableCounts t = tables.get(ctx.row().table());
        t.in++;
        switch (ctx.outcome()) {
            case ACCEPTED -> t.accepted++;
            case REJECTED -> t.rejected++;
            case SUPERSEDED -> t.superseded++;
        }
        boolean repaired = false, nullified = false, ambiguous = false;
        List<RecordContext.Event> events = ctx.events();
        for (int n = 0; n < events.size(); n++) {
            RecordContext.Event e = events.get(n);
            if (seenBefore(events, n)) continue;
            RuleCounts rc = rules.get(e.rule().id());
            rc.fired++;
            if (e.ambiguous()) { rc.ambiguous++; ambiguous = true; }
            if (e.decided() == RecordContext.Decision.EVIDENCE) rc.resolvedByEvidence++;
            // values stored (the repair log's lines), not those of records quarantined whole
            if (ctx.outcome() == RecordContext.Verdict.ACCEPTED) {
                if (e.ambiguous()) t.resolvedByPolicy++;
                if (e.decided() == RecordContext.Decision.EVIDENCE) t.resolvedByEvidence++;
            }
            boolean counts = e.rule() != Rules.USR_PASSWORD_DROPPED;
            if (counts && e.rule().action() == Rule.Action.REPAIR) repaired = true;
            if (counts && e.rule().action() == Rule.Action.NULLIFY) nullified = true;
            if (rc.examples.size() < MAX_EXAMPLES) {
                String example = example(ctx, e);
                if (!rc.examples.contains(example)) rc.examples.add(example);
            }
        }
        if (ctx.outcome() == RecordContext.Verdict.SUPERSEDED) {
            RuleCounts rc = rules.get(Rules.DUPLICATE.id());
            rc.fired++;
            if (rc.examples.size() < MAX_EXAMPLES) rc.examples.add(ctx.row().table().tableName() + " " + ctx.key());
        }
        if (ctx.outcome() == RecordContext.Verdict.ACCEPTED) {
            if (repaired) t.repaired++;
            if (nullified) t.nullified++;
        }
        if (ambiguous) t.ambiguous++;
    }

    /** A rule counts once per record and field (a record has a handful of events: no set needed). */
    private static boolean seenBefore(List<RecordContext.Event> events, int n) {
        RecordContext.Event e = events.get(n);
        for (int i = 0; i < n; i++) {
            RecordContext.Event o = events.get(i);
            if (o.rule() == e.rule() && java.util.Objects.equals(o.field(), e.field())) return true;
        }
        return false;
    }

    private static String example(RecordContext ctx, RecordContext.Event e) {
        if (e.rule() == Rules.USR_PASSWORD_DROPPED) return "password of " + ctx.key() + " dropped";
        if (e.rule().action() == Rule.Action.REJECT) {
            int i = ctx.rejectRules().indexOf(e.rule());
            return ctx.key() + ": " + (i >= 0 ? ctx.reasons().get(i) : e.rule().id());
        }
        String raw = Masking.forExample(e.field(), e.raw());
        String text = io.subtrack.transformer.rules.ValueText.of(e.cleaned());
        String cleaned = e.field().equals(METHOD_CARD) ? text : Masking.forExample(e.field(), text);
        return quote(raw) + " -> " + quote(cleaned) + (e.ambiguous() ? " (ambiguous, by policy)"
            : e.decided() == RecordContext.Decision.EVIDENCE ? " (by evidence)" : "");
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    public void processedRow(ProcessedTable t) {
        processedRows[t.ordinal()]++;
    }

    public Map<RawTable, TableCounts> tables() { return tables; }

    public DayCounts day(ProcessedTable t) {
        return days.computeIfAbsent(t, k -> new DayCounts());
    }

    /** The day's counts per processed table; empty unless the run compared an extract with the stored state. */
    public Map<ProcessedTable, DayCounts> days() { return days; }
    public Map<ProcessedTable, Long> processedRows() {
        Map<ProcessedTable, Long> m = new TreeMap<>();
        for (ProcessedTable t : ProcessedTable.values()) m.put(t, processedRows[t.ordinal()]);
        return m;
    }

    public Map<String, RuleCounts> rules() { return rules; }

    public long totalIn() { return tables.values().stream().mapToLong(c -> c.in).sum(); }
    public long totalQuarantined() { return tables.values().stream().mapToLong(c -> c.rejected + c.superseded).sum(); }
    public long totalOut() { return java.util.Arrays.stream(processedRows).sum(); }
    public long totalAmbiguous() { return tables.values().stream().mapToLong(c -> c.ambiguous).sum(); }
    public long totalResolvedByEvidence() { return tables.values().stream().mapToLong(c -> c.resolvedByEvidence).sum(); }
    public long totalResolvedByPolicy() { return tables.values().stream().mapToLong(c -> c.resolvedByPolicy).sum(); }

    /** Records of a rule's table that reached its checks (not superseded): what "evaluated" means. */
    public long evaluated(Rule r) {
        if (r.table().equals("*")) return totalIn();
        TableCounts c = tables.get(RawTable.byName(r.table()));
        return c == null ? 0 : (r == Rules.DUPLICATE ? c.in : c.accepted + c.rejected);
    }
}
