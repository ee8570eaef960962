package io.subtrack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.subtrack.common.pipeline.PipelineStages;
import java.util.HashSet;
import org.junit.jupiter.api.Test;

class StageStepsTest {
    /** A stage added to the declaration without a bench step (or a step left for a stage no longer declared) fails here. */
    @Test
    void theBenchHasAStepForEveryDeclaredStageAndNoOther() {
        assertEquals(new HashSet<>(PipelineStages.stageNames()), StageSteps.stagesWithAStep());
    }

    @Test
    void aChildsSummaryDetailsPeakRssAndCpuAreRead() {
        ChildRun r = new ChildRun();
        for (String line : new String[] {"some log line", "SUMMARY stage=transformer in=120 out=100 rejected=20 seconds=1.50 rps=80",
            "  new             : 90", "PEAK_RSS_KB=20480", "CPU_MS=3100"}) {
            ChildJvms.read(line, r);
        }
        assertEquals(120, r.in);
        assertEquals(100, r.out);
        assertEquals(20, r.rejected);
        assertEquals(1.5, r.seconds);
        assertEquals(80.0, r.rps());
        assertEquals("90", r.details.get("new"));
        assertEquals(20480, r.peakKb);
        assertEquals(3100, r.cpuMs);
    }

    @Test
    void aBaselineCountsItsRecordsAsInAndOut() {
        ChildRun r = new ChildRun();
        ChildJvms.read("BASELINE records=500 seconds=2.0", r);
        assertEquals(500, r.in);
        assertEquals(500, r.out);
        assertEquals(250.0, r.rps());
    }
}
