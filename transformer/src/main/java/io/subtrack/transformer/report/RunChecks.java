package io.subtrack.transformer.report;

import io.subtrack.common.schema.RawTable;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks of a run against earlier runs, each with a warn and a fail level, in the transformer's threshold
 * family: a fail exits 3 after every output is written, a warn prints one line and is kept with the run's record.
 * Volume and reject rate are compared with the last earlier run of the same kind (a snapshot with a snapshot, a delta
 * with a delta: a delta's volume is the day's changes, not the source's size).
 */
public final class RunChecks {
    /** The levels; null: that level is off. */
    public record Levels(Double warnVolumeDrop, Double maxVolumeDrop, Double warnRejectRise, Double maxRejectRise,
                         Duration warnAge, Duration maxAge, String emptyTable) {}

    /** What the checks found: fails (exit 3) and warnings. */
    public record Findings(List<String> fails, List<String> warnings) {}

    private RunChecks() {}

    /**
     * @param today      this run's volumes per raw table
     * @param previous   the last earlier comparable run, or null
     * @param newest     the newest date_extraction the run read (the extract's date), or null
     */
    public static Findings evaluate(Map<String, QualityHistory.Volume> today, QualityHistory.Run previous, LocalDateTime newest,
                                    LocalDateTime now, Levels levels) {
        List<String> fails = new ArrayList<>(), warns = new ArrayList<>();
        if (previous != null) {
            for (RawTable t : RawTable.all()) {
                QualityHistory.Volume before = previous.tables().get(t.tableName());
                QualityHistory.Volume now1 = today.get(t.tableName());
                if (before == null || now1 == null || before.in() == 0) continue;
                if (now1.in() == 0 && !"off".equals(levels.emptyTable())) {
                    String m = "empty table: " + t.tableName() + " has no record in this run (" + before.in() + " in run " + previous.runId() + ")";
                    ("fail".equals(levels.emptyTable()) ? fails : warns).add(m);
                    continue;
                }
                double drop = 1 - (double) now1.in() / before.in();
                String volume = String.format(Locale.ROOT, "volume drop: %s %d records, %.1f %% fewer than run %s (%d)",
                    t.tableName(), now1.in(), 100 * drop, previous.runId(), before.in());
                level(drop, levels.maxVolumeDrop(), levels.warnVolumeDrop(), "--max-volume-drop", "--warn-volume-drop", volume, fails, warns);
                double rise = now1.rejectRate() - before.rejectRate();
                String rejects = String.format(Locale.ROOT, "reject-rate rise: %s %.2f %% quarantined, %.2f points above run %s (%.2f %%)",
                    t.tableName(), 100 * now1.rejectRate(), 100 * rise, previous.runId(), 100 * before.rejectRate());
                level(rise, levels.maxRejectRise(), levels.warnRejectRise(), "--max-reject-rate-rise", "--warn-reject-rate-rise",
                    rejects, fails, warns);
            }
        }
        if (newest != null) {
            Duration age = Duration.between(newest, now);
            String m = "freshness: the newest date_extraction (" + newest + ") is " + age.toHours() + " h old";
            if (levels.maxAge() != null && age.compareTo(levels.maxAge()) > 0) fails.add(m + " (--max-age " + levels.maxAge() + ")");
            else if (levels.warnAge() != null && age.compareTo(levels.warnAge()) > 0) warns.add(m + " (--warn-age " + levels.warnAge() + ")");
        }
        return new Findings(fails, warns);
    }

    private static void level(double value, Double fail, Double warn, String failOption, String warnOption, String message,
                              List<String> fails, List<String> warns) {
        if (fail != null && value >= fail) fails.add(message + String.format(Locale.ROOT, " (%s %.2f)", failOption, fail));
        else if (warn != null && value >= warn) warns.add(message + String.format(Locale.ROOT, " (%s %.2f)", warnOption, warn));
    }

    /** Today's volumes per raw table from the run's counts. */
    public static Map<String, QualityHistory.Volume> volumes(QualityStats stats) {
        Map<String, QualityHistory.Volume> m = new java.util.LinkedHashMap<>();
        stats.tables().forEach((t, c) -> m.put(t.tableName(), new QualityHistory.Volume(c.in, c.accepted, c.rejected + c.superseded)));
        return m;
    }
}
