package io.subtrack.common.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A consumer's summary says the lag left per partition; other stages' summaries are as they were. */
class StageSummaryTest {
    private static String print(StageSummary s) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.print(new PrintStream(out, true, StandardCharsets.UTF_8));
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void lagPerPartitionAndItsTotalInTheSummaryLine() {
        String out = print(new StageSummary("consumer-raw").in(3).out(3).lag(Map.of(0, 0L, 1, 12L, 2, 0L)));
        assertTrue(out.contains("  lag             : p0=0 p1=12 p2=0"), out);
        assertTrue(out.lines().anyMatch(l -> l.startsWith("SUMMARY stage=consumer-raw ") && l.endsWith(" lag=12")), out);
    }

    @Test
    void unknownLagIsSaidAndMinusOneInTheSummaryLine() {
        String out = print(new StageSummary("consumer-raw").lag(null));
        assertTrue(out.contains("lag             : unknown"), out);
        assertTrue(out.contains(" lag=-1"), out);
    }

    @Test
    void stagesThatDoNotConsumeReportNoLag() {
        String out = print(new StageSummary("producer-raw").in(1).out(1));
        assertFalse(out.contains("lag"), out);
    }

    @Test
    void figuresFollowTheSummaryLineInTheOrderGiven() {
        String out = print(new StageSummary("transformer").in(5).out(4).figure("wrong", 3).figure("evidence", 7));
        assertTrue(out.lines().anyMatch(l -> l.startsWith("SUMMARY stage=transformer in=5 out=4 ") && l.endsWith(" wrong=3 evidence=7")), out);
    }
}
