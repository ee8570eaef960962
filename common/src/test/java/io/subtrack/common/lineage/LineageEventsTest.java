package io.subtrack.common.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events written through the JSON-lines file transport, read back and checked against the spec. */
class LineageEventsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    LineageOptions toDir(Path dir) {
        LineageOptions o = LineageOptions.toDirectory(dir);
        o.warnings = new PrintStream(err, true, StandardCharsets.UTF_8);
        return o;
    }

    static List<JsonNode> events(Path dir) throws Exception {
        List<JsonNode> all = new ArrayList<>();
        if (!Files.isDirectory(dir)) return all;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                assertTrue(f.getFileName().toString().matches("lineage-\\d{4}-\\d{2}-\\d{2}\\.jsonl"), f.toString());
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) all.add(JSON.readTree(line));
            }
        }
        return all;
    }

    /** What the spec requires of every run event, and of every facet in it. */
    static void assertRunEvent(JsonNode e, String type, String job) {
        assertEquals(type, e.path("eventType").asText());
        OffsetDateTime.parse(e.path("eventTime").asText()); // ISO-8601 with offset
        UUID.fromString(e.path("run").path("runId").asText());
        assertEquals("subtrack", e.path("job").path("namespace").asText());
        assertEquals(job, e.path("job").path("name").asText());
        assertEquals(LineageRun.PRODUCER.toString(), e.path("producer").asText());
        assertTrue(e.path("schemaURL").asText().matches("https://openlineage\\.io/spec/\\d+-\\d+-\\d+/OpenLineage\\.json#/\\$defs/RunEvent"),
            e.path("schemaURL").asText());
        assertFacets(e);
    }

    /** Every object holding "_producer" is a facet; every facet container's members are facets. */
    static void assertFacets(JsonNode node) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().endsWith("acets") && f.getValue().isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> facets = f.getValue().fields(); facets.hasNext(); ) {
                    Map.Entry<String, JsonNode> facet = facets.next();
                    assertEquals(LineageRun.PRODUCER.toString(), facet.getValue().path("_producer").asText(), facet.getKey());
                    assertTrue(facet.getValue().path("_schemaURL").asText().startsWith("https://openlineage.io/spec/facets/"),
                        facet.getKey() + ": " + facet.getValue().path("_schemaURL"));
                }
            }
            if (f.getValue().isContainerNode()) assertFacets(f.getValue());
        }
        if (node.isArray()) node.forEach(LineageEventsTest::assertFacets);
    }

    @Test
    void startAndCompleteShareTheRunIdAndCarryTheDatasetsAndOutputStatistics() throws Exception {
        Path dir = tmp.resolve("lineage");
        Path input = Files.writeString(tmp.resolve("raw_data_output.json"), "{\"users\":[]}\n");
        String runId = UUID.randomUUID().toString();
        DatasetRef file = Datasets.file(input);
        DatasetRef topic = Datasets.kafkaTopic("localhost:9092", "subtrack.raw");

        LineageRun run = LineageRun.start(toDir(dir), "producer-raw", runId, List.of(file), List.of(topic));
        run.complete(Map.of(topic, 1670L), LineageFacets.none().outputSize(topic, 123_456L));

        List<JsonNode> events = events(dir);
        assertEquals(2, events.size(), events.toString());
        JsonNode start = events.get(0);
        JsonNode complete = events.get(1);
        assertRunEvent(start, "START", "producer-raw");
        assertRunEvent(complete, "COMPLETE", "producer-raw");
        assertEquals(runId, start.path("run").path("runId").asText());
        assertEquals(runId, complete.path("run").path("runId").asText());
        assertEquals(run.runId().toString(), runId);

        for (JsonNode e : events) {
            JsonNode in = e.path("inputs").get(0);
            assertEquals("file", in.path("namespace").asText());
            assertEquals(input.toAbsolutePath().normalize().toString(), in.path("name").asText());
            JsonNode out = e.path("outputs").get(0);
            assertEquals("kafka://localhost:9092", out.path("namespace").asText());
            assertEquals("subtrack.raw", out.path("name").asText());
            assertEquals("BATCH", e.path("job").path("facets").path("jobType").path("processingType").asText());
            assertEquals("subtrack", e.path("run").path("facets").path("processing_engine").path("name").asText());
        }
        assertTrue(start.path("outputs").get(0).path("outputFacets").isMissingNode()
            || start.path("outputs").get(0).path("outputFacets").isEmpty(), "no statistics before the run ends");
        JsonNode stats = complete.path("outputs").get(0).path("outputFacets").path("outputStatistics");
        assertEquals(1670, stats.path("rowCount").asLong());
        assertEquals(123_456, stats.path("size").asLong());
        assertTrue(stats.path("_schemaURL").asText().contains("OutputStatisticsOutputDatasetFacet"), stats.toString());
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertTrue(run.ended());
    }

    @Test
    void aFileOutputGetsItsSizeFromTheFile() throws Exception {
        Path dir = tmp.resolve("lineage");
        Path out = tmp.resolve("cleaned_data_output.json");
        DatasetRef outDs = Datasets.file(out);
        LineageRun run = LineageRun.start(toDir(dir), "transformer", UUID.randomUUID().toString(), List.of(), List.of(outDs));
        Files.writeString(out, "0123456789");
        run.complete(Map.of(outDs, 3L));
        JsonNode stats = events(dir).get(1).path("outputs").get(0).path("outputFacets").path("outputStatistics");
        assertEquals(3, stats.path("rowCount").asLong());
        assertEquals(10, stats.path("size").asLong());
    }

    @Test
    void aFailEventCarriesTheErrorMessageFacet() throws Exception {
        Path dir = tmp.resolve("lineage");
        String runId = UUID.randomUUID().toString();
        LineageRun run = LineageRun.start(toDir(dir), "consumer-raw", runId,
            List.of(Datasets.kafkaTopic("localhost:9092", "subtrack.raw")),
            List.of(Datasets.jdbcTable("jdbc:postgresql://localhost:5432/subtrack?user=postgres", "users")));
        run.fail(new IllegalStateException("broker went away"));
        run.complete(Map.of()); // after the end: ignored

        List<JsonNode> events = events(dir);
        assertEquals(2, events.size());
        assertRunEvent(events.get(0), "START", "consumer-raw");
        JsonNode fail = events.get(1);
        assertRunEvent(fail, "FAIL", "consumer-raw");
        assertEquals(runId, fail.path("run").path("runId").asText());
        JsonNode error = fail.path("run").path("facets").path("errorMessage");
        assertEquals("IllegalStateException: broker went away", error.path("message").asText());
        assertEquals("Java", error.path("programmingLanguage").asText());
        assertTrue(error.path("stackTrace").asText().contains("LineageEventsTest"), error.toString());
        assertTrue(error.path("_schemaURL").asText().contains("ErrorMessageRunFacet"));
        assertEquals("postgres://localhost:5432", fail.path("outputs").get(0).path("namespace").asText());
        assertEquals("subtrack.public.users", fail.path("outputs").get(0).path("name").asText());
    }

    @Test
    void theTransformersQualityFacetsSitOnTheInputsTheyChecked() throws Exception {
        Path dir = tmp.resolve("lineage");
        String url = "jdbc:sqlserver://db.example:1433;databaseName=Raw_Subscription_Data_DB;user=sa;password=S3cret!";
        DatasetRef users = Datasets.jdbcTable(url, "users");
        DatasetRef payments = Datasets.jdbcTable(url, "payments");
        DatasetRef out = Datasets.file(tmp.resolve("cleaned_data_output.json"));
        LineageRun run = LineageRun.start(toDir(dir), "transformer", UUID.randomUUID().toString(),
            List.of(users, payments), List.of(out));
        List<QualityRule> rules = List.of(
            new QualityRule("users.email.format", "users", "email", 100, 0),
            new QualityRule("users.email.unique", "users", "email", 98, 2),
            new QualityRule("payments.amount.positive", "payments", "amount", 40, 1));
        Map<String, Long> rowsIn = new LinkedHashMap<>();
        rowsIn.put("users", 100L);
        rowsIn.put("payments", 40L);
        run.complete(Map.of(out, 138L), LineageFacets.none().quality(t -> Datasets.jdbcTable(url, t), rowsIn, rules));

        JsonNode complete = events(dir).get(1);
        assertRunEvent(complete, "COMPLETE", "transformer");
        assertFalse(complete.toString().contains("S3cret"), "no password in any event");
        assertFalse(complete.toString().contains("user=sa"), "no user in any event");
        JsonNode in = complete.path("inputs");
        assertEquals(2, in.size());
        assertEquals("sqlserver://db.example:1433", in.get(0).path("namespace").asText());
        assertEquals("Raw_Subscription_Data_DB.dbo.users", in.get(0).path("name").asText());

        JsonNode metrics = in.get(0).path("inputFacets").path("dataQualityMetrics");
        assertEquals(100, metrics.path("rowCount").asLong());
        assertEquals(100.0, metrics.path("columnMetrics").path("email").path("count").asDouble());
        assertTrue(metrics.path("_schemaURL").asText().contains("DataQualityMetricsInputDatasetFacet"));
        JsonNode assertions = in.get(0).path("inputFacets").path("dataQualityAssertions").path("assertions");
        assertEquals(2, assertions.size());
        assertEquals("users.email.format", assertions.get(0).path("assertion").asText());
        assertTrue(assertions.get(0).path("success").asBoolean());
        assertEquals("email", assertions.get(0).path("column").asText());
        assertEquals("users.email.unique", assertions.get(1).path("assertion").asText());
        assertFalse(assertions.get(1).path("success").asBoolean());
        assertEquals("2", assertions.get(1).path("actual").asText());
        assertEquals("0", assertions.get(1).path("expected").asText());

        JsonNode pay = in.get(1).path("inputFacets");
        assertEquals(40, pay.path("dataQualityMetrics").path("rowCount").asLong());
        assertFalse(pay.path("dataQualityAssertions").path("assertions").get(0).path("success").asBoolean());
        assertEquals(138, complete.path("outputs").get(0).path("outputFacets").path("outputStatistics").path("rowCount").asLong());
    }

    @Test
    void rulesOnSeveralTablesOfOneFileNameTheirColumnsByTable() throws Exception {
        Path dir = tmp.resolve("lineage");
        DatasetRef raw = Datasets.file(tmp.resolve("raw_data_output.json"));
        LineageRun run = LineageRun.start(toDir(dir), "transformer", UUID.randomUUID().toString(), List.of(raw), List.of());
        run.complete(Map.of(), LineageFacets.none().quality(t -> raw, Map.of("users", 10L, "payments", 5L), List.of(
            new QualityRule("r1", "users", "email", 10, 0), new QualityRule("r2", "payments", "amount", 5, 0))));
        JsonNode facets = events(dir).get(1).path("inputs").get(0).path("inputFacets");
        assertEquals(15, facets.path("dataQualityMetrics").path("rowCount").asLong());
        assertTrue(facets.path("dataQualityMetrics").path("columnMetrics").has("users.email"));
        assertEquals("payments.amount", facets.path("dataQualityAssertions").path("assertions").get(1).path("column").asText());
    }

    @Test
    void lineageNoneWritesNothing() throws Exception {
        Path dir = tmp.resolve("lineage");
        LineageOptions none = toDir(dir);
        none.mode = LineageOptions.Mode.none;
        LineageRun run = LineageRun.start(none, "generator", UUID.randomUUID().toString(), List.of(),
            List.of(Datasets.file(tmp.resolve("x.json"))));
        run.complete(Map.of());
        LineageRun failed = LineageRun.start(none, "generator", null, List.of(), List.of());
        failed.fail(new RuntimeException("x"));
        assertFalse(Files.exists(dir), "no directory made");
        assertEquals("", err.toString(StandardCharsets.UTF_8));
        assertTrue(run.ended());
        LineageRun.start(null, "generator", "not-a-uuid", List.of(), List.of()).complete(Map.of()); // null options: off, silent
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void anUnwritableDirectoryGivesOneWarningLineAndNoException() throws Exception {
        Path notADir = Files.writeString(tmp.resolve("occupied"), "a file where the directory should be");
        LineageOptions o = toDir(notADir.resolve("lineage"));
        LineageRun run = LineageRun.start(o, "producer-processed", UUID.randomUUID().toString(), List.of(), List.of());
        run.complete(Map.of());
        String warnings = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, warnings.lines().count(), warnings);
        assertTrue(warnings.startsWith("lineage: warning: cannot emit the START event of producer-processed run "), warnings);
        assertTrue(warnings.contains("the stage carries on"), warnings);
    }

    @Test
    void aRunIdThatIsNoUuidBecomesANameBasedOneWithAWarning() throws Exception {
        Path dir = tmp.resolve("lineage");
        LineageRun run = LineageRun.start(toDir(dir), "producer-raw", "nightly-42", List.of(), List.of());
        run.complete(Map.of());
        UUID expected = UUID.nameUUIDFromBytes("nightly-42".getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, run.runId());
        for (JsonNode e : events(dir)) assertEquals(expected.toString(), e.path("run").path("runId").asText());
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("is not a UUID"));
        assertNotNull(LineageRun.start(toDir(dir), "producer-raw", null, null, null).runId());
    }

    @Test
    void twoRunsAppendWholeLinesToTheSameDaysFile() throws Exception {
        Path dir = tmp.resolve("lineage");
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                for (int j = 0; j < 10; j++) {
                    LineageRun.start(toDir(dir), "generator", null, List.of(), List.of()).complete(Map.of());
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join(60_000);
        List<JsonNode> events = events(dir);
        assertEquals(80, events.size());
        assertEquals(40, events.stream().filter(e -> e.path("eventType").asText().equals("COMPLETE")).count());
    }
}
