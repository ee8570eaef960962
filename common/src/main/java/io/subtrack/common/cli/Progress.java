package io.subtrack.common.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of long work: a redrawn bar on a terminal, a log line every few seconds otherwise.
 * Cheap to call per record: it only looks at the clock every 4096 calls.
 */
public final class Progress implements AutoCloseable {
    private static final long LOG_INTERVAL_NANOS = 5_000_000_000L;
    private static final long BAR_INTERVAL_NANOS = 200_000_000L;

    private final String label;
    private final long total;
    private final PrintStream out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastPrint = start;
    private long count;
    private boolean drewBar;

    public Progress(String label, long total) {
        this(label, total, System.err, System.console() != null);
    }

    public Progress(String label, long total, PrintStream out, boolean terminal) {
        this.label = label;
        this.total = total;
        this.out = out;
        this.terminal = terminal;
    }

    public void step() {
        if ((++count & 4095) == 0) maybePrint();
    }

    public void stepBy(long n) {
        count += n;
        maybePrint();
    }

    private void maybePrint() {
        long now = System.nanoTime();
        long interval = terminal ? BAR_INTERVAL_NANOS : LOG_INTERVAL_NANOS;
        if (now - lastPrint < interval) return;
        lastPrint = now;
        double secs = (now - start) / 1e9;
        double rate = secs > 0 ? count / secs : 0;
        if (terminal) {
            if (total > 0) {
                int width = 30;
                int filled = (int) Math.min(width, width * count / total);
                out.printf(Locale.ROOT, "\r%s [%s%s] %,d/%,d %,.0f/s", label, "#".repeat(filled),
                    " ".repeat(width - filled), count, total, rate);
            } else {
                out.printf(Locale.ROOT, "\r%s %,d %,.0f/s", label, count, rate);
            }
            drewBar = true;
        } else {
            out.printf(Locale.ROOT, "[%s] %,d records, %,.0f records/s, %.0f s%n", label, count, rate, secs);
        }
        out.flush();
    }

    @Override
    public void close() {
        if (drewBar) {
            out.println();
            out.flush();
        }
    }
}
