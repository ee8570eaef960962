package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.ExitCode;
import io.subtrack.common.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command's wiring: outputs, exit codes, thresholds. */
class TransformerCommandTest {
    @TempDir
    Path dir;

    private int run(String... extra) {
        String[] base = {"--input", Fixtures.rawSample().toString(), "--output", dir.resolve("cleaned.json").toString(),
            "--rejected", dir.resolve("rejected.json").toString(), "--report", dir.resolve("quality-report").toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return Cli.execute(new TransformerCommand(), args);
    }

    @Test
    void writesEveryOutputAndExitsZero() throws Exception {
        assertEquals(ExitCode.OK, run());
        assertTrue(Files.size(dir.resolve("cleaned.json")) > 0);
        assertTrue(Files.size(dir.resolve("rejected.json")) > 0);
        String html = Files.readString(dir.resolve("quality-report.html"));
        assertTrue(html.contains("<svg") && html.contains("raw_Paiement") && !html.contains("<script"));
        var report = Json.MAPPER.readTree(dir.resolve("quality-report.json").toFile());
        assertEquals(1670, report.get("totals").get("raw_records_in").asInt());
        try (var files = Files.list(dir)) {
            assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".partial")), "no temporary file left behind");
        }
    }

    @Test
    void theRepairLogSitsBesideTheCleanedFileAndTheReportLinksIt() throws Exception {
        assertEquals(ExitCode.OK, run());
        var report = Json.MAPPER.readTree(dir.resolve("quality-report.json").toFile());
        assertEquals("repairs.jsonl", report.get("repair_log").get("file").asText());
        assertEquals(Files.readAllLines(dir.resolve("repairs.jsonl")).size(), report.get("repair_log").get("lines").asLong());
        assertTrue(Files.readString(dir.resolve("quality-report.html")).contains("<a href=\"repairs.jsonl\">"));
        // elsewhere by --repairs: the report names it relative to itself
        assertEquals(ExitCode.OK, Cli.execute(new TransformerCommand(), "--input", Fixtures.rawSample().toString(),
            "--output", dir.resolve("c2.json").toString(), "--rejected", dir.resolve("r2.json").toString(),
            "--repairs", dir.resolve("logs/r.jsonl").toString(), "--report", dir.resolve("out/q").toString()));
        var moved = Json.MAPPER.readTree(dir.resolve("out/q.json").toFile());
        assertTrue(Files.exists(dir.resolve("out").resolve(moved.get("repair_log").get("file").asText())), moved.get("repair_log").toString());
    }

    @Test
    void exceedingAThresholdExitsThreeAfterWritingEverything() throws Exception {
        assertEquals(ExitCode.THRESHOLD_EXCEEDED, run("--max-reject-rate-table", "raw_utilisateur_abonement=0.005"));
        assertTrue(Files.exists(dir.resolve("cleaned.json")));
        assertTrue(Files.exists(dir.resolve("quality-report.html")));
        var report = Json.MAPPER.readTree(dir.resolve("quality-report.json").toFile());
        assertTrue(report.get("threshold_violations").get(0).asText().startsWith("raw_utilisateur_abonement reject rate"));
        assertEquals(ExitCode.THRESHOLD_EXCEEDED, run("--max-reject-rate", "0.001"));
        assertEquals(ExitCode.OK, run("--max-reject-rate", "0.5", "--max-reject-rate-table", "raw_utilisateur_abonement=0.5"));
    }

    @Test
    void badUsageExitsTwoAndMissingInputExitsOne() {
        assertEquals(ExitCode.USAGE, run("--max-reject-rate-table", "raw_Nope=0.1"));
        assertEquals(ExitCode.USAGE, run("--max-reject-rate", "7"));
        assertEquals(ExitCode.FAILED, Cli.execute(new TransformerCommand(), "--input", dir.resolve("absent.json").toString(),
            "--output", dir.resolve("c.json").toString()));
        assertFalse(Files.exists(dir.resolve("c.json")));
    }
}
