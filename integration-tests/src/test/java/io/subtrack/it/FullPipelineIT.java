package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.json.TableFileReader;
import io.subtrack.common.pipeline.PipelineProgram;
import io.subtrack.common.pipeline.PipelineStages;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The declared stages ({@link PipelineStages}) end to end, in their order, on a dev broker in this JVM and the
 * dev-db PostgreSQL server: counts followed from the generated file to the raw tables to the processed tables,
 * every raw record accounted for as loaded or quarantined; then the whole chain again, changing nothing.
 * Each analytics view equals the figure computed here from cleaned_data_output.json.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmbeddedStackExtension.class)
class FullPipelineIT {
    @TempDir static Path dir;
    static EmbeddedStack stack;
    static String db;
    static Path raw;
    static Path truth;
    static Path cleaned;
    static Path rejected;
    static Path report;

    @BeforeAll
    static void start(EmbeddedStack started) throws Exception {
        stack = started;
        db = stack.jdbcUrl("pipeline");
        raw = dir.resolve(PipelineStages.stage("generator").writes().name());
        truth = dir.resolve("ground_truth.jsonl");
        cleaned = dir.resolve(PipelineStages.stage("transformer").writes().name());
        rejected = dir.resolve("rejected_records.json");
        report = dir.resolve("quality-report");
    }


    /** Runs the declared stages in their order; returns each stage's run. */
    static Map<String, EmbeddedStack.Run> runPipeline() {
        Map<String, EmbeddedStack.Run> runs = new LinkedHashMap<>();
        for (PipelineProgram stage : PipelineStages.stages()) {
            runs.put(stage.name(), ok(EmbeddedStack.run(stage.newCommand(), arguments(stage.name(), runs))));
        }
        return runs;
    }

    /** A stage's arguments on this test's stack and files; the consumers read as many messages as their producer wrote. */
    static String[] arguments(String stage, Map<String, EmbeddedStack.Run> before) {
        String bs = stack.bootstrap();
        return switch (stage) {
            case "generator" -> new String[] {"--output", raw.toString(), "--ground-truth", truth.toString()};
            case "producer-raw" -> new String[] {"--bootstrap-server", bs, "--input", raw.toString()};
            case "consumer-raw" -> new String[] {"--bootstrap-server", bs, "--jdbc-url", db,
                "--max-messages", String.valueOf(before.get("producer-raw").summary("out")), "--idle-timeout", "3s"};
            case "transformer" -> new String[] {"--jdbc-url", db, "--output", cleaned.toString(), "--rejected", rejected.toString(),
                "--report", report.toString(), "--ground-truth", truth.toString()};
            case "producer-processed" -> new String[] {"--bootstrap-server", bs, "--input", cleaned.toString()};
            case "consumer-processed" -> new String[] {"--bootstrap-server", bs, "--jdbc-url", db,
                "--max-messages", String.valueOf(before.get("producer-processed").summary("out")), "--idle-timeout", "3s"};
            default -> throw new AssertionError("FullPipelineIT has no arguments for the declared stage " + stage);
        };
    }

    static EmbeddedStack.Run ok(EmbeddedStack.Run run) {
        assertEquals(0, run.exitCode(), run.output());
        return run;
    }

    static Map<String, Long> countsInFile(Path file) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        try (TableFileReader r = new TableFileReader(file, t -> true)) {
            TableFileReader.Entry e;
            while ((e = r.next()) != null) counts.merge(e.table(), 1L, Long::sum);
        }
        return counts;
    }

    static Map<String, Long> tableCounts(Iterable<String> tables) throws Exception {
        Map<String, Long> counts = new TreeMap<>();
        for (String t : tables) counts.put(t, stack.count("pipeline", t));
        return counts;
    }

    static Iterable<String> rawNames() {
        return RawTable.all().stream().map(RawTable::tableName).toList();
    }

    static Iterable<String> processedNames() {
        return java.util.Arrays.stream(ProcessedTable.values()).map(ProcessedTable::tableName).toList();
    }

    @Test
    @Order(1)
    void everyRecordIsFollowedFromTheFileToTheProcessedTables() throws Exception {
        runPipeline();

        Map<String, Long> generated = countsInFile(raw);
        assertEquals(12, generated.size());
        assertEquals(generated, tableCounts(rawNames()), "raw tables hold every generated record");

        JsonNode rep = Json.MAPPER.readTree(Files.readString(Path.of(report + ".json")));
        long quarantined = 0;
        for (RawTable t : RawTable.all()) {
            JsonNode c = rep.get("raw_tables").get(t.tableName());
            long in = c.get("in").asLong();
            assertEquals(generated.get(t.tableName()), in, t.tableName() + " read by the transformer");
            assertEquals(in, c.get("out").asLong() + c.get("rejected").asLong() + c.get("superseded").asLong(),
                t.tableName() + ": in = out + rejected + superseded");
            quarantined += c.get("rejected").asLong() + c.get("superseded").asLong();
        }
        JsonNode rejectedRecords = Json.MAPPER.readTree(rejected.toFile());
        long inRejectedFile = 0;
        for (JsonNode x : rejectedRecords.isArray() ? rejectedRecords : iterableOfArrays(rejectedRecords)) inRejectedFile++;
        assertEquals(quarantined, inRejectedFile, "every quarantined record is in rejected_records.json");

        Map<String, Long> inCleaned = countsInFile(cleaned);
        assertEquals(inCleaned, tableCounts(processedNames()), "processed tables hold every cleaned row");
        for (ProcessedTable t : ProcessedTable.values()) {
            assertEquals(rep.get("processed_tables").get(t.tableName()).asLong(), inCleaned.get(t.tableName()), t.tableName());
            assertTrue(inCleaned.get(t.tableName()) > 0, t.tableName() + " is not empty");
        }

        String cleanedText = Files.readString(cleaned);
        String rejectedText = Files.readString(rejected);
        for (String out : new String[] {cleanedText, rejectedText}) {
            assertFalse(out.contains("motsDePasse"), "no password field in any output");
            assertFalse(Pattern.compile("\\d{13,19}").matcher(out.replaceAll("\"[0-9a-f]{64}\"", "")).find(),
                "no card number of more than four digits");
        }
    }

    private static Iterable<JsonNode> iterableOfArrays(JsonNode byTable) {
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        byTable.elements().forEachRemaining(a -> a.elements().forEachRemaining(all::add));
        return all;
    }

    @Test
    @Order(2)
    void theAnalyticsViewsEqualTheFiguresComputedFromTheCleanedFile() throws Exception {
        try (Connection c = stack.db("pipeline")) {
            AnalyticsFigures.assertViewsEqualTheCleanedFile(c, cleaned);
        }
    }

    @Test
    @Order(3)
    void aSecondRunChangesNoCount() throws Exception {
        Map<String, Long> rawBefore = tableCounts(rawNames());
        Map<String, Long> processedBefore = tableCounts(processedNames());
        Map<String, EmbeddedStack.Run> runs = runPipeline();
        assertEquals(rawBefore, tableCounts(rawNames()), "the same records are not stored twice");
        assertEquals(processedBefore, tableCounts(processedNames()));
        assertEquals(0, runs.get("consumer-raw").summary("out"), "every record of the second run is known");
    }
}
