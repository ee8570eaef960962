package io.subtrack.transformer.report;

import java.util.List;
import java.util.Map;

/**
 * The ground-truth score's figures, typed: what the report's JSON, its HTML page and the run's summary line render.
 * Rates are rounded to four decimals, as every rendering shows them.
 */
public record ScoreFigures(long injected, long caught, double caughtRate, long repairable, long repairedExact,
                           double repairedExactRate, long missed, long resolvedByPolicy, DecisionTally decisions,
                           long rejectedByCascade, long cleanValuesChanged, Map<String, Long> cleanValuesChangedByRule,
                           List<String> cleanValuesChangedExamples, List<String> missedExamples,
                           List<String> notRepairedExactExamples, Map<String, GroundTruthScorer.KindScore> byKind) {
}
