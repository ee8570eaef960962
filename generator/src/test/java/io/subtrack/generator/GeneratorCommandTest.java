package io.subtrack.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.ExitCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorCommandTest {

    @TempDir
    Path dir;

    private int run(String... args) {
        return Cli.execute(new GeneratorCommand(), args);
    }

    @Test
    void writesBothFilesAndExitsZero() throws IOException {
        Path out = dir.resolve("out/raw.json");
        assertEquals(ExitCode.OK, run("--scale", "0.2", "--seed", "7", "-o", out.toString()));
        assertTrue(Files.size(out) > 0);
        assertTrue(Files.size(dir.resolve("out/ground_truth.jsonl")) > 0);
        assertEquals(2, listing(dir.resolve("out")), "no temporary file left behind");
    }

    @Test
    void dayTwoWritesTheDayChangesFileBesideTheOthers() throws IOException {
        Path out = dir.resolve("day2/raw.json");
        assertEquals(ExitCode.OK, run("--scale", "0.2", "--day", "2", "--extract-mode", "delta", "-o", out.toString()));
        assertTrue(Files.readString(dir.resolve("day2/day_changes.json")).startsWith("{\"day\":2,"));
        assertEquals(3, listing(dir.resolve("day2")), "raw file, ground truth and day changes, no temporary file");
    }

    @Test
    void badDailyOptionsAreUsageErrors() {
        String out = dir.resolve("raw.json").toString();
        assertEquals(ExitCode.USAGE, run("--day", "0", "-o", out));
        assertEquals(ExitCode.USAGE, run("--day", "2", "--extract-mode", "incremental", "-o", out));
        assertEquals(ExitCode.USAGE, run("--day", "2", "--daily-change-rate", "1.5", "-o", out));
        assertEquals(ExitCode.USAGE, run("--day", "2", "--day-changes", out, "-o", out));
        assertFalse(Files.exists(dir.resolve("raw.json")));
    }

    @Test
    void badCountsAndValuesAreUsageErrors() {
        String out = dir.resolve("raw.json").toString();
        assertEquals(ExitCode.USAGE, run("--users", "-5", "-o", out));
        assertEquals(ExitCode.USAGE, run("--payments", "0", "-o", out));
        assertEquals(ExitCode.USAGE, run("--users", "5000000000", "-o", out));
        assertEquals(ExitCode.USAGE, run("--scale", "0", "-o", out));
        assertEquals(ExitCode.USAGE, run("--scale", "1e9", "-o", out));
        assertEquals(ExitCode.USAGE, run("--defect-rate", "1.5", "-o", out));
        assertEquals(ExitCode.USAGE, run("--as-of", "yesterday", "-o", out));
        assertEquals(ExitCode.USAGE, run("--users", "lots", "-o", out));
        assertEquals(ExitCode.USAGE, run("--no-such-option"));
        assertEquals(ExitCode.USAGE, run("-o", out, "--ground-truth", out));
        assertFalse(Files.exists(dir.resolve("raw.json")));
    }

    @Test
    void anUnwritablePathFailsWithExitOneAndLeavesNothing() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        assertEquals(ExitCode.FAILED, run("-o", notADirectory.resolve("raw.json").toString()));
        assertEquals(1, listing(dir));
    }

    @Test
    void aFailingGroundTruthPathLeavesNoOutputUnderItsFinalName() throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("plain-file"), "x");
        Path out = dir.resolve("raw.json");
        assertEquals(ExitCode.FAILED, run("-o", out.toString(), "--ground-truth", notADirectory.resolve("gt.jsonl").toString()));
        assertFalse(Files.exists(out));
        assertEquals(1, listing(dir), "temporary output removed");
    }

    private static long listing(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.count();
        }
    }
}
