package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.ExitCode;
import io.subtrack.common.json.Json;
import io.subtrack.generator.GeneratorCommand;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance, end to end: on generator output (default volumes) with its ground truth, the
 * transformer's self-score catches 100% of the injected defects, repairs at least 99% of the repairable ones to
 * the exact clean value and changes no clean value. A value read by policy that differs from its clean value is not
 * exact (it counts as wrong); cascades from expected rejections are reported apart.
 */
class GeneratorAcceptanceScoreTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(longs = {42, 7})
    void selfScoreOnGeneratorOutputMeetsTheAcceptance(long seed) throws Exception {
        Path raw = dir.resolve("raw.json");
        Path truth = dir.resolve("ground_truth.jsonl");
        assertEquals(ExitCode.OK, Cli.execute(new GeneratorCommand(), "--output", raw.toString(),
            "--ground-truth", truth.toString(), "--seed", Long.toString(seed)));
        assertEquals(ExitCode.OK, Cli.execute(new TransformerCommand(), "--input", raw.toString(),
            "--output", dir.resolve("cleaned.json").toString(), "--rejected", dir.resolve("rejected.json").toString(),
            "--report", dir.resolve("report").toString(), "--ground-truth", truth.toString()));
        JsonNode score = Json.MAPPER.readTree(dir.resolve("report.json").toFile()).get("ground_truth");
        assertTrue(score.get("injected").asLong() > 1000, score.toString());
        assertEquals(score.get("injected").asLong(), score.get("caught").asLong(),
            "every injected defect caught; missed: " + score.get("missed_examples"));
        long repairable = score.get("repairable").asLong();
        assertTrue(repairable > 500, score.toString());
        assertTrue(score.get("repaired_exact").asLong() >= Math.ceil(0.99 * repairable),
            "at least 99% of the repairable repaired exactly; not exact: " + score.get("not_repaired_exact_examples"));
        assertEquals(0, score.get("clean_values_changed").asLong(),
            "no clean value changed: " + score.get("clean_values_changed_examples"));
        // counted apart, visibly
        assertTrue(score.has("resolved_by_policy") && score.has("rejected_by_cascade") && score.has("wrong"));
    }
}
