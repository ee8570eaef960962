package io.subtrack.transformer.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunChecksTest {
    private static final RunChecks.Levels DEFAULTS = new RunChecks.Levels(0.2, 0.5, 0.02, 0.05, Duration.ofDays(2), Duration.ofDays(3), "warn");
    private static final LocalDateTime NOW = LocalDateTime.of(2025, 6, 10, 12, 0);

    private static QualityHistory.Run before(long users, long quarantined) {
        return new QualityHistory.Run("r1", NOW.minusDays(1), "e1",
            Map.of("raw_User", new QualityHistory.Volume(users, users - quarantined, quarantined), "raw_Admin", new QualityHistory.Volume(10, 10, 0)),
            Map.of());
    }

    private static Map<String, QualityHistory.Volume> today(long users, long quarantined, long admins) {
        return Map.of("raw_User", new QualityHistory.Volume(users, users - quarantined, quarantined), "raw_Admin",
            new QualityHistory.Volume(admins, admins, 0));
    }

    @Test
    void aVolumeThatHalvesFailsAndAQuarterLessWarns() {
        RunChecks.Findings half = RunChecks.evaluate(today(500, 0, 10), before(1000, 0), null, NOW, DEFAULTS);
        assertEquals(1, half.fails().size(), half.toString());
        assertTrue(half.fails().get(0).startsWith("volume drop: raw_User 500 records, 50.0 % fewer"), half.fails().get(0));
        RunChecks.Findings quarter = RunChecks.evaluate(today(750, 0, 10), before(1000, 0), null, NOW, DEFAULTS);
        assertEquals(List.of(), quarter.fails());
        assertEquals(1, quarter.warnings().size(), quarter.toString());
        assertEquals(List.of(), RunChecks.evaluate(today(990, 0, 10), before(1000, 0), null, NOW, DEFAULTS).warnings());
    }

    @Test
    void aRejectRateRiseWarnsThenFails() {
        assertTrue(RunChecks.evaluate(today(1000, 30, 10), before(1000, 0), null, NOW, DEFAULTS).warnings().get(0).startsWith("reject-rate rise"));
        assertTrue(RunChecks.evaluate(today(1000, 60, 10), before(1000, 0), null, NOW, DEFAULTS).fails().get(0).startsWith("reject-rate rise"));
    }

    @Test
    void anEmptyTableAndAnOldExtractAreSaid() {
        RunChecks.Findings f = RunChecks.evaluate(today(1000, 0, 0), before(1000, 0), NOW.minusDays(4), NOW, DEFAULTS);
        assertTrue(f.warnings().stream().anyMatch(w -> w.startsWith("empty table: raw_Admin")), f.toString());
        assertTrue(f.fails().stream().anyMatch(w -> w.startsWith("freshness")), f.toString());
        RunChecks.Findings off = RunChecks.evaluate(today(1000, 0, 0), null, null, NOW,
            new RunChecks.Levels(null, null, null, null, null, null, "off"));
        assertEquals(List.of(), off.fails());
        assertEquals(List.of(), off.warnings());
    }

    @Test
    void aChartDrawsAPointPerRunForEverySeries() {
        String svg = TrendCharts.chart("t", List.of("a", "b", "c"), Map.of("x", new double[] {1, 2, 3}, "y", new double[] {3, 2, 1}), "%.0f");
        assertEquals(2, svg.split("<polyline").length - 1);
        assertEquals(6, svg.split("<circle").length - 1);
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    }
}
