package io.subtrack.transformer.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.json.Json;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The report's trend across the last runs: the points as JSON (per run: volume and reject rate per raw
 * table, failures per rule), and small line charts of them as inline SVG, so the page needs nothing from a network.
 */
public final class TrendCharts {
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
        "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939"};
    private static final int W = 720, H = 220, LEFT = 60, RIGHT = 200, TOP = 26, BOTTOM = 30;
    private static final int MOST_RULES = 8;

    private TrendCharts() {}

    /** The runs as report JSON, oldest first; the last point is this run. */
    public static ArrayNode toJson(List<QualityHistory.Run> runs) {
        ArrayNode points = Json.MAPPER.createArrayNode();
        for (QualityHistory.Run r : runs) {
            ObjectNode p = points.addObject();
            p.put("run_id", r.runId());
            p.put("started", r.started().toString());
            if (r.extractId() != null) p.put("extract_id", r.extractId());
            ObjectNode tables = p.putObject("tables");
            r.tables().forEach((t, v) -> {
                ObjectNode n = tables.putObject(t);
                n.put("in", v.in());
                n.put("reject_rate", ReportHtml.rounded(v.rejectRate()));
            });
            ObjectNode rules = p.putObject("rules");
            r.ruleFailures().forEach(rules::put);
        }
        return points;
    }

    /** Three charts (volume, reject rate, failures per rule), or "" for no point. */
    static String html(List<QualityHistory.Run> trend) {
        if (trend == null || trend.isEmpty()) return "";
        List<String> labels = new ArrayList<>();
        Map<String, double[]> volume = new LinkedHashMap<>(), rejects = new LinkedHashMap<>(), rules = new LinkedHashMap<>();
        int n = trend.size();
        for (int i = 0; i < n; i++) {
            QualityHistory.Run p = trend.get(i);
            labels.add(p.started().toString());
            final int at = i;
            p.tables().forEach((t, v) -> {
                volume.computeIfAbsent(t, k -> new double[n])[at] = v.in();
                rejects.computeIfAbsent(t, k -> new double[n])[at] = 100 * ReportHtml.rounded(v.rejectRate());
            });
            p.ruleFailures().forEach((id, failed) -> rules.computeIfAbsent(id, k -> new double[n])[at] = failed);
        }
        // the runs' days, or their times when several fall on one day (a test, a re-run)
        boolean oneADay = labels.stream().map(l -> l.substring(0, 10)).distinct().count() == labels.size();
        labels.replaceAll(l -> oneADay ? l.substring(5, 10) : l.substring(11, Math.min(16, l.length())));
        Map<String, double[]> topRules = new LinkedHashMap<>();
        rules.entrySet().stream().filter(e -> sum(e.getValue()) > 0)
            .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -sum(e.getValue())))
            .limit(MOST_RULES).forEach(e -> topRules.put(e.getKey(), e.getValue()));
        return "<h2>Trend over the last " + n + " runs</h2>\n<p>Each point is a transformer run, oldest on the left, this run"
            + " on the right (labelled by start day, or by start time when several ran on one day).</p>\n"
            + chart("Records in per raw table", labels, volume, "%.0f")
            + chart("Reject rate per raw table (%)", labels, rejects, "%.1f")
            + chart("Failures per rule (the " + topRules.size() + " that failed most)", labels, topRules, "%.0f");
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    /** One line chart: a polyline (and dots) per series, y from 0 to the largest value, a legend on the right. */
    static String chart(String title, List<String> labels, Map<String, double[]> series, String format) {
        double max = 0;
        for (double[] v : series.values()) for (double x : v) max = Math.max(max, x);
        if (max == 0) max = 1;
        int n = labels.size();
        double plotW = W - LEFT - RIGHT, plotH = H - TOP - BOTTOM;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\""
            + " aria-label=\"%s\" style=\"font:11px sans-serif;display:block;margin:8px 0\">%n", W, H, ReportHtml.esc(title)));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"16\" style=\"font-weight:bold\">%s</text>%n", LEFT, ReportHtml.esc(title)));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\"/>%n", LEFT, TOP, LEFT, H - BOTTOM));
        s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%.0f\" y2=\"%d\" stroke=\"#999\"/>%n", LEFT, H - BOTTOM,
            LEFT + plotW, H - BOTTOM));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">" + format + "</text>%n", LEFT - 4, TOP + 4, max));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>%n", LEFT - 4, H - BOTTOM));
        for (int i = 0; i < n; i++) {
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", x(i, n, plotW), H - BOTTOM + 14,
                ReportHtml.esc(labels.get(i))));
        }
        int c = 0;
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            String color = COLORS[c % COLORS.length];
            StringBuilder points = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double y = TOP + plotH * (1 - e.getValue()[i] / max);
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(i, n, plotW), y));
                s.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"><title>%s: " + format
                    + "</title></circle>%n", x(i, n, plotW), y, color, ReportHtml.esc(e.getKey()), e.getValue()[i]));
            }
            s.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", color,
                points.toString().trim()));
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>%n",
                W - RIGHT + 12, TOP + 14 * c - 8, color, W - RIGHT + 26, TOP + 14 * c + 1, ReportHtml.esc(e.getKey())));
            c++;
        }
        return s.append("</svg>\n").toString();
    }

    private static double x(int i, int n, double plotW) {
        return n == 1 ? LEFT + plotW / 2 : LEFT + 8 + (plotW - 16) * i / (n - 1);
    }
}
