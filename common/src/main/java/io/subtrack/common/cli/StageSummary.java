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
    private long endNanos;

    public StageSummary(String stage) {
        this.stage = stage;
    }

    public StageSummary in(long n) { this.in = n; return this; }
    public StageSummary out(long n) { this.out = n; return this; }
    public StageSummary rejected(long n) { this.rejected = n; return this; }
    public StageSummary detail(String key, Object value) { details.put(key, String.valueOf(value)); return this; }

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
        ps.println();
        ps.println("== " + stage + " summary ==");
        ps.printf(Locale.ROOT, "  records in      : %,d%n", in);
        ps.printf(Locale.ROOT, "  records out     : %,d%n", out);
        ps.printf(Locale.ROOT, "  records rejected: %,d%n", rejected);
        for (Map.Entry<String, String> e : details.entrySet()) {
            ps.printf(Locale.ROOT, "  %-16s: %s%n", e.getKey(), e.getValue());
        }
        ps.printf(Locale.ROOT, "  duration        : %.2f s%n", seconds());
        ps.printf(Locale.ROOT, "  records/second  : %,.0f%n", recordsPerSecond());
        ps.printf(Locale.ROOT, "SUMMARY stage=%s in=%d out=%d rejected=%d seconds=%.3f rps=%.0f%n",
            stage, in, out, rejected, seconds(), recordsPerSecond());
        ps.flush();
    }
}
