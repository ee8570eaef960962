package io.subtrack.generator;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.cli.Progress;
import io.subtrack.common.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A generator run in a test directory, with its two files parsed. */
final class Generated {
    final Path output;
    final Path groundTruth;
    final RawDataGenerator.Result result;

    private Generated(Path output, Path groundTruth, RawDataGenerator.Result result) {
        this.output = output;
        this.groundTruth = groundTruth;
        this.result = result;
    }

    static Generated run(Path dir, long seed) throws IOException {
        return run(dir, seed, TableCounts.of(50, 20, 100, 200, 300, 400), GeneratorSettings.DEFAULT_DEFECT_RATE);
    }

    static Generated run(Path dir, long seed, TableCounts counts, double defectRate) throws IOException {
        return run(dir, seed, counts, defectRate, GeneratorSettings.defaultThreads());
    }

    static Generated run(Path dir, long seed, TableCounts counts, double defectRate, int threads) throws IOException {
        Path output = dir.resolve("raw_data_output.json");
        Path truth = dir.resolve("ground_truth.jsonl");
        GeneratorSettings settings = new GeneratorSettings(counts, seed, GeneratorSettings.DEFAULT_AS_OF, defectRate, output, truth, threads);
        Progress quiet = new Progress("test", 0, new PrintStream(OutputStream.nullOutputStream()), false);
        return new Generated(output, truth, new RawDataGenerator(settings).run(quiet));
    }

    /** Day {@code daily.day()}'s extract (its day-changes file beside the output as day_changes.json). */
    static Generated runDay(Path dir, long seed, TableCounts counts, DailyExtract daily, int threads) throws IOException {
        Path output = dir.resolve("raw_data_output.json");
        Path truth = dir.resolve("ground_truth.jsonl");
        DailyExtract withFile = new DailyExtract(daily.day(), daily.snapshot(), daily.changeRate(), daily.newRate(),
            daily.deleteRate(), dir.resolve("day_changes.json"));
        GeneratorSettings settings = new GeneratorSettings(counts, seed, GeneratorSettings.DEFAULT_AS_OF,
            GeneratorSettings.DEFAULT_DEFECT_RATE, output, truth, threads, withFile);
        Progress quiet = new Progress("test", 0, new PrintStream(OutputStream.nullOutputStream()), false);
        return new Generated(output, truth, new RawDataGenerator(settings).run(quiet));
    }

    Path dayChanges() {
        return output.resolveSibling("day_changes.json");
    }

    JsonNode tables() throws IOException {
        return Json.MAPPER.readTree(output.toFile());
    }

    List<JsonNode> truthEntries() throws IOException {
        List<JsonNode> entries = new ArrayList<>();
        for (String line : Files.readAllLines(groundTruth)) {
            if (!line.isEmpty()) entries.add(Json.MAPPER.readTree(line));
        }
        return entries;
    }
}
