package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.ExitCode;
import io.subtrack.common.json.Json;
import io.subtrack.generator.GeneratorCommand;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Values read by evidence, on our generator's output, at the default volume and at 100x: no wrong value among those the record's
 * evidence determines, every value read by policy in the repair log, and the score counting a policy reading that
 * differs from the clean value as wrong. What the evidence determines is decided here, from the raw record and the
 * relations the generator builds (renewal date = next billing date = start + one billing cycle), not by the
 * transformer's code. Files are read as streams: at 100x they hold 167,000 records.
 */
class GeneratorEvidenceTest {
    @TempDir
    Path dir;

    static final String SUBS = "raw_utilisateur_abonement";

    @ParameterizedTest
    @ValueSource(ints = {1, 100})
    void evidenceDeterminedValuesAreRightAndPolicyReadingsAreLoggedAndScored(int scale) throws Exception {
        Path raw = dir.resolve("raw.json"), truth = dir.resolve("gt.jsonl");
        assertEquals(ExitCode.OK, Cli.execute(new GeneratorCommand(), "--output", raw.toString(), "--ground-truth", truth.toString(),
            "--scale", Integer.toString(scale)));
        assertEquals(ExitCode.OK, Cli.execute(new TransformerCommand(), "--input", raw.toString(),
            "--output", dir.resolve("cleaned.json").toString(), "--rejected", dir.resolve("rejected.json").toString(),
            "--report", dir.resolve("report").toString(), "--ground-truth", truth.toString()));

        // the clean value of every ambiguous value the generator wrote, by table, key and field
        Map<String, String> cleanOfAmbiguous = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(truth)) {
            for (String line; (line = in.readLine()) != null; ) {
                if (!line.contains("\"ambiguous\":true")) continue;
                JsonNode e = Json.MAPPER.readTree(line);
                cleanOfAmbiguous.put(e.get("table").asText() + " " + e.get("key").asText() + " " + e.get("field").asText(), e.get("clean").asText());
            }
        }
        List<JsonNode> decidedLines = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(dir.resolve("repairs.jsonl"))) {
            for (String line; (line = in.readLine()) != null; ) if (!line.contains("\"decided\":\"exact\"")) decidedLines.add(Json.MAPPER.readTree(line));
        }
        Map<String, JsonNode> loggedByField = new HashMap<>();
        for (JsonNode l : decidedLines) loggedByField.put(l.get("table").asText() + " " + l.get("key").asText() + " " + l.get("field").asText(), l);

        Map<String, JsonNode> stored = new HashMap<>();
        stream(dir.resolve("cleaned.json"), "processed_subscriptions",
            row -> stored.put(row.get("user_id").asText() + "|" + row.get("plan_id").asText(), row));
        Set<String> quarantined = new HashSet<>();
        stream(dir.resolve("rejected.json"), SUBS, q -> quarantined.add(q.get("raw_id").asText()));

        int[] determined = {0};
        List<String> wrong = new ArrayList<>(), unlogged = new ArrayList<>();
        stream(raw, SUBS, rec -> {
            if (quarantined.contains(rec.get("raw_id").asText())) return;
            String key = rec.get("userId").asText() + "|" + rec.get("idAbonnement").asText();
            JsonNode row = stored.get(key);
            Set<LocalDate> r = DateEvidenceFixtureTest.readings(rec.get("dateRenouvelement").asText(null));
            Set<LocalDate> s = DateEvidenceFixtureTest.readings(rec.get("dateDebutFacturation").asText(null));
            Set<LocalDate> n = DateEvidenceFixtureTest.readings(rec.get("prochaineDeFacturation").asText(null));
            String cycle = row.get("billing_cycle").asText(null);
            check(key, "dateRenouvelement", "renewal_date", r, n.size() == 1 ? sameAs(r, only(n)) : null, row, cleanOfAmbiguous, loggedByField, determined, wrong, unlogged);
            LocalDate nextAnchor = r.size() == 1 ? only(r) : null;
            LocalDate startAnchor = s.size() == 1 ? only(s) : null;
            LocalDate nextByEvidence = nextAnchor != null ? sameAs(n, nextAnchor)
                : startAnchor != null ? oneThat(n, d -> d.equals(oneCycleAfter(startAnchor, cycle))) : null;
            check(key, "prochaineDeFacturation", "next_billing_date", n, nextByEvidence, row, cleanOfAmbiguous, loggedByField, determined, wrong, unlogged);
            LocalDate anchor = n.size() == 1 ? only(n) : nextAnchor;
            LocalDate startByEvidence = anchor == null ? null : oneThat(s, d -> anchor.equals(oneCycleAfter(d, cycle)));
            check(key, "dateDebutFacturation", "start_date", s, startByEvidence, row, cleanOfAmbiguous, loggedByField, determined, wrong, unlogged);
        });
        assertTrue(determined[0] >= 20 * scale, "values the evidence determines: " + determined[0]);
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " evidence-determined values stored wrong");
        assertEquals(List.of(), unlogged.subList(0, Math.min(20, unlogged.size())), unlogged.size() + " ambiguous values without a repair-log line");

        JsonNode report = Json.MAPPER.readTree(dir.resolve("report.json").toFile());
        long policyLines = decidedLines.stream().filter(l -> l.get("decided").asText().equals("policy")).count();
        assertEquals(report.get("totals").get("values_ambiguous_by_policy").asLong(), policyLines, "every value read by policy is in the repair log");
        assertEquals(report.get("repair_log").get("policy").asLong(), policyLines);
        // the score: a policy reading different from the clean value is wrong, counted as such
        long policyWrong = 0;
        for (JsonNode l : decidedLines) {
            String clean = cleanOfAmbiguous.get(l.get("table").asText() + " " + l.get("key").asText() + " " + l.get("field").asText());
            if (l.get("decided").asText().equals("policy") && clean != null && !clean.equals(l.get("stored").asText())) policyWrong++;
        }
        JsonNode score = report.get("ground_truth");
        assertTrue(policyWrong > 0, "the generator writes records only the policy can read, some of them month first");
        assertEquals(policyWrong, score.get("wrong_by_policy").asLong(), score.toString());
        assertTrue(score.get("wrong").asLong() >= policyWrong, score.toString());
        assertEquals(0, score.get("wrong_by_evidence").asLong(), score.toString());
        System.out.printf("scale %d: %d subscription dates the evidence determines, %d stored wrong; %d values read by policy, %d of them wrong;"
            + " score: wrong %d, decided exact/evidence/policy %d/%d/%d%n", scale, determined[0], wrong.size(), policyLines, policyWrong,
            score.get("wrong").asLong(), score.get("decided_exact").asLong(), score.get("decided_by_evidence").asLong(),
            score.get("decided_by_policy").asLong());
    }

    private static void check(String key, String field, String column, Set<LocalDate> readings, LocalDate byEvidence, JsonNode row,
                              Map<String, String> clean, Map<String, JsonNode> logged, int[] determined, List<String> wrong, List<String> unlogged) {
        if (readings.size() != 2) return;
        String where = SUBS + " " + key + " " + field;
        if (!logged.containsKey(where)) unlogged.add(where + " -> " + row.get(column));
        if (byEvidence == null) return;
        determined[0]++;
        String expected = clean.get(where);
        if (expected == null || !expected.equals(byEvidence.toString())) {
            throw new AssertionError("the test's own evidence disagrees with the ground truth: " + where + " " + byEvidence + " vs " + expected);
        }
        if (!expected.equals(row.get(column).asText())) wrong.add(where + " expected " + expected + ", stored " + row.get(column));
    }

    private static LocalDate only(Set<LocalDate> s) {
        return s.iterator().next();
    }

    /** The one reading equal to {@code d}, when exactly one reading is. */
    private static LocalDate sameAs(Set<LocalDate> readings, LocalDate d) {
        return oneThat(readings, d::equals);
    }

    private static LocalDate oneThat(Set<LocalDate> readings, java.util.function.Predicate<LocalDate> p) {
        LocalDate found = null;
        for (LocalDate d : readings) {
            if (!p.test(d)) continue;
            if (found != null) return null;
            found = d;
        }
        return found;
    }

    /** The generator's cycles: +1 day, +7 days, +15 days, +1 month, +1 year. */
    private static LocalDate oneCycleAfter(LocalDate d, String cycle) {
        if (cycle == null) return null;
        return switch (cycle) {
            case "DAILY" -> d.plusDays(1);
            case "WEEKLY" -> d.plusDays(7);
            case "SEMIMONTHLY" -> d.plusDays(15);
            case "MONTHLY" -> d.plusMonths(1);
            case "ANNUAL" -> d.plusYears(1);
            default -> null;
        };
    }

    /** Calls {@code each} with every record of one top-level array of a JSON object file, one record in memory at a time. */
    static void stream(Path file, String table, Consumer<JsonNode> each) throws Exception {
        try (JsonParser p = Json.MAPPER.getFactory().createParser(file.toFile())) {
            p.setCodec(Json.MAPPER);
            if (p.nextToken() != JsonToken.START_OBJECT) throw new AssertionError(file + " is not a JSON object");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!name.equals(table)) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() == JsonToken.START_OBJECT) each.accept(p.readValueAsTree());
            }
        }
    }
}
