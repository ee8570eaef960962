package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.ExitCode;
import io.subtrack.common.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Behaviour unchanged: the transformer's outputs on two fixed inputs, byte for byte, against files
 * written by the code before the declarations drove it. The inputs are the shared fixture and a generator file
 * (seed 42, default volumes) kept under golden/ so that a change in the generator cannot move this test. The
 * ground-truth score of the generated file is compared too: the scorer is part of what was refactored.
 * A deliberate change of output regenerates the files with -Dgolden.write=true and says why in its commit.
 */
class GoldenOutputTest {
    private static final Path GOLDEN = Paths.get("src/test/resources/golden");
    private static final boolean WRITE = Boolean.getBoolean("golden.write");

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"fixture", "generated"})
    void outputsAreByteForByteTheGoldenOnes(String name) throws Exception {
        Path input = name.equals("fixture") ? Fixtures.rawSample() : GOLDEN.resolve("generated/raw.json");
        Path out = dir.resolve(name);
        Files.createDirectories(out);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--input", input.toString(),
            "--output", out.resolve("cleaned.json").toString(), "--rejected", out.resolve("rejected.json").toString(),
            "--repairs", out.resolve("repairs.jsonl").toString(), "--report", out.resolve("report").toString()));
        Path truth = GOLDEN.resolve("generated/ground_truth.jsonl");
        if (WRITE && name.equals("generated") && !Files.exists(input)) {
            Files.createDirectories(input.getParent());
            assertEquals(ExitCode.OK, Cli.execute(new io.subtrack.generator.GeneratorCommand(), "--output", input.toString(),
                "--ground-truth", truth.toString(), "--seed", "42"));
        }
        boolean scored = name.equals("generated");
        if (scored) args.addAll(java.util.List.of("--ground-truth", truth.toString()));
        assertEquals(ExitCode.OK, Cli.execute(new TransformerCommand(), args.toArray(String[]::new)));
        if (scored) {
            // the report holds durations; its score section is deterministic
            String score = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(
                Json.MAPPER.readTree(out.resolve("report.json").toFile()).get("ground_truth")) + "\n";
            Files.writeString(out.resolve("score.json"), score, StandardCharsets.UTF_8);
        }
        for (String file : scored ? new String[] {"cleaned.json", "rejected.json", "repairs.jsonl", "score.json"}
                                  : new String[] {"cleaned.json", "rejected.json", "repairs.jsonl"}) {
            Path golden = GOLDEN.resolve(name).resolve(file);
            if (WRITE) {
                Files.createDirectories(golden.getParent());
                Files.copy(out.resolve(file), golden, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            byte[] expected = Files.readAllBytes(golden);
            byte[] actual = Files.readAllBytes(out.resolve(file));
            assertEquals(new String(expected, StandardCharsets.UTF_8), new String(actual, StandardCharsets.UTF_8),
                name + "/" + file + " differs from the golden output");
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, name + "/" + file);
        }
    }
}
