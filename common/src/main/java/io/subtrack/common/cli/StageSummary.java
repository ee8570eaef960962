package io.subtrack.common.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one-screen summary every stage prints at the end, and the machine-readable line
 * ({@code SUMMARY stage=... in=... out=...}) that bin/run-pipeline collects.
 */
public final class StageSummary {
    private final String stage;
    private final long startNanos = System.nanoTime();
    private long in;
    private long out;
    private long rejected;
    private final Map<String, String> details = new LinkedHashMap<>();
    /** Consumers: per partition, the records of the topic not loaded at exit; null: not a consumer, or unknown. */
    private java.util.SortedMap<Integer, Long> lag;
    private boolean reportsLag;
    /** Further machine-readable figures of the SUMMARY line (e.g. the transformer's wrong values), in order. */
    private final Map<String, Long> figures = new LinkedHashMap<>();
    private long endNanos;

    public StageSummary(String stage) {
        this.stage = stage;
    }

    public StageSummary in(long n) { this.in = n; return this; }
    public StageSummary out(long n) { this.out = n; return this; }
    public StageSummary rejected(long n) { this.rejected = n; return this; }
    public StageSummary detail(String key, Object value) { details.put(key, String.valueOf(value)); return this; }

    /** A figure for the SUMMARY line as {@code key=value}; keys are plain words, ours. */
    public StageSummary figure(String key, long value) { figures.put(key, value); return this; }

    /**
     * A consumer's lag at exit, per partition (null: unknown, the broker or database did not answer):
     * a detail line {@code lag: p0=0 p1=0 p2=0} and {@code lag=<total>} in the SUMMARY line (-1: unknown).
     */
    public StageSummary lag(Map<Integer, Long> perPartition) {
        this.reportsLag = true;
        this.lag = perPartition == null ? null : new java.util.TreeMap<>(perPartition);
        return this;
    }

    /** The total lag at exit; -1 when unknown or not reported. */
    public long lagTotal() {
        if (lag == null) return -1;
        return lag.values().stream().mapToLong(Long::longValue).sum();
    }

    public long in() { return in; }
    public long out() { return out; }
    public long rejected() { return rejected; }

    public StageSummary finish() {
        endNanos = System.nanoTime();
        return this;
    }

    public double seconds() {
        long end = endNanos == 0 ? System.nanoTime() : endNanos;
        return (end - startNanos) / 1e9;
    }

    public double recordsPerSecond() {
        double s = seconds();
        return s <= 0 ? 0 : in / s;
    }

    public void print(PrintStream ps) {
        if (endNanos == 0) finish();
        io.subtrack.common.run.RunRecorder.current().summary(this);
        ps.println();
        ps.println("== " + stage + " summary ==");
        ps.printf(Locale.ROOT, "  records in      : %,d%n", in);
        ps.printf(Locale.ROOT, "  records out     : %,d%n", out);
        ps.printf(Locale.ROOT, "  records rejected: %,d%n", rejected);
        for (Map.Entry<String, String> e : details.entrySet()) {
            ps.printf(Locale.ROOT, "  %-16s: %s%n", e.getKey(), e.getValue());
        }
        if (reportsLag) {
            StringBuilder sb = new StringBuilder();
            if (lag == null) {
                sb.append("unknown");
            } else {
                for (Map.Entry<Integer, Long> e : lag.entrySet()) {
                    if (sb.length() > 0) sb.append(' ');
                    sb.append('p').append(e.getKey()).append('=').append(e.getValue());
                }
                if (lag.isEmpty()) sb.append("none");
            }
            ps.printf(Locale.ROOT, "  %-16s: %s%n", "lag", sb);
        }
        ps.printf(Locale.ROOT, "  duration        : %.2f s%n", seconds());
        ps.printf(Locale.ROOT, "  records/second  : %,.0f%n", recordsPerSecond());
        StringBuilder more = new StringBuilder(reportsLag ? " lag=" + lagTotal() : "");
        figures.forEach((k, v) -> more.append(' ').append(k).append('=').append(v));
        ps.printf(Locale.ROOT, "SUMMARY stage=%s in=%d out=%d rejected=%d seconds=%.3f rps=%.0f%s%n",
            stage, in, out, rejected, seconds(), recordsPerSecond(), more);
        ps.flush();
    }
}
