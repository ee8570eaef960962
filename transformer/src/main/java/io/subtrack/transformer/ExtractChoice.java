package io.subtrack.transformer;

import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.extract.ExtractDates;
import io.subtrack.common.extract.ExtractRegistry;
import io.subtrack.transformer.report.QualityHistory;
import java.sql.Connection;
import java.util.List;

/**
 * Which extract a daily run transforms (the skipped ones marked done first), and which earlier run it is judged
 * against; the transformer's CLI asks, this decides.
 */
final class ExtractChoice {
    private ExtractChoice() {}

    /**
     * The extract this run transforms: the one asked for, else the oldest complete one not transformed yet; null when
     * there is none, or when it is older than one already applied (a replayed old day: marked done, nothing applied).
     */
    static ExtractRegistry.Registered choose(Connection c, ExtractRegistry registry, List<ExtractRegistry.Registered> extracts,
                                             String extractId, List<String> skipExtracts) throws Exception {
        for (String skip : skipExtracts) {
            ExtractRegistry.Registered r = registry.find(c, skip);
            if (r == null) throw new StageFailure("--skip-extract " + skip + ": no such extract in the raw database");
            if (r.transformedAt() == null) {
                registry.markTransformed(c, skip);
                io.subtrack.common.run.RunRecorder.current().note("skipped extract " + skip);
                System.out.println("transformer: extract " + skip + " skipped: marked done, nothing applied");
            }
        }
        if (!skipExtracts.isEmpty()) extracts = registry.all(c);
        ExtractRegistry.Registered chosen = null;
        ExtractRegistry.Registered newestDone = null;
        int waiting = 0;
        for (ExtractRegistry.Registered r : extracts) {
            if (r.transformedAt() != null) newestDone = r;
            boolean asked = extractId != null && r.extract().id().equals(extractId);
            if (asked || (extractId == null && r.transformedAt() == null && r.complete() && chosen == null)) chosen = r;
            else if (r.transformedAt() == null && r.complete()) waiting++;
        }
        if (extractId != null && chosen == null) throw new StageFailure("--extract-id " + extractId + ": no such extract in the raw database");
        if (chosen == null) {
            System.out.println("transformer: nothing to transform: every complete extract is transformed"
                + (newestDone == null ? "" : " (newest " + newestDone.extract().id() + ")"));
            return null;
        }
        if (!chosen.complete()) {
            throw new StageFailure("extract " + chosen.extract().id() + " is not complete: " + chosen.partitionsLoaded() + " of "
                + chosen.extract().partitions() + " partitions' end markers loaded; let consumer-raw read the whole extract first");
        }
        if (chosen.transformedAt() != null || (newestDone != null && chosen.extract().date().isBefore(newestDone.extract().date()))) {
            System.out.println("transformer: extract " + chosen.extract().id() + " (" + ExtractDates.format(chosen.extract().date())
                + ") is " + (chosen.transformedAt() != null ? "already transformed" : "older than the newest applied extract "
                + newestDone.extract().id() + " (" + ExtractDates.format(newestDone.extract().date()) + ")")
                + ": a replayed day; nothing applied (newer always wins)");
            if (chosen.transformedAt() == null) registry.markTransformed(c, chosen.extract().id());
            return null;
        }
        if (waiting > 0) System.out.println("transformer: " + waiting + " more extract(s) wait after this one: run the transformer again");
        return chosen;
    }

    /** The last earlier run of the same kind: an extract of the same mode (a full run with a full run). */
    static QualityHistory.Run comparableRun(List<QualityHistory.Run> history, ExtractRegistry.Registered day,
                                                 ExtractRegistry registry, Connection c) throws Exception {
        java.util.Map<String, io.subtrack.common.extract.ExtractMode> modes = new java.util.HashMap<>();
        if (registry != null) for (ExtractRegistry.Registered r : registry.all(c)) modes.put(r.extract().id(), r.extract().mode());
        io.subtrack.common.extract.ExtractMode mode = day == null ? null : day.extract().mode();
        for (int i = history.size() - 1; i >= 0; i--) {
            QualityHistory.Run r = history.get(i);
            if (java.util.Objects.equals(mode, r.extractId() == null ? null : modes.get(r.extractId()))) return r;
        }
        return null;
    }
}
