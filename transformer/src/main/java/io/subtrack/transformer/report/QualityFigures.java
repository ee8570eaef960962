package io.subtrack.transformer.report;

import io.subtrack.transformer.RepairLog;
import java.util.List;

/**
 * The data-quality report's figures, typed: the run's counts (QualityStats), the repair log's, the thresholds missed,
 * the ground-truth score and, for a command's run, what identifies it, its warnings and its trend. The JSON report
 * (ReportJson), the HTML page (ReportHtml) and the summary line render this object; none reads another's output.
 *
 * @param repairLog null: no repair-log section
 * @param score null: no ground truth given
 * @param run null: not a command's run (a test's)
 * @param warnings null: no warnings section
 * @param trend null: no history to draw; else the runs oldest first, this one last
 */
public record QualityFigures(QualityStats stats, RepairLog.Counts repairLog, List<String> thresholdViolations, ScoreFigures score,
                             RunInfo run, List<String> warnings, List<QualityHistory.Run> trend) {
    /** What identifies a command's run; the extract fields are null for a run that is not a daily extract's. */
    public record RunInfo(String runId, String writtenAt, String extractId, String extractMode, String extractDate) {}

    /** A run's counts alone, as a test reports them. */
    public static QualityFigures of(QualityStats stats, GroundTruthScorer scorer, List<String> thresholdViolations) {
        return new QualityFigures(stats, null, thresholdViolations, scorer == null ? null : scorer.figures(), null, null, null);
    }
}
