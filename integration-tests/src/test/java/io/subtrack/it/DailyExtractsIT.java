package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.truth.DayChanges;
import io.subtrack.common.truth.DayChangesReader;
import io.subtrack.consumer.processed.ConsumerProcessedCommand;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.generator.GeneratorCommand;
import io.subtrack.producer.processed.ProducerProcessedCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import io.subtrack.transformer.TransformerCommand;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three days of one generated population through the real broker and the dev-db, day by day as
 * a business runs them (a snapshot, a snapshot, a delta). After each day every processed table is what the
 * generator's day-changes file says the day did to the day before, read with plain JDBC: keys added, keys
 * soft-deleted (deleted_at set, the row kept), changed columns at their new values, every other row exactly as it
 * was. The views leave deleted rows out. Then a replayed day 1 (the same file, and its cleaned rows published again)
 * changes nothing; a snapshot that lacks most of the source is refused whole; a file cut short publishes nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(EmbeddedStackExtension.class)
class DailyExtractsIT {
    private static final String DB = "daily";
    @TempDir static Path dir;
    static EmbeddedStack stack;
    static String db;
    /** Each day's processed state: table, key, column values. */
    static final Map<Integer, Map<String, Map<String, Map<String, Object>>>> states = new HashMap<>();
    static final Map<Integer, JsonNode> reports = new HashMap<>();

    @BeforeAll
    static void start(EmbeddedStack started) {
        stack = started;
        db = stack.jdbcUrl(DB);
    }

    /** The quality report's base name for a run writing that cleaned file (the report is BASE.json and BASE.html). */
    static Path reportBase(Path cleanedFile) {
        return dir.resolve("report-" + cleanedFile.getFileName().toString().replace(".json", ""));
    }

    static Path raw(int day) {
        return dir.resolve("day" + day + ".json");
    }

    static Path changes(int day) {
        return dir.resolve("day" + day + "_changes.json");
    }

    static Path cleaned(int day) {
        return dir.resolve("cleaned" + day + ".json");
    }

    static void generate(int day, String mode) {
        // a small population with brisk days, so every day adds, changes and deletes in every kind of table
        FullPipelineIT.ok(EmbeddedStack.run(new GeneratorCommand(), "--scale", "3", "--daily-change-rate", "0.05",
            "--daily-new-rate", "0.05", "--daily-delete-rate", "0.03", "--day", String.valueOf(day), "--extract-mode", mode,
            "--output", raw(day).toString(), "--ground-truth", dir.resolve("truth" + day + ".jsonl").toString(),
            "--day-changes", changes(day).toString(), "--jdbc-url", db, "--lineage", "on", "--lineage-dir", lineageDir().toString()));
    }

    /** The five stages after the generator on one day's file; returns the transformer's run. */
    /** The id of the extract runDay published last. */
    static String lastExtractId;

    static Path lineageDir() {
        return dir.resolve("lineage");
    }

    static EmbeddedStack.Run runDay(Path file, String mode, Path cleanedFile, int expectTransformerExit, String... transformerArgs)
        throws Exception {
        String bs = stack.bootstrap();
        String lineage = lineageDir().toString();
        EmbeddedStack.Run produced = FullPipelineIT.ok(EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", bs,
            "--input", file.toString(), "--extract-mode", mode, "--jdbc-url", db, "--lineage", "on", "--lineage-dir", lineage));
        java.util.regex.Matcher id = java.util.regex.Pattern.compile("producer-raw: extract (\\S+) ").matcher(produced.output());
        lastExtractId = id.find() ? id.group(1) : null;
        FullPipelineIT.ok(EmbeddedStack.run(new ConsumerRawCommand(), "--bootstrap-server", bs, "--jdbc-url", db,
            "--max-messages", String.valueOf(produced.summary("out")), "--idle-timeout", "20s", "--lineage", "on", "--lineage-dir", lineage));
        Path report = reportBase(cleanedFile);
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--jdbc-url", db,
            "--output", cleanedFile.toString(), "--rejected", dir.resolve("rejected.json").toString(),
            "--report", report.toString(), "--lineage", "on", "--lineage-dir", lineage));
        args.addAll(java.util.List.of(transformerArgs));
        EmbeddedStack.Run transformed = EmbeddedStack.run(new TransformerCommand(), args.toArray(new String[0]));
        assertEquals(expectTransformerExit, transformed.exitCode(), transformed.output());
        if (expectTransformerExit != 0) return transformed;
        publishCleaned(cleanedFile);
        return transformed;
    }

    /** producer-processed and consumer-processed on a cleaned file; returns consumer-processed's run (null: nothing to load). */
    static EmbeddedStack.Run publishCleaned(Path cleanedFile) {
        String bs = stack.bootstrap();
        String lineage = lineageDir().toString();
        EmbeddedStack.Run published = FullPipelineIT.ok(EmbeddedStack.run(new ProducerProcessedCommand(), "--bootstrap-server", bs,
            "--input", cleanedFile.toString(), "--jdbc-url", db, "--lineage", "on", "--lineage-dir", lineage));
        if (published.summary("out") == 0) return null;
        return FullPipelineIT.ok(EmbeddedStack.run(new ConsumerProcessedCommand(), "--bootstrap-server", bs, "--jdbc-url", db,
            "--max-messages", String.valueOf(published.summary("out")), "--idle-timeout", "20s", "--lineage", "on", "--lineage-dir", lineage));
    }

    /** Every processed row, every column, as a plain client reads it. */
    static Map<String, Map<String, Map<String, Object>>> state() throws Exception {
        Map<String, Map<String, Map<String, Object>>> out = new TreeMap<>();
        try (Connection c = stack.db(DB); Statement st = c.createStatement()) {
            for (ProcessedTable t : ProcessedTable.values()) {
                Map<String, Map<String, Object>> rows = new TreeMap<>();
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + t.tableName() + "\"")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) row.put(md.getColumnName(i), rs.getObject(i));
                        StringBuilder key = new StringBuilder();
                        for (String k : t.primaryKey()) key.append(key.length() > 0 ? "|" : "").append(row.get(k));
                        rows.put(key.toString(), row);
                    }
                }
                out.put(t.tableName(), rows);
            }
        }
        return out;
    }

    static Set<String> live(Map<String, Map<String, Object>> rows) {
        Set<String> keys = new HashSet<>();
        rows.forEach((k, row) -> {
            if (row.get("deleted_at") == null) keys.add(k);
        });
        return keys;
    }

    static boolean sameValue(Object expected, Object stored) {
        if (expected == null || stored == null) return expected == stored;
        if (stored instanceof BigDecimal b) return new BigDecimal(expected.toString()).compareTo(b) == 0;
        return expected.toString().equals(stored.toString());
    }

    /** The state after {@code day} is the state before it with exactly the day's changes (deletions only from a snapshot). */
    static void assertDayApplied(int day, boolean snapshot) throws Exception {
        DayChanges truth = DayChangesReader.read(changes(day));
        Map<String, Map<String, Map<String, Object>>> before = states.get(day - 1);
        Map<String, Map<String, Map<String, Object>>> after = state();
        states.put(day, after);
        long added = 0, deleted = 0, changed = 0;
        for (ProcessedTable t : ProcessedTable.values()) {
            String name = t.tableName();
            DayChanges.TableChanges expected = truth.of(name);
            Set<String> wantLive = new HashSet<>(live(before.get(name)));
            if (snapshot) wantLive.removeAll(expected.deleted());
            wantLive.addAll(expected.added());
            assertEquals(new TreeMap<>(toMap(wantLive)).keySet(), new TreeMap<>(toMap(live(after.get(name)))).keySet(),
                "day " + day + ": the live keys of " + name);
            for (String key : expected.deleted()) {
                if (!snapshot) continue;
                Map<String, Object> row = after.get(name).get(key);
                assertNotNull(row, "day " + day + ": a deleted row is kept: " + name + " " + key);
                assertNotNull(row.get("deleted_at"), name + " " + key + " deleted");
                Map<String, Object> was = new LinkedHashMap<>(before.get(name).get(key));
                for (String col : t.columnNames()) assertEquals(was.get(col), row.get(col), name + " " + key + "." + col + " kept as it was");
                deleted++;
            }
            for (Map.Entry<String, Map<String, Object>> e : expected.changed().entrySet()) {
                Map<String, Object> row = after.get(name).get(e.getKey());
                assertNotNull(row, name + " " + e.getKey() + " changed");
                for (Map.Entry<String, Object> col : e.getValue().entrySet()) {
                    assertTrue(sameValue(col.getValue(), row.get(col.getKey())), "day " + day + ": " + name + " " + e.getKey() + "."
                        + col.getKey() + " expected " + col.getValue() + ", stored " + row.get(col.getKey()));
                }
                changed++;
            }
            added += expected.added().size();
            for (Map.Entry<String, Map<String, Object>> e : before.get(name).entrySet()) {
                String key = e.getKey();
                if (expected.changed().containsKey(key) || (snapshot && expected.deleted().contains(key))) continue;
                assertEquals(e.getValue(), after.get(name).get(key), "day " + day + ": " + name + " " + key + " unchanged, every column");
            }
        }
        assertTrue(added > 0 && changed > 0, "day " + day + " added " + added + " and changed " + changed);
        if (snapshot) assertTrue(deleted > 0, "day " + day + " deleted " + deleted);
    }

    private static Map<String, Boolean> toMap(Set<String> keys) {
        Map<String, Boolean> m = new HashMap<>();
        for (String k : keys) m.put(k, true);
        return m;
    }

    static double rejectRate(Path report) throws Exception {
        JsonNode t = Json.MAPPER.readTree(Files.readString(Path.of(report + ".json"))).get("totals");
        return (double) t.get("quarantined").asLong() / t.get("raw_records_in").asLong();
    }

    @Test
    @Order(1)
    void dayOneLoadsTheWholeSnapshot() throws Exception {
        Map<String, Map<String, Map<String, Object>>> empty = new TreeMap<>();
        for (ProcessedTable table : ProcessedTable.values()) empty.put(table.tableName(), new TreeMap<>());
        states.put(0, empty);
        generate(1, "snapshot");
        EmbeddedStack.Run t = runDay(raw(1), "snapshot", cleaned(1), 0);
        assertTrue(t.output().contains("mode            : snapshot"), t.output());
        Map<String, Map<String, Map<String, Object>>> s = state();
        states.put(1, s);
        for (ProcessedTable table : ProcessedTable.values()) {
            assertFalse(s.get(table.tableName()).isEmpty(), table + " loaded");
            for (Map<String, Object> row : s.get(table.tableName()).values()) {
                assertNull(row.get("deleted_at"), table + ": nothing deleted on day 1");
                assertNotNull(row.get("extract_id"), table + ": every row names its extract");
            }
        }
    }

    @Test
    @Order(2)
    void dayTwoSnapshotAppliesItsChangesAndDeletionsAndTheGateJudgesTheDay() throws Exception {
        generate(2, "snapshot");
        EmbeddedStack.Run t = runDay(raw(2), "snapshot", cleaned(2), 0);
        assertDayApplied(2, true);
        double day1 = rejectRate(reportBase(cleaned(1)));
        double day2 = rejectRate(reportBase(cleaned(2)));
        assertTrue(Math.abs(day2 - day1) <= 0.01, "day 2 reject rate " + day2 + " within a point of day 1's " + day1);
        // only the day's changes travelled on: the cleaned file is a small part of the population
        long rowsSent = t.summary("out");
        long population = states.get(2).values().stream().mapToLong(Map::size).sum();
        assertTrue(rowsSent * 5 < population, rowsSent + " rows written of " + population);
        JsonNode day = Json.MAPPER.readTree(Files.readString(Path.of(reportBase(cleaned(2)) + ".json"))).get("day_changes");
        assertNotNull(day, "the report shows the day's changes");
        assertTrue(day.get("processed_users").get("deleted").asLong() > 0);
    }

    @Test
    @Order(3)
    void dayThreeDeltaAppliesItsChangesAndDeletesNothing() throws Exception {
        generate(3, "delta");
        runDay(raw(3), "delta", cleaned(3), 0);
        assertDayApplied(3, false);
    }

    @Test
    @Order(4)
    void threeDaysAreOnRecordWithTheirTrendAndLineage() throws Exception {
        // the run table: three completed runs of each of the six stages
        Map<String, java.util.List<String>> runIds = new TreeMap<>();
        try (Connection c = stack.db(DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"stage\", \"status\", \"exit_code\", \"run_id\", \"ended_at\" FROM \"subtrack_runs\"")) {
            while (rs.next()) {
                assertEquals("ok", rs.getString(2), rs.getString(1));
                assertEquals(0, rs.getInt(3));
                assertNotNull(rs.getTimestamp(5), "completed");
                runIds.computeIfAbsent(rs.getString(1), k -> new java.util.ArrayList<>()).add(rs.getString(4));
            }
        }
        assertEquals(java.util.Set.of("generator", "producer-raw", "consumer-raw", "transformer", "producer-processed",
            "consumer-processed"), runIds.keySet());
        runIds.forEach((stage, ids) -> assertEquals(3, ids.size(), stage + " runs on record"));
        // the report's trend: one point per transformer run so far, this one last
        JsonNode trend = Json.MAPPER.readTree(Files.readString(Path.of(reportBase(cleaned(3)) + ".json"))).get("trend");
        assertEquals(3, trend.size(), "three points per chart");
        assertEquals(runIds.get("transformer").stream().sorted().toList(),
            java.util.stream.StreamSupport.stream(trend.spliterator(), false).map(p -> p.get("run_id").asText()).sorted().toList());
        assertTrue(Files.readString(Path.of(reportBase(cleaned(3)) + ".html")).contains("<svg"), "inline charts");
        // lineage: every run's START and COMPLETE, under the run's id, with what the spec requires
        Map<String, java.util.List<String>> events = new TreeMap<>();
        try (var files = Files.list(lineageDir())) {
            for (Path f : files.toList()) {
                for (String line : Files.readAllLines(f)) {
                    JsonNode e = Json.MAPPER.readTree(line);
                    for (String field : new String[] {"eventType", "eventTime", "producer", "schemaURL"}) {
                        assertTrue(e.hasNonNull(field), field + " in " + line);
                    }
                    assertEquals("subtrack", e.get("job").get("namespace").asText());
                    String job = e.get("job").get("name").asText();
                    String runId = e.get("run").get("runId").asText();
                    events.computeIfAbsent(job + " " + runId, k -> new java.util.ArrayList<>()).add(e.get("eventType").asText());
                    if (!"generator".equals(job)) assertFalse(e.get("inputs").isEmpty(), "inputs of " + job);
                    assertFalse(e.get("outputs").isEmpty(), "outputs of " + job);
                }
            }
        }
        runIds.forEach((stage, ids) -> {
            for (String id : ids) assertEquals(java.util.List.of("START", "COMPLETE"), events.get(stage + " " + id), stage + " run " + id);
        });
    }

    @Test
    @Order(4)
    void theViewsLeaveDeletedRowsOut() throws Exception {
        try (Connection c = stack.db(DB); Statement st = c.createStatement()) {
            long view = single(st, "SELECT COALESCE(SUM(\"active_subscriptions\"), 0) FROM \"v_active_subscriptions_by_plan\"");
            long live = single(st, "SELECT COUNT(*) FROM \"processed_subscriptions\" s JOIN \"processed_plans\" p ON p.\"plan_id\" = s.\"plan_id\""
                + " WHERE s.\"status\" = 'ACTIVE' AND s.\"deleted_at\" IS NULL AND p.\"deleted_at\" IS NULL");
            long all = single(st, "SELECT COUNT(*) FROM \"processed_subscriptions\" s JOIN \"processed_plans\" p ON p.\"plan_id\" = s.\"plan_id\""
                + " WHERE s.\"status\" = 'ACTIVE'");
            assertEquals(live, view);
            assertNotEquals(all, live, "some active subscription was deleted, so the filter is exercised");
        }
    }

    @Test
    @Order(5)
    void aReplayedDayOneChangesNothing() throws Exception {
        Map<String, Map<String, Map<String, Object>>> before = state();
        EmbeddedStack.Run t = runDay(raw(1), "snapshot", dir.resolve("cleaned-replay.json"), 0);
        assertTrue(t.output().contains("nothing applied") || t.output().contains("nothing to transform"), t.output());
        assertEquals(before, state(), "the same file again changes nothing");
        // day 1's rows published again, as a replayed topic would deliver them: older than what is stored
        EmbeddedStack.Run consumed = publishCleaned(cleaned(1));
        assertNotNull(consumed);
        assertEquals(before, state(), "day 1's rows after day 3 change nothing");
        assertTrue(consumed.output().contains("stale"), consumed.output());
    }

    @Test
    @Order(6)
    void aSnapshotLackingMostOfTheSourceIsRefusedAndNothingApplied() throws Exception {
        Map<String, Map<String, Map<String, Object>>> before = state();
        generate(4, "snapshot");
        // a wrong file that is still valid JSON: day 4 with only its first tenth of every table
        Path cut = firstPartOfEveryTable(raw(4), 10, dir.resolve("day4-tenth.json"));
        Path out = dir.resolve("cleaned-refused.json");
        EmbeddedStack.Run t = runDay(cut, "snapshot", out, 3);
        refusedExtract = lastExtractId;
        assertTrue(t.output().contains("--max-delete-rate") && t.output().contains("refused"), t.output());
        assertFalse(Files.exists(out), "no cleaned file that looks complete");
        assertEquals(before, state(), "nothing applied");
    }

    /** The snapshot the mass-delete guard refused: it waits until an operator accepts or skips it. */
    static String refusedExtract;

    @Test
    @Order(7)
    void aFileCutShortPublishesNothing() throws Exception {
        Map<String, Long> rawBefore = new TreeMap<>();
        for (RawTable t : RawTable.all()) rawBefore.put(t.tableName(), stack.count(DB, t.tableName()));
        byte[] bytes = Files.readAllBytes(raw(4));
        Path cut = dir.resolve("day4-cut.json");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        EmbeddedStack.Run produced = EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", stack.bootstrap(),
            "--input", cut.toString());
        assertEquals(1, produced.exitCode(), produced.output());
        assertTrue(produced.output().contains("nothing was published"), produced.output());
        // past the check before sending: the records before the cut go out in the extract's transaction, which aborts
        io.subtrack.common.config.KafkaOptions kafka = new io.subtrack.common.config.KafkaOptions();
        kafka.bootstrapServer = stack.bootstrap();
        io.subtrack.common.extract.Extract extract = new io.subtrack.common.extract.Extract("cut-" + System.nanoTime(),
            java.time.LocalDateTime.of(2030, 1, 1, 0, 0), io.subtrack.common.extract.ExtractMode.SNAPSHOT, -1, -1, "day4-cut.json");
        io.subtrack.common.config.TopicOptions topics = new io.subtrack.common.config.TopicOptions();
        topics.errorsTopic = io.subtrack.common.config.TopicOptions.ERRORS;
        topics.partitions = 3;
        int plainBefore = stack.readAll(io.subtrack.common.config.TopicOptions.RAW).size();
        io.subtrack.common.cli.StageFailure failure = org.junit.jupiter.api.Assertions.assertThrows(io.subtrack.common.cli.StageFailure.class,
            () -> io.subtrack.common.kafka.PublishStage.run("producer-raw", kafka, topics,
                io.subtrack.common.config.TopicOptions.RAW, cut, null, table -> {
                    RawTable rt = RawTable.byName(table);
                    return rt == null ? null : rt.keyFields();
                }, extract, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())));
        assertTrue(failure.getMessage().contains("transaction was aborted"), failure.getMessage());
        int plainAfter = stack.readAll(io.subtrack.common.config.TopicOptions.RAW).size();
        assertTrue(plainAfter > plainBefore + 1000, "records went out before the cut (a plain reader sees " + (plainAfter - plainBefore) + ")");
        // a consumer reading committed records finds nothing new; the raw tables are as they were
        EmbeddedStack.Run consumed = EmbeddedStack.run(new ConsumerRawCommand(), "--bootstrap-server", stack.bootstrap(),
            "--jdbc-url", db, "--idle-timeout", "1s");
        // and it finds the topic loaded to its end, though commit and abort markers take offsets it is never given
        assertEquals(0, consumed.exitCode(), consumed.output());
        assertEquals(0, consumed.summary("out"), consumed.output());
        Map<String, Long> rawAfter = new TreeMap<>();
        for (RawTable t : RawTable.all()) rawAfter.put(t.tableName(), stack.count(DB, t.tableName()));
        assertEquals(rawBefore, rawAfter);
    }

    @Test
    @Order(8)
    void aDayWhoseVolumeHalvesFailsTheVolumeCheckWithEveryOutputWritten() throws Exception {
        // day 4 with the first half of every table, its deletions allowed: the volume check judges it
        Path half = firstPartOfEveryTable(raw(4), 2, dir.resolve("day4-half.json"));
        Path out = dir.resolve("cleaned-half.json");
        // the refused tenth-of-a-day snapshot still waits, first in line: skipped, as an operator would
        EmbeddedStack.Run t = runDay(half, "snapshot", out, 3, "--max-delete-rate", "0.99", "--skip-extract", refusedExtract);
        assertTrue(t.output().contains("extract " + refusedExtract + " skipped"), t.output());
        assertTrue(t.output().contains("volume drop"), t.output());
        assertTrue(Files.exists(out) && Files.exists(Path.of(reportBase(out) + ".json")), "every output written");
        JsonNode violations = Json.MAPPER.readTree(Files.readString(Path.of(reportBase(out) + ".json"))).get("threshold_violations");
        assertTrue(violations.toString().contains("volume drop"), violations.toString());
        try (Connection c = stack.db(DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"status\", \"exit_code\", \"notes\" FROM \"subtrack_runs\" WHERE \"stage\" = 'transformer'"
                 + " ORDER BY \"started_at\" DESC")) {
            assertTrue(rs.next());
            assertEquals("threshold", rs.getString(1));
            assertEquals(3, rs.getInt(2));
            assertTrue(rs.getString(3).contains("volume drop"), rs.getString(3));
        }
    }

    /** A wrong file that is still valid JSON: the first 1/{@code divisor} of every table of {@code source}. */
    private static Path firstPartOfEveryTable(Path source, int divisor, Path target) throws Exception {
        ObjectNode whole = (ObjectNode) Json.MAPPER.readTree(source.toFile());
        for (Iterator<Map.Entry<String, JsonNode>> it = whole.fields(); it.hasNext(); ) {
            ArrayNode rows = (ArrayNode) it.next().getValue();
            int keep = rows.size() / divisor;
            while (rows.size() > keep) rows.remove(rows.size() - 1);
        }
        Json.MAPPER.writeValue(target.toFile(), whole);
        return target;
    }

    private static long single(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
