package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.crypto.FieldCipher;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.test.Fixtures;
import io.subtrack.consumer.processed.ConsumerProcessedCommand;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.generator.GeneratorCommand;
import io.subtrack.producer.processed.ProducerProcessedCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import io.subtrack.transformer.TransformerCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Card numbers and passwords are ciphertext from the first hop on. The six stages run on the
 * generator's default file and on the shared fixture (plus one record whose card is a nested value, so the dead-letter
 * topic holds something); no full card number (12-19 digits passing Luhn) and no password of the input appears in the
 * raw topic, the dead-letter topic, the raw tables or what the stages print. The processed layer and the quality
 * report equal those of the same run without encryption. A topic under two keys (a rotation) loads and transforms
 * completely; no key, or a wrong one, is one line and exit 1 with nothing written.
 */
@ExtendWith(EmbeddedStackExtension.class)
class FieldEncryptionIT {
    @TempDir static Path dir;
    static EmbeddedStack stack;
    static Path generated;
    static Path fixture;

    @BeforeAll
    static void start(EmbeddedStack started) throws Exception {
        stack = started;
        generated = dir.resolve("generated.json");
        FullPipelineIT.ok(EmbeddedStack.run(new GeneratorCommand(), "--output", generated.toString(),
            "--ground-truth", dir.resolve("generated-truth.jsonl").toString()));
        // the fixture and one more payment method whose card is a nested value: consumer-raw dead-letters it
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(Fixtures.rawSample().toFile());
        ObjectNode poison = ((com.fasterxml.jackson.databind.node.ArrayNode) root.get(RawTable.PAYMENT_METHOD.tableName())).addObject();
        poison.put(RawFields.RAW_ID, 999_999).put(RawFields.PAYMENT_ID, "PAY-NESTED").put(RawFields.USER_ID, "USR00001");
        poison.putObject(RawFields.METHOD_CARD).put("number", "4012888888881881");
        poison.put(RawFields.EXTRACTED_AT, "2025-01-01 00:00:00").put(RawFields.SOURCE_SYSTEM, "Web_Form");
        fixture = dir.resolve("fixture.json");
        Json.MAPPER.writeValue(fixture.toFile(), root);
    }

    /** One pipeline run's topics, database and outputs. */
    record Pipeline(String name, String rawTopic, String errorsTopic, String db, Path cleaned, Path report, List<EmbeddedStack.Run> runs) {
        String printed() {
            StringBuilder sb = new StringBuilder();
            for (EmbeddedStack.Run r : runs) sb.append(r.output()).append('\n');
            return sb.toString();
        }
    }

    static Pipeline runSix(String name, Path input, String... producerOptions) {
        String bs = stack.bootstrap();
        String rawTopic = name + "_raw", errors = name + "_errors", processedTopic = name + "_processed";
        String db = stack.jdbcUrl(name);
        Path cleaned = dir.resolve(name + "-cleaned.json");
        Path report = dir.resolve(name + "-quality");
        List<EmbeddedStack.Run> runs = new ArrayList<>();
        List<String> p = new ArrayList<>(List.of("--bootstrap-server", bs, "--topic", rawTopic, "--errors-topic", errors,
            "--input", input.toString()));
        p.addAll(List.of(producerOptions));
        runs.add(FullPipelineIT.ok(EmbeddedStack.run(new ProducerRawCommand(), p.toArray(String[]::new))));
        // the consumers stop at the count their producer sent (end-of-extract markers included), the idle timeout a guard
        runs.add(EmbeddedStack.run(new ConsumerRawCommand(), "--bootstrap-server", bs, "--topic", rawTopic, "--errors-topic", errors,
            "--group", name, "--jdbc-url", db, "--max-messages", String.valueOf(runs.get(0).summary("out")), "--idle-timeout", "1s"));
        assertEquals(0, runs.get(1).exitCode(), runs.get(1).output());
        runs.add(FullPipelineIT.ok(EmbeddedStack.run(new TransformerCommand(), "--jdbc-url", db, "--output", cleaned.toString(),
            "--rejected", dir.resolve(name + "-rejected.json").toString(), "--report", report.toString())));
        runs.add(FullPipelineIT.ok(EmbeddedStack.run(new ProducerProcessedCommand(), "--bootstrap-server", bs, "--topic", processedTopic,
            "--input", cleaned.toString())));
        runs.add(FullPipelineIT.ok(EmbeddedStack.run(new ConsumerProcessedCommand(), "--bootstrap-server", bs, "--topic", processedTopic,
            "--group", name + "-p", "--jdbc-url", db, "--max-messages", String.valueOf(runs.get(3).summary("out")),
            "--idle-timeout", "1s")));
        return new Pipeline(name, rawTopic, errors, db, cleaned, report, runs);
    }

    // ---- what counts as a leak ----

    private static final Pattern DIGITS = Pattern.compile("\\d{12,19}");

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** Every run of 12-19 digits in the text that passes the Luhn check. */
    static List<String> cardNumbers(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = DIGITS.matcher(text);
        while (m.find()) if (luhn(m.group())) found.add(m.group());
        return found;
    }

    /** The input's secrets: its card values holding a Luhn-valid number (as written, and as digits), and its passwords. */
    static Set<String> secrets(Path input) throws Exception {
        JsonNode root = Json.MAPPER.readTree(input.toFile());
        String whole = Files.readString(input);
        Set<String> secrets = new HashSet<>();
        for (JsonNode r : root.get(RawTable.PAYMENT_METHOD.tableName())) {
            JsonNode v = r.get(RawFields.METHOD_CARD);
            if (v == null || v.isNull()) continue;
            String text = v.isValueNode() ? v.asText() : v.toString();
            String digits = text.replaceAll("[^0-9]", "");
            if (digits.length() >= 12 && digits.length() <= 19 && luhn(digits)) {
                secrets.add(digits);
                if (v.isValueNode()) secrets.add(text);
            }
        }
        for (JsonNode r : root.get(RawTable.USER.tableName())) {
            JsonNode v = r.get(RawFields.USER_PASSWORD);
            if (v == null || v.isNull() || v.asText().length() < 6) continue;
            // a password that is also some other value of the file (a common word) cannot be told apart: not counted
            int occurrences = whole.split(Pattern.quote(Json.MAPPER.writeValueAsString(v.asText())), -1).length - 1;
            if (occurrences == countPasswords(root, v.asText())) secrets.add(v.asText());
        }
        return secrets;
    }

    private static int countPasswords(JsonNode root, String password) {
        int n = 0;
        for (JsonNode r : root.get(RawTable.USER.tableName())) {
            JsonNode v = r.get(RawFields.USER_PASSWORD);
            if (v != null && password.equals(v.asText())) n++;
        }
        return n;
    }

    static void assertNoSecret(String where, String text, Set<String> secrets) {
        // the stages name their files, under JUnit's junit-<19 random digits> folder: a number that passes the
        // Luhn check one run in ten, and no card
        text = text.replace(dir.toString(), "<test dir>");
        assertEquals(List.of(), cardNumbers(text), "no full card number in " + where);
        for (String s : secrets) assertFalse(text.contains(s), where + " holds a card number or password of the input");
    }

    static String topicText(String topic) {
        StringBuilder sb = new StringBuilder();
        for (ConsumerRecord<byte[], byte[]> r : stack.readAll(topic)) {
            if (r.key() != null) sb.append(new String(r.key(), StandardCharsets.UTF_8)).append('\n');
            if (r.value() != null) sb.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n');
            for (Header h : r.headers()) sb.append(h.key()).append('=').append(new String(h.value(), StandardCharsets.UTF_8)).append('\n');
        }
        return sb.toString();
    }

    /** Every value of every raw table, read with plain JDBC (the binary record hash aside). */
    static String rawTablesText(String name) throws Exception {
        StringBuilder sb = new StringBuilder();
        try (Connection c = stack.db(name); Statement st = c.createStatement()) {
            for (RawTable t : RawTable.all()) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + t.tableName() + "\"")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            if (md.getColumnName(i).equals(RawTable.RECORD_HASH_COLUMN)) continue;
                            sb.append(rs.getString(i)).append('\t');
                        }
                        sb.append('\n');
                    }
                }
            }
        }
        return sb.toString();
    }

    static List<String> column(String name, RawTable table, String field) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = stack.db(name); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT \"" + field + "\" FROM \"" + table.tableName() + "\"")) {
            while (rs.next()) if (rs.getString(1) != null) out.add(rs.getString(1));
        }
        return out;
    }

    static Map<String, Long> processedCounts(String name) throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ProcessedTable t : ProcessedTable.values()) counts.put(t.tableName(), stack.count(name, t.tableName()));
        return counts;
    }

    /**
     * The report's counts, its rules' counts and, where scored, its score. Not the rules' examples: they are the first
     * rows met, and the raw load interleaves the topic's partitions differently from run to run.
     */
    static JsonNode comparableReport(Path report) throws Exception {
        ObjectNode r = (ObjectNode) Json.MAPPER.readTree(Path.of(report + ".json").toFile());
        ObjectNode out = Json.MAPPER.createObjectNode();
        for (String k : List.of("totals", "raw_tables", "processed_tables", "rules", "ground_truth", "score")) {
            if (r.has(k)) out.set(k, r.get(k).deepCopy());
        }
        if (out.has("rules")) for (JsonNode rule : out.get("rules")) ((ObjectNode) rule).remove("examples");
        return out;
    }

    // ---- the tests ----

    @Test
    void generatorDefaultNothingSensitiveLeavesTheFirstHopAndTheProcessedLayerIsUnchanged() throws Exception {
        noLeakAndSameResultAsPlaintext("gen", generated);
    }

    @Test
    void sharedFixtureNothingSensitiveLeavesTheFirstHopAndTheProcessedLayerIsUnchanged() throws Exception {
        noLeakAndSameResultAsPlaintext("fix", fixture);
    }

    void noLeakAndSameResultAsPlaintext(String name, Path input) throws Exception {
        Set<String> secrets = secrets(input);
        assertFalse(secrets.isEmpty(), "the input holds card numbers and passwords");
        assertFalse(cardNumbers(Files.readString(input)).isEmpty(), "the detector finds the input's card numbers");

        Pipeline enc = runSix(name + "_enc", input);
        assertTrue(enc.runs().get(0).output().contains("field encryption"), "producer-raw's summary names the encrypted fields");
        assertNoSecret("the raw topic", topicText(enc.rawTopic()), secrets);
        String deadLetters = topicText(enc.errorsTopic());
        if (input.equals(fixture)) assertTrue(deadLetters.contains("PAY-NESTED"), "the nested card was dead-lettered:\n" + deadLetters);
        assertNoSecret("the dead-letter topic", deadLetters, secrets);
        assertNoSecret("the raw tables", rawTablesText(enc.name()), secrets);
        assertNoSecret("what the stages printed", enc.printed(), secrets);
        for (String f : new String[] {enc.report() + ".json", enc.report() + ".html", enc.cleaned().toString(),
                                      dir.resolve(enc.name() + "-rejected.json").toString()}) {
            assertNoSecret(f, Files.readString(Path.of(f)), secrets);
        }
        Path repairs = enc.cleaned().resolveSibling("repairs.jsonl");
        if (Files.exists(repairs)) assertNoSecret("repairs.jsonl", Files.readString(repairs), secrets);
        List<String> cards = column(enc.name(), RawTable.PAYMENT_METHOD, RawFields.METHOD_CARD);
        List<String> passwords = column(enc.name(), RawTable.USER, RawFields.USER_PASSWORD);
        assertFalse(cards.isEmpty());
        assertFalse(passwords.isEmpty());
        for (String v : cards) assertTrue(FieldCipher.isCiphertext(v) && v.length() <= 4000, "card column holds ciphertext");
        for (String v : passwords) assertTrue(FieldCipher.isCiphertext(v), "password column holds ciphertext");

        // the same input without encryption: the same processed layer, the same quality report
        Pipeline plain = runSix(name + "_plain", input, "--no-field-encryption");
        assertTrue(plain.runs().get(0).output().contains("OFF (--no-field-encryption)"), plain.runs().get(0).output());
        assertFalse(cardNumbers(rawTablesText(plain.name())).isEmpty(), "without encryption the raw tables hold the cards (the check can fail)");
        assertSameRows(plain.cleaned(), enc.cleaned());
        assertEquals(comparableReport(plain.report()), comparableReport(enc.report()), "quality report");
        assertEquals(processedCounts(plain.name()), processedCounts(enc.name()), "processed tables");
        assertEquals(processedRows(plain.name()), processedRows(enc.name()), "processed rows");
    }

    /**
     * The same rows per table in two cleaned files, in any order (the raw load interleaves partitions), the extract
     * each row was stamped with aside (a run of two days is stamped with the second).
     */
    static void assertSameRows(Path expectedFile, Path actualFile) throws Exception {
        JsonNode expected = Json.MAPPER.readTree(expectedFile.toFile());
        JsonNode actual = Json.MAPPER.readTree(actualFile.toFile());
        assertEquals(iterable(expected.fieldNames()), iterable(actual.fieldNames()), "tables");
        for (String table : iterable(expected.fieldNames())) {
            List<String> e = rows(expected.get(table));
            List<String> a = rows(actual.get(table));
            assertEquals(e.size(), a.size(), table + " rows");
            for (int i = 0; i < e.size(); i++) assertEquals(e.get(i), a.get(i), table);
        }
    }

    private static List<String> iterable(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<String> rows(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode r : array) {
            ObjectNode o = ((ObjectNode) r).deepCopy();
            o.remove("extract_id");
            o.remove("extract_date");
            out.add(o.toString());
        }
        out.sort(null);
        return out;
    }

    /** The processed tables' business columns (lineage and load times aside), as sorted row texts. */
    static Map<String, List<String>> processedRows(String name) throws Exception {
        Map<String, List<String>> out = new LinkedHashMap<>();
        try (Connection c = stack.db(name); Statement st = c.createStatement()) {
            for (ProcessedTable t : ProcessedTable.values()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + t.tableName() + "\"")) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder sb = new StringBuilder();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            String col = md.getColumnName(i);
                            if (col.startsWith("kafka_") || col.startsWith("extract_") || col.equals("ingested_at") || col.equals("loaded_at")
                                || col.equals("run_id") || col.equals("row_id")) continue;
                            sb.append(col).append('=').append(rs.getString(i)).append(' ');
                        }
                        rows.add(sb.toString());
                    }
                }
                rows.sort(null);
                out.put(t.tableName(), rows);
            }
        }
        return out;
    }

    @Test
    void aTopicUnderTwoKeysLoadsAndTransformsCompletely() throws Exception {
        Path keys = dir.resolve("rotating-keys.json");
        FieldCipher.create(keys);
        String bs = stack.bootstrap();
        String topic = "rot_raw";
        String db = stack.jdbcUrl("rot");
        // day 1 under the first key, then a key added as primary (producer-raw --rotate-field-key), day 2 under it
        FullPipelineIT.ok(EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", bs, "--topic", topic, "--input",
            generated.toString(), "--extract-date", "2025-01-01", "--field-key-file", keys.toString()));
        EmbeddedStack.Run rotated = FullPipelineIT.ok(EmbeddedStack.run(new ProducerRawCommand(), "--rotate-field-key", keys.toString()));
        assertFalse(rotated.output().contains("\"value\""), "the keyset is never printed");
        FullPipelineIT.ok(EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", bs, "--topic", topic, "--input",
            generated.toString(), "--extract-date", "2025-01-02", "--field-key-file", keys.toString()));
        FullPipelineIT.ok(EmbeddedStack.run(new ConsumerRawCommand(), "--bootstrap-server", bs, "--topic", topic, "--group", "rot",
            "--jdbc-url", db, "--idle-timeout", "1s"));

        List<String> cards = column("rot", RawTable.PAYMENT_METHOD, RawFields.METHOD_CARD);
        Set<String> keyIds = new HashSet<>();
        for (String v : cards) keyIds.add(v.substring(FieldCipher.PREFIX.length(), FieldCipher.PREFIX.length() + 6)); // 0x01 + key id
        assertEquals(2, keyIds.size(), "the raw table holds ciphertexts under two keys");
        long users = Json.MAPPER.readTree(generated.toFile()).get(RawTable.USER.tableName()).size();
        assertEquals(2 * users, stack.count("rot", RawTable.USER.tableName()), "both days stored (different ciphertexts, different extracts)");

        Path cleaned = dir.resolve("rot-cleaned.json");
        EmbeddedStack.Run t = FullPipelineIT.ok(EmbeddedStack.run(new TransformerCommand(), "--jdbc-url", db, "--full",
            "--output", cleaned.toString(), "--rejected", dir.resolve("rot-rejected.json").toString(),
            "--report", dir.resolve("rot-quality").toString(), "--field-key-file", keys.toString()));
        JsonNode rep = Json.MAPPER.readTree(dir.resolve("rot-quality.json").toFile());
        assertEquals(2 * users, rep.get("raw_tables").get(RawTable.USER.tableName()).get("in").asLong(), t.output());
        // both days' rows were read and decrypted: each day's users are all there, as in a plaintext run of one day
        Pipeline baseline = runSix("rotbase", generated, "--no-field-encryption");
        assertSameRows(baseline.cleaned(), cleaned);
    }

    @Test
    void noKeyOrAWrongKeyIsOneLineAndExit1WithNothingWrittenInPlaintext() throws Exception {
        String bs = stack.bootstrap();
        // producer-raw with no key: refuses before sending anything
        EmbeddedStack.Run noKey = EmbeddedStack.runAsGiven(new ProducerRawCommand(), "--bootstrap-server", bs, "--topic", "nokey_raw",
            "--input", fixture.toString());
        assertEquals(1, noKey.exitCode(), noKey.output());
        assertOneLineError(noKey, "no field key");
        assertEquals(List.of(), stack.readAll("nokey_raw"), "nothing published");
        // a key file that is not a keyset
        Path bad = dir.resolve("bad-keys.json");
        Files.writeString(bad, "{\"primaryKeyId\": 1}");
        EmbeddedStack.Run badKey = EmbeddedStack.runAsGiven(new ProducerRawCommand(), "--bootstrap-server", bs, "--topic", "nokey_raw",
            "--input", fixture.toString(), "--field-key-file", bad.toString());
        assertEquals(1, badKey.exitCode(), badKey.output());
        assertOneLineError(badKey, "is not a Tink DeterministicAead keyset");

        // raw tables under the test key; the transformer without it, then with another key
        String db = stack.jdbcUrl("wrongkey");
        FullPipelineIT.ok(EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", bs, "--topic", "wrongkey_raw",
            "--input", generated.toString()));
        FullPipelineIT.ok(EmbeddedStack.run(new ConsumerRawCommand(), "--bootstrap-server", bs, "--topic", "wrongkey_raw",
            "--group", "wrongkey", "--jdbc-url", db, "--idle-timeout", "1s"));
        Set<String> secrets = secrets(generated);
        Path other = dir.resolve("other-keys.json");
        FieldCipher.create(other);
        for (String[] keyArgs : new String[][] {{}, {"--field-key-file", other.toString()}}) {
            Path out = dir.resolve("wk-" + keyArgs.length + "-cleaned.json");
            Path rejected = dir.resolve("wk-" + keyArgs.length + "-rejected.json");
            List<String> args = new ArrayList<>(List.of("--jdbc-url", db, "--output", out.toString(), "--rejected", rejected.toString(),
                "--report", dir.resolve("wk-" + keyArgs.length + "-quality").toString()));
            args.addAll(List.of(keyArgs));
            EmbeddedStack.Run t = EmbeddedStack.runAsGiven(new TransformerCommand(), args.toArray(String[]::new));
            assertEquals(1, t.exitCode(), t.output());
            assertOneLineError(t, keyArgs.length == 0 ? "is encrypted and no field key was given" : "does not decrypt with the field key");
            assertTrue(t.output().contains("raw_User.motsDePasse of record") || t.output().contains("raw_MethodePaiement.informationCarte of record"),
                "names the table and field: " + t.output());
            assertNoSecret("the transformer's output", t.output(), secrets);
            assertFalse(Files.exists(out), "no cleaned output written");
            if (Files.exists(rejected)) assertNoSecret("rejected", Files.readString(rejected), secrets);
        }
    }

    /** The failure is one line (no stack trace) holding {@code expected}. */
    static void assertOneLineError(EmbeddedStack.Run run, String expected) {
        List<String> lines = run.output().lines().filter(l -> l.contains(expected)).toList();
        assertEquals(1, lines.size(), run.output());
        assertFalse(run.output().contains("\tat "), "no stack trace: " + run.output());
    }
}
