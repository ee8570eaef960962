package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.json.TableFileReader;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.consumer.processed.ConsumerProcessedCommand;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.generator.GeneratorCommand;
import io.subtrack.producer.processed.ProducerProcessedCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import io.subtrack.transformer.TransformerCommand;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 2 acceptance: the six stages end to end on a dev broker in this JVM and an H2 file database,
 * counts followed from the generated file to the raw tables to the processed tables, every raw
 * record accounted for as loaded or quarantined; then the whole chain again, changing nothing.
 * Issue 6: each analytics view equals the figure computed here from cleaned_data_output.json.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
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
    static void start() throws Exception {
        stack = new EmbeddedStack(dir);
        db = stack.jdbcUrl("pipeline");
        raw = dir.resolve("raw_data_output.json");
        truth = dir.resolve("ground_truth.jsonl");
        cleaned = dir.resolve("cleaned_data_output.json");
        rejected = dir.resolve("rejected_records.json");
        report = dir.resolve("quality-report");
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    /** Runs the six stages; returns each stage's run. */
    static Map<String, EmbeddedStack.Run> runPipeline() {
        Map<String, EmbeddedStack.Run> runs = new HashMap<>();
        String bs = stack.bootstrap();
        runs.put("generator", ok(EmbeddedStack.run(new GeneratorCommand(), "--output", raw.toString(),
            "--ground-truth", truth.toString())));
        runs.put("producer-raw", ok(EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", bs,
            "--input", raw.toString())));
        runs.put("consumer-raw", ok(EmbeddedStack.run(new ConsumerRawCommand(), "--bootstrap-server", bs, "--jdbc-url", db,
            "--max-messages", String.valueOf(runs.get("producer-raw").summary("out")), "--idle-timeout", "20s")));
        runs.put("transformer", ok(EmbeddedStack.run(new TransformerCommand(), "--jdbc-url", db, "--output", cleaned.toString(),
            "--rejected", rejected.toString(), "--report", report.toString(), "--ground-truth", truth.toString())));
        runs.put("producer-processed", ok(EmbeddedStack.run(new ProducerProcessedCommand(), "--bootstrap-server", bs,
            "--input", cleaned.toString())));
        runs.put("consumer-processed", ok(EmbeddedStack.run(new ConsumerProcessedCommand(), "--bootstrap-server", bs,
            "--jdbc-url", db, "--max-messages", String.valueOf(runs.get("producer-processed").summary("out")),
            "--idle-timeout", "20s")));
        return runs;
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
        JsonNode m = Json.MAPPER.readTree(cleaned.toFile());
        Map<String, JsonNode> plans = new HashMap<>();
        for (JsonNode p : m.get("processed_plans")) plans.put(p.get("plan_id").asText(), p);
        Map<String, BigDecimal> mrrByCategory = new TreeMap<>();
        Map<String, BigDecimal> mrrBySupplier = new TreeMap<>();
        Map<String, Long> activeByPlan = new TreeMap<>();
        Map<String, Long> churn = new TreeMap<>();
        for (JsonNode s : m.get("processed_subscriptions")) {
            String status = s.get("status").asText(null);
            JsonNode plan = plans.get(s.get("plan_id").asText());
            if ("ACTIVE".equals(status)) {
                activeByPlan.merge(plan.get("plan_id").asText(), 1L, Long::sum);
                String cycle = s.get("billing_cycle").asText(null);
                if (cycle != null) {
                    BigDecimal price = plan.get("price").decimalValue();
                    BigDecimal monthly = switch (cycle) {
                        case "DAILY" -> price.multiply(BigDecimal.valueOf(365)).divide(BigDecimal.valueOf(12), 10, RoundingMode.HALF_UP);
                        case "WEEKLY" -> price.multiply(BigDecimal.valueOf(52)).divide(BigDecimal.valueOf(12), 10, RoundingMode.HALF_UP);
                        case "SEMIMONTHLY" -> price.multiply(BigDecimal.valueOf(2));
                        case "MONTHLY" -> price;
                        case "ANNUAL" -> price.divide(BigDecimal.valueOf(12), 10, RoundingMode.HALF_UP);
                        default -> throw new AssertionError(cycle);
                    };
                    String category = plan.get("category").isNull() ? "UNKNOWN" : plan.get("category").asText();
                    mrrByCategory.merge(category, monthly, BigDecimal::add);
                    mrrBySupplier.merge(plan.get("supplier_id").asText(), monthly, BigDecimal::add);
                }
            }
            if ("CANCELLED".equals(status) || "EXPIRED".equals(status)) {
                String date = !s.get("renewal_date").isNull() ? s.get("renewal_date").asText()
                    : !s.get("next_billing_date").isNull() ? s.get("next_billing_date").asText() : null;
                if (date != null) churn.merge(date.substring(0, 4) + "-" + Integer.parseInt(date.substring(5, 7)), 1L, Long::sum);
            }
        }
        Map<String, long[]> payments = new TreeMap<>();
        for (JsonNode p : m.get("processed_payments")) {
            if (p.get("status").isNull()) continue;
            String method = p.get("method").isNull() ? "UNKNOWN" : p.get("method").asText();
            long[] c = payments.computeIfAbsent(method, k -> new long[2]);
            c[0]++;
            if ("SUCCEEDED".equals(p.get("status").asText())) c[1]++;
        }
        assertFalse(mrrByCategory.isEmpty(), "the generated data has active subscriptions");

        try (Connection c = stack.db("pipeline"); Statement st = c.createStatement()) {
            assertEquals(rounded(mrrByCategory), decimals(st, "SELECT \"category\", \"mrr_eur\" FROM \"v_mrr_by_category\""));
            assertEquals(rounded(mrrBySupplier), decimals(st, "SELECT \"supplier_id\", \"mrr_eur\" FROM \"v_mrr_by_supplier\""));
            assertEquals(activeByPlan, longs(st, "SELECT \"plan_id\", \"active_subscriptions\" FROM \"v_active_subscriptions_by_plan\""));
            assertEquals(churn, longs(st, "SELECT CAST(\"churn_year\" AS VARCHAR) || '-' || CAST(\"churn_month\" AS VARCHAR), "
                + "\"churned_subscriptions\" FROM \"v_churn_by_month\""));
            Map<String, String> rates = new TreeMap<>();
            payments.forEach((k, v) -> rates.put(k, v[0] + "/" + v[1] + "/"
                + BigDecimal.valueOf(v[1]).divide(BigDecimal.valueOf(v[0]), 4, RoundingMode.HALF_UP)));
            Map<String, String> viewRates = new TreeMap<>();
            try (ResultSet rs = st.executeQuery("SELECT \"method\", \"payments\", \"succeeded\", \"success_rate\" "
                + "FROM \"v_payment_success_rate_by_method\"")) {
                while (rs.next()) {
                    viewRates.put(rs.getString(1), rs.getLong(2) + "/" + rs.getLong(3) + "/" + rs.getBigDecimal(4).setScale(4));
                }
            }
            assertEquals(rates, viewRates);
        }
    }

    private static Map<String, BigDecimal> rounded(Map<String, BigDecimal> m) {
        Map<String, BigDecimal> r = new TreeMap<>();
        m.forEach((k, v) -> r.put(k, v.setScale(2, RoundingMode.HALF_UP)));
        return r;
    }

    private static Map<String, BigDecimal> decimals(Statement st, String sql) throws Exception {
        Map<String, BigDecimal> r = new TreeMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) r.put(rs.getString(1), rs.getBigDecimal(2).setScale(2, RoundingMode.HALF_UP));
        }
        return r;
    }

    private static Map<String, Long> longs(Statement st, String sql) throws Exception {
        Map<String, Long> r = new TreeMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) r.put(rs.getString(1), rs.getLong(2));
        }
        return r;
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
