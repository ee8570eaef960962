package io.subtrack.transformer.report;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.RepairLog;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The data-quality report as JSON and as one self-contained HTML page (inline CSS and SVG, no
 * script, no network), both written to a temporary name and renamed. Holds no timing or other
 * run-dependent value, so the same input gives byte-identical reports.
 */
public final class QualityReport {
    private QualityReport() {}

    public static ObjectNode toJson(QualityStats stats, GroundTruthScorer scorer, List<String> thresholdViolations) {
        return toJson(stats, scorer, thresholdViolations, null);
    }

    /** {@code repairs}: what the repair log holds (null: no log section). */
    public static ObjectNode toJson(QualityStats stats, GroundTruthScorer scorer, List<String> thresholdViolations,
                                    RepairLog.Counts repairs) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode totals = root.putObject("totals");
        totals.put("raw_records_in", stats.totalIn());
        totals.put("processed_rows_out", stats.totalOut());
        totals.put("quarantined", stats.totalQuarantined());
        totals.put("ambiguous_dates", stats.totalAmbiguous());
        totals.put("values_resolved_by_evidence", stats.totalResolvedByEvidence());
        totals.put("values_ambiguous_by_policy", stats.totalResolvedByPolicy());
        if (repairs != null) {
            ObjectNode log = root.putObject("repair_log");
            // as given (the command passes it relative to the report): the report holds no absolute path of the run
            log.put("file", repairs.file().isAbsolute() ? repairs.file().getFileName().toString() : repairs.file().toString());
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
            n.put("reject_rate", Math.round(c.rejectRate() * 10000) / 10000.0);
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
        thresholdViolations.forEach(th::add);
        if (scorer != null) root.set("ground_truth", scorer.toJson());
        return root;
    }

    public static void write(Path base, ObjectNode json) throws IOException {
        String name = base.getFileName().toString().replaceAll("\\.(json|html)$", "");
        Path dir = base.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        writeAtomically(dir.resolve(name + ".json"), Json.MAPPER.writer(pp).writeValueAsString(json) + "\n");
        writeAtomically(dir.resolve(name + ".html"), html(json));
    }

    static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                // createTempFile makes the file owner-only; a report is meant to be read by others
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // keep the default permissions
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    static String html(ObjectNode r) {
        StringBuilder h = new StringBuilder(32_000);
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>SubTrack data-quality report</title>\n")
            .append("<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}td.l,th.l{text-align:left}th{background:#f0f0f0}")
            .append(".ok{color:#1a7f37}.bad{color:#c62828}code{font-size:12px}</style></head><body>\n")
            .append("<h1>SubTrack data-quality report</h1>\n");
        ObjectNode t = (ObjectNode) r.get("totals");
        h.append(String.format(Locale.ROOT, "<p>Raw records in: <b>%,d</b> &middot; processed rows out: <b>%,d</b> &middot; quarantined: <b>%,d</b> &middot; ambiguous dates: <b>%,d</b></p>\n",
            t.get("raw_records_in").asLong(), t.get("processed_rows_out").asLong(), t.get("quarantined").asLong(), t.get("ambiguous_dates").asLong()));
        h.append(String.format(Locale.ROOT, "<p>Values with several readings: read by the record's evidence <b>%,d</b> &middot; left open by the record, read by policy <b>%,d</b></p>\n",
            t.get("values_resolved_by_evidence").asLong(), t.get("values_ambiguous_by_policy").asLong()));
        if (r.has("repair_log")) {
            var log = r.get("repair_log");
            String file = esc(log.get("file").asText());
            h.append(String.format(Locale.ROOT, "<p>Repair log <a href=\"%s\"><code>%s</code></a>: <b>%,d</b> changed values (decided exactly %,d, by evidence %,d, by policy %,d)</p>\n",
                file, file, log.get("lines").asLong(), log.get("exact").asLong(), log.get("evidence").asLong(), log.get("policy").asLong()));
        }
        ArrayNode violations = (ArrayNode) r.get("threshold_violations");
        if (violations.isEmpty()) {
            h.append("<p class=\"ok\">All reject-rate thresholds met.</p>\n");
        } else {
            h.append("<p class=\"bad\">Thresholds exceeded:</p><ul>");
            violations.forEach(v -> h.append("<li>").append(esc(v.asText())).append("</li>"));
            h.append("</ul>\n");
        }
        if (r.has("run")) {
            JsonNode run = r.get("run");
            h.append("<p>Run <code>").append(esc(run.get("run_id").asText())).append("</code>");
            if (run.hasNonNull("extract_id")) {
                h.append(" &middot; extract <code>").append(esc(run.get("extract_id").asText())).append("</code> (")
                    .append(esc(run.path("extract_mode").asText())).append(" of ").append(esc(run.path("extract_date").asText())).append(")");
            }
            h.append(" &middot; written ").append(esc(run.get("written_at").asText())).append("</p>\n");
        }
        if (r.has("warnings") && r.get("warnings").size() > 0) {
            h.append("<p class=\"bad\">Warnings (checks against earlier runs):</p><ul>");
            r.get("warnings").forEach(v -> h.append("<li>").append(esc(v.asText())).append("</li>"));
            h.append("</ul>\n");
        }
        h.append(TrendCharts.html(r.get("trend")));
        h.append("<h2>Raw tables: where every record went</h2>\n").append(outcomeChart((ObjectNode) r.get("raw_tables")));
        h.append("<table><tr><th class=l>raw table</th><th>in</th><th>out</th><th>repaired</th><th>nullified</th><th>rejected</th><th>superseded</th><th>ambiguous</th><th>reject rate</th></tr>\n");
        r.get("raw_tables").fields().forEachRemaining(e -> {
            var c = e.getValue();
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td>%.1f%%</td></tr>\n",
                esc(e.getKey()), c.get("in").asLong(), c.get("out").asLong(), c.get("repaired").asLong(), c.get("nullified").asLong(),
                c.get("rejected").asLong(), c.get("superseded").asLong(), c.get("ambiguous").asLong(), c.get("reject_rate").asDouble() * 100));
        });
        h.append("</table>\n<h2>Processed tables</h2>\n<table><tr><th class=l>processed table</th><th>rows</th></tr>\n");
        r.get("processed_tables").fields().forEachRemaining(e ->
            h.append("<tr><td class=l>").append(esc(e.getKey())).append("</td><td>").append(e.getValue().asLong()).append("</td></tr>\n"));
        if (r.has("day_changes")) {
            h.append("</table>\n<h2>The day's changes against earlier days</h2>\n<p>Rows of this extract new, changed (or back after"
                + " a deletion), deleted (a snapshot no longer holds them) and unchanged (not passed on again). Versions replaced"
                + " by this extract are history, not quarantine.</p>\n<table><tr><th class=l>processed table</th><th>new</th>"
                + "<th>changed</th><th>back</th><th>deleted</th><th>unchanged</th></tr>\n");
            r.get("day_changes").fields().forEachRemaining(e -> {
                JsonNode d = e.getValue();
                h.append("<tr><td class=l>").append(esc(e.getKey())).append("</td>");
                for (String k : new String[] {"new", "changed", "returned", "deleted", "unchanged"}) {
                    h.append("<td>").append(d.get(k).asLong()).append("</td>");
                }
                h.append("</tr>\n");
            });
        }
        h.append("</table>\n<h2>Rules</h2>\n").append(ruleChart((ArrayNode) r.get("rules"))).append("<table><tr><th class=l>rule</th><th class=l>action</th><th class=l>table.field</th><th>evaluated</th><th>failed</th><th class=l>examples (masked)</th></tr>\n");
        for (var n : r.get("rules")) {
            if (n.get("failed").asLong() == 0) continue;
            StringBuilder ex = new StringBuilder();
            n.get("examples").forEach(x -> ex.append("<code>").append(esc(x.asText())).append("</code><br>"));
            h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td class=l>%s</td><td class=l>%s.%s</td><td>%d</td><td>%d</td><td class=l>%s</td></tr>\n",
                esc(n.get("id").asText()), n.get("action").asText(), esc(n.get("table").asText()), esc(n.get("field").asText()),
                n.get("evaluated").asLong(), n.get("failed").asLong(), ex));
        }
        h.append("</table>\n<p>Rules that never fired are listed in the JSON report and in docs/data-quality.md.</p>\n");
        if (r.has("ground_truth")) {
            var g = r.get("ground_truth");
            h.append("<h2>Score against the generator's ground truth</h2>\n");
            h.append(String.format(Locale.ROOT, "<p>Injected defects: <b>%d</b> &middot; caught: <b>%.2f%%</b> &middot; repairable repaired to the exact clean value: <b>%.2f%%</b> &middot; missed: <b>%d</b> &middot; clean values changed by mistake: <b>%d</b></p>\n",
                g.get("injected").asLong(), g.get("caught_rate").asDouble() * 100, g.get("repaired_exact_rate").asDouble() * 100,
                g.get("missed").asLong(), g.get("clean_values_changed").asLong()));
            if (g.has("wrong")) {
                h.append(String.format(Locale.ROOT, "<p>Values stored different from the clean value (wrong, whatever decided them): <b class=%s>%d</b> &middot; of the values with a clean value: read exactly %d (%d wrong), by evidence %d (%d wrong), by policy %d (%d wrong)</p>\n",
                    g.get("wrong").asLong() == 0 ? "ok" : "bad", g.get("wrong").asLong(),
                    g.get("decided_exact").asLong(), g.get("wrong_exact").asLong(), g.get("decided_by_evidence").asLong(),
                    g.get("wrong_by_evidence").asLong(), g.get("decided_by_policy").asLong(), g.get("wrong_by_policy").asLong()));
            }
            h.append("<table><tr><th class=l>defect kind</th><th>injected</th><th>caught</th><th>repairable</th><th>repaired exactly</th><th>missed</th></tr>\n");
            g.get("by_kind").fields().forEachRemaining(e -> {
                var k = e.getValue();
                h.append(String.format(Locale.ROOT, "<tr><td class=l>%s</td><td>%d</td><td>%d</td><td>%d</td><td>%d</td><td class=%s>%d</td></tr>\n",
                    esc(e.getKey()), k.get("injected").asLong(), k.get("caught").asLong(), k.get("repairable").asLong(),
                    k.get("repaired_exact").asLong(), k.get("missed").asLong() == 0 ? "ok" : "bad", k.get("missed").asLong()));
            });
            h.append("</table>\n");
        }
        h.append("</body></html>\n");
        return h.toString();
    }

    /** The rules that fired most, as horizontal bars coloured by action. */
    private static String ruleChart(ArrayNode rules) {
        java.util.List<com.fasterxml.jackson.databind.JsonNode> fired = new java.util.ArrayList<>();
        rules.forEach(n -> { if (n.get("failed").asLong() > 0) fired.add(n); });
        fired.sort((a, b) -> {
            int c = Long.compare(b.get("failed").asLong(), a.get("failed").asLong());
            return c != 0 ? c : a.get("id").asText().compareTo(b.get("id").asText());
        });
        java.util.List<com.fasterxml.jackson.databind.JsonNode> top = fired.subList(0, Math.min(20, fired.size()));
        if (top.isEmpty()) return "";
        long max = top.get(0).get("failed").asLong();
        int rowH = 18, labelW = 260, barW = 420;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"records per rule\">\n",
            labelW + barW + 80, top.size() * rowH + 24));
        int y = 0;
        for (var n : top) {
            String colour = switch (n.get("action").asText()) {
                case "REPAIR" -> "#4caf50";
                case "NULLIFY" -> "#ffb300";
                default -> "#e53935";
            };
            double w = barW * (double) n.get("failed").asLong() / max;
            s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"11\">%s</text><rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/><text x=\"%.1f\" y=\"%d\" font-size=\"11\">%d</text>\n",
                y + 13, esc(n.get("id").asText()), labelW, y + 3, w, rowH - 5, colour, labelW + w + 4, y + 13, n.get("failed").asLong()));
            y += rowH;
        }
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"11\">green: repaired, amber: nullified, red: rejected (top %d rules by records)</text>\n",
            labelW, y + 14, top.size()));
        s.append("</svg>\n");
        return s.toString();
    }

    /** One horizontal stacked bar per raw table: out / rejected / superseded, as shares of the records in. */
    private static String outcomeChart(ObjectNode tables) {
        int rowH = 22, labelW = 210, barW = 460;
        int n = tables.size();
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"records per outcome\">\n",
            labelW + barW + 80, n * rowH + 30));
        int y = 0;
        for (var it = tables.fields(); it.hasNext(); ) {
            var e = it.next();
            long in = e.getValue().get("in").asLong();
            long[] parts = {e.getValue().get("out").asLong(), e.getValue().get("rejected").asLong(), e.getValue().get("superseded").asLong()};
            String[] colours = {"#4caf50", "#e53935", "#ffb300"};
            s.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\" font-size=\"12\">%s</text>", y + 15, esc(e.getKey())));
            double x = labelW;
            for (int i = 0; i < 3; i++) {
                double w = in == 0 ? 0 : barW * (double) parts[i] / in;
                if (w > 0) s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>", x, y + 3, w, rowH - 6, colours[i]));
                x += w;
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\">%d</text>\n", labelW + barW + 6, y + 15, in));
            y += rowH;
        }
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#4caf50\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">out</text>", labelW, y + 8, labelW + 14, y + 17));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#e53935\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">rejected</text>", labelW + 60, y + 8, labelW + 74, y + 17));
        s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"#ffb300\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">superseded duplicate</text>", labelW + 140, y + 8, labelW + 154, y + 17));
        s.append("</svg>\n");
        return s.toString();
    }
}
