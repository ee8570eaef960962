package io.subtrack.transformer.report;

import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.RecordContext.Decision;
import io.subtrack.transformer.RepairLog;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The report's figures as one self-contained HTML page (inline CSS and SVG, no script, no network). */
public final class ReportHtml {
    private ReportHtml() {}

    /** A rate as every rendering shows it: four decimals. */
    static double rounded(double rate) {
        return Math.round(rate * 10000) / 10000.0;
    }

    /** The repair log as the report names it: as given (relative to the report), or its file name alone. */
    static String repairLogName(RepairLog.Counts repairs) {
        return repairs.file().isAbsolute() ? repairs.file().getFileName().toString() : repairs.file().toString();
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    public static String render(QualityFigures f) {
        QualityStats stats = f.stats();
        StringBuilder h = new StringBuilder(32_000);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SubTrack data-quality report</title>\n")
            .append("<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td.l,th.l{text-align:left}th{background:#f0f0f0}")
            .append(".ok{color:#1a7f37}.bad{color:#c62828}code{font-size:12px}</style></head><body>\n")
            .append("<h1>SubTrack data-quality report</h1>\n");
        h.append(String.format(Locale.ROOT, "<p>Raw records in: <b>%,d</b> &middot; processed rows out: <b>%,d</b> &middot; quarantined: <b>%,d</b> &middot; ambiguous dates: <b>%,d</b></p>\n",
            stats.totalIn(), stats.totalOut(), stats.totalQuarantined(), stats.totalAmbiguous()));
        h.append(String.format(Locale.ROOT, "<p>Values with several readings: read by the record's evidence <b>%,d</b> &middot; left open by the record, read by policy <b>%,d</b></p>\n",
            stats.totalResolvedByEvidence(), stats.totalResolvedByPolicy()));
        RepairLog.Counts log = f.repairLog();
        if (log != null) {
            String file = esc(repairLogName(log));
            h.append(String.format(Locale.ROOT, "<p>Repair log <a href=\"%s\"><code>%s</code></a>: <b>%,d</b> changed values (decided exactly %,d, by evidence %,d, by policy %,d)</p>\n",
                file, file, log.lines(), log.exact(), log.evidence(), log.policy()));
        }
        if (f.thresholdViolations().isEmpty()) {
            h.append("<p class=\"ok\">All reject-rate thresholds met.</p>\n");
        } else {
            h.append("<p class=\"bad\">Thresholds exceeded:</p><ul>");
            f.thresholdViolations().forEach(v -> h.append("<li>").append(esc(v)).append("</li>"));
            h.append("</ul>\n");
        }
        QualityFigures.RunInfo run = f.run();
        if (run != null) {
            h.append("<p>Run <code>").append(esc(run.runId())).append("</code>");
            if (run.extractId() != null) {
                h.append(" &middot; extract <code>").append(esc(run.extractId())).append("</code> (")
                    .append(esc(run.extractMode())).append(" of ").append(esc(run.extractDate())).append(")");
            }
            h.append(" &middot; written ").append(esc(run.writtenAt())).append("</p>\n");
        }
        if (f.warnings() != null && !f.warnings().isEmpty()) {
            h.append("<p class=\"bad\">Warnings (checks against earlier runs):</p><ul>");
            f.warnings().forEach(v -> h.append("<li>").append(esc(v)).append("</li>"));
            h.append("</ul>\n");
        }
        h.append(TrendCharts.html(f.trend()));
        h.append("<h2>Raw tables: where every record went</h2>\n").append(outcomeChart(stats.tables()));
        h.append("<table><tr><th class=l>raw table</th><th>in</th><th>out</th><th>repaired</th><th>nullified</th><th>rejected</th><th>superseded</th><th>ambiguous</th><th>reject rate</th></tr>\n");
        stats.tables().forEach((t, c) -> h.append(String.format(Locale.ROOT,
            "<tr><td class=l>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%.1f%%</td></tr>\n",
            esc(t.tableName()), c.in, c.accepted, c.repaired, c.nullified, c.rejected, c.superseded, c.ambiguous, rounded(c.rejectRate()) * 100)));
        h.append("</table>\n<h2>Processed tables</h2>\n<table><tr><th class=l>processed table</th><th>rows</th></tr>\n");
        stats.processedRows().forEach((t, rows) ->
            h.append("<tr><td class=l>").append(esc(t.tableName())).append("</td><td>").append(rows).append("</td></tr>\n"));
        if (!stats.days().isEmpty()) {
            h.append("</table>\n<h2>The day's changes against earlier days</h2>\n<p>Rows of this extract new, changed (or back after"
                + " a deletion), deleted (a snapshot no longer holds them) and unchanged (not passed on again). Versions replaced"
                + " by this extract are history, not quarantine.</p>\n<table><tr><th class=l>processed table</th><th>new</th>"
                + "<th>changed</th><th>back</th><th>deleted</th><th>unchanged</th></tr>\n");
            stats.days().forEach((t, d) -> {
                h.append("<tr><td class=l>").append(esc(t.tableName())).append("</td>");
                for (long n : new long[] {d.added, d.changed, d.returned, d.deleted, d.unchanged}) h.append("<td>").append(n).append("</td>");
                h.append("</tr>\n");
            });
        }
        h.append("</table>\n<h2>Rules</h2>\n").append(ruleChart(stats)).append("<table><tr><th class=l>rule</th><th class=l>action</th><th class=l>table.field</th><th>evaluated</th><th>failed</th><th class=l>examples (masked)</th></tr>\n");
        for (Rule r : Rules.all()) {
            QualityStats.RuleCounts c = stats.rules().get(r.id());
            if (c.fired == 0) continue;
            StringBuilder ex = new StringBuilder();
            c.examples.forEach(x -> ex.append("<code>").append(esc(x)).append("</code><br>"));
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td class=l>%s</td><td class=l>%s.%s</td><td>%d</td><td>%d</td><td class=l>%s</td></tr>\n",
                esc(r.id()), r.action().name(), esc(r.table()), esc(r.field()), stats.evaluated(r), c.fired, ex));
        }
        h.append("</table>\n<p>Rules that never fired are listed in the JSON report and in docs/data-quality.md.</p>\n");
        ScoreFigures g = f.score();
        if (g != null) {
            h.append("<h2>Score against the generator's ground truth</h2>\n");
            h.append(String.format(Locale.ROOT, "<p>Injected defects: <b>%d</b> &middot; caught: <b>%.2f%%</b> &middot; repairable repaired to the exact clean value: <b>%.2f%%</b> &middot; missed: <b>%d</b> &middot; clean values changed by mistake: <b>%d</b></p>\n",
                g.injected(), g.caughtRate() * 100, g.repairedExactRate() * 100, g.missed(), g.cleanValuesChanged()));
            DecisionTally d = g.decisions();
            h.append(String.format(Locale.ROOT, "<p>Values stored different from the clean value (wrong, whatever decided them): <b class=%s>%d</b> &middot; of the values with a clean value: read exactly %d (%d wrong), by evidence %d (%d wrong), by policy %d (%d wrong)</p>\n",
                d.wrong() == 0 ? "ok" : "bad", d.wrong(), d.decided(Decision.EXACT), d.wrong(Decision.EXACT),
                d.decided(Decision.EVIDENCE), d.wrong(Decision.EVIDENCE), d.decided(Decision.POLICY), d.wrong(Decision.POLICY)));
            h.append("<table><tr><th class=l>defect kind</th><th>injected</th><th>caught</th><th>repairable</th><th>repaired exactly</th><th>missed</th></tr>\n");
            g.byKind().forEach((kind, k) -> h.append(String.format(Locale.ROOT,
                "<tr><td class=l>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td class=%s>%d</td></tr>\n",
                esc(kind), k.total, k.caught, k.repairable, k.repairedExact, k.missed == 0 ? "ok" : "bad", k.missed)));
            h.append("</table>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The rules that fired most, as horizontal bars coloured by action. */
    private static String ruleChart(QualityStats stats) {
        List<Rule> fired = new ArrayList<>();
        for (Rule r : Rules.all()) if (stats.rules().get(r.id()).fired > 0) fired.add(r);
        fired.sort((a, b) -> {
            int c = Long.compare(stats.rules().get(b.id()).fired, stats.rules().get(a.id()).fired);
            return c != 0 ? c : a.id().compareTo(b.id());
        });
        List<Rule> top = fired.subList(0, Math.min(20, fired.size()));
        if (top.isEmpty()) return "";
        long max = stats.rules().get(top.get(0).id()).fired;
        int rowH = 18, labelW = 260, barW = 420;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"records per rule\">\n",
            labelW + barW + 80, top.size() * rowH + 24));
        int y = 0;
        for (Rule r : top) {
            long failed = stats.rules().get(r.id()).fired;
            String colour = switch (r.action()) {
                case REPAIR -> "#4caf50";
                case NULLIFY -> "#ffb300";
                default -> "#e53935";
            };
            double w = barW * (double) failed / max;
            s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"11\">%s</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\">%d</text>\n",
                y + 13, esc(r.id()), labelW, y + 3, w, rowH - 5, colour, labelW + w + 4, y + 13, failed));
            y += rowH;
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">green: repaired, amber: nullified, red: rejected (top %d rules by records)</text>\n",
            labelW, y + 14, top.size()));
        s.append("</svg>\n");
        return s.toString();
    }

    /** One horizontal stacked bar per raw table: out / rejected / superseded, as shares of the records in. */
    private static String outcomeChart(Map<RawTable, QualityStats.TableCounts> tables) {
        int rowH = 22, labelW = 210, barW = 460;
        int n = tables.size();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"records per outcome\">\n",
            labelW + barW + 80, n * rowH + 30));
        int y = 0;
        String[] colours = {"#4caf50", "#e53935", "#ffb300"};
        for (Map.Entry<RawTable, QualityStats.TableCounts> e : tables.entrySet()) {
            QualityStats.TableCounts c = e.getValue();
            long[] parts = {c.accepted, c.rejected, c.superseded};
            s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>", y + 15, esc(e.getKey().tableName())));
            double x = labelW;
            for (int i = 0; i < 3; i++) {
                double w = c.in == 0 ? 0 : barW * (double) parts[i] / c.in;
                if (w > 0) s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x, y + 3, w, rowH - 6, colours[i]));
                x += w;
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%d</text>\n", labelW + barW + 6, y + 15, c.in));
            y += rowH;
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#4caf50\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">out</text>", labelW, y + 8, labelW + 14, y + 17));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#e53935\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">rejected</text>", labelW + 60, y + 8, labelW + 74, y + 17));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#ffb300\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">superseded duplicate</text>", labelW + 140, y + 8, labelW + 154, y + 17));
        s.append("</svg>\n");
        return s.toString();
    }
}
