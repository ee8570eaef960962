package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.kafka.DeadLetters;
import io.subtrack.common.kafka.Envelope;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.test.Fixtures;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The fixture lands verbatim; poison messages are dead-lettered and the rest load. */
@ExtendWith(EmbeddedStackExtension.class)
class RawPathIT {
    @TempDir static Path dir;
    static EmbeddedStack stack;

    @BeforeAll
    static void start(EmbeddedStack started) throws Exception {
        stack = started;
    }


    @Test
    void fixtureLandsInTheRawTablesWithValuesUnchanged() throws Exception {
        String topic = "raw_fixture";
        var produced = EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--input", Fixtures.rawSample().toString());
        assertEquals(0, produced.exitCode(), produced.output());
        assertEquals(1670, produced.summary("in"));
        assertEquals(1670 + 3, produced.summary("out"), "the records and an end-of-extract marker on each of the 3 partitions");

        var consumed = EmbeddedStack.run(new ConsumerRawCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--group", "fixture", "--jdbc-url", stack.jdbcUrl("fixture"), "--idle-timeout", "1s");
        assertEquals(0, consumed.exitCode(), consumed.output());
        assertEquals(1670, consumed.summary("out"));

        JsonNode fixture = Json.MAPPER.readTree(Fixtures.rawSample().toFile());
        io.subtrack.common.crypto.FieldCipher cipher = io.subtrack.common.crypto.FieldCipher.load(FieldKeys.file());
        try (Connection c = stack.db("fixture"); Statement st = c.createStatement()) {
            for (RawTable t : RawTable.all()) {
                JsonNode records = fixture.get(t.tableName());
                assertEquals(records.size(), stack.count("fixture", t.tableName()), t.tableName());
                Map<String, Map<String, String>> byRawId = new HashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + t.tableName() + "\"")) {
                    while (rs.next()) {
                        Map<String, String> row = new HashMap<>();
                        for (String f : t.fields()) row.put(f, rs.getString(f));
                        byRawId.put(rs.getString("raw_id"), row);
                    }
                }
                for (JsonNode rec : records) {
                    Map<String, String> row = byRawId.get(rec.get("raw_id").asText());
                    Iterator<Map.Entry<String, JsonNode>> fields = rec.fields();
                    while (fields.hasNext()) {
                        var f = fields.next();
                        String expected = f.getValue().isNull() ? null
                            : f.getValue().isBigDecimal() ? f.getValue().decimalValue().toPlainString() : f.getValue().asText();
                        String stored = row.get(f.getKey());
                        if (expected != null && t.sensitiveFields().contains(f.getKey())) {
                            // a sensitive field lands as its ciphertext, which decrypts to the file's value
                            assertTrue(io.subtrack.common.crypto.FieldCipher.isCiphertext(stored), t.tableName() + " " + f.getKey() + " encrypted");
                            stored = cipher.decrypt(t, f.getKey(), stored, "raw_id " + rec.get("raw_id"));
                        }
                        assertEquals(expected, stored, t.tableName() + " raw_id " + rec.get("raw_id") + " " + f.getKey());
                    }
                }
            }
        }
    }

    @Test
    void poisonMessagesGoToTheErrorsTopicWithTheirOriginAndTheRestLoad() throws Exception {
        String topic = "raw_poison";
        String errors = "raw_poison_errors";
        Map<String, Object> cfg = Map.of("bootstrap.servers", stack.bootstrap());
        try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(cfg, new ByteArraySerializer(), new ByteArraySerializer())) {
            // created with one partition so the order below is the order of consumption
            try (var admin = org.apache.kafka.clients.admin.Admin.create(cfg)) {
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
            }
            String good1 = "{\"userId\":\"USR00001\",\"raw_id\":1,\"date_extraction\":\"2025-01-01 00:00:00\",\"source_system\":\"Web_Form\"}";
            String good2 = "{\"userId\":\"USR00002\",\"raw_id\":2,\"date_extraction\":\"2025-01-01 00:00:00\",\"source_system\":\"Web_Form\"}";
            send(p, topic, "{\"table\":\"raw_Admin\",\"record\":" + good1 + "}");
            send(p, topic, "{not json");
            send(p, topic, "{\"table\":\"raw_Unknown\",\"record\":{}}");
            send(p, topic, "{\"table\":\"raw_Admin\",\"record\":{\"userId\":\"" + "x".repeat(5000) + "\"}}");
            send(p, topic, "{\"table\":\"raw_Admin\",\"record\":" + good2 + "}");
        }
        var consumed = EmbeddedStack.run(new ConsumerRawCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--errors-topic", errors, "--group", "poison", "--jdbc-url", stack.jdbcUrl("poison"),
            "--idle-timeout", "1s");
        assertEquals(0, consumed.exitCode(), consumed.output());
        assertEquals(2, stack.count("poison", "raw_Admin"), "the records around the poison load");
        assertEquals(3, consumed.summary("rejected"));

        List<ConsumerRecord<byte[], byte[]>> letters = stack.readAll(errors);
        assertEquals(3, letters.size());
        Map<Long, String> reasons = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> l : letters) {
            assertEquals(topic, Envelope.header(l.headers(), DeadLetters.ORIGIN_TOPIC));
            assertEquals("0", Envelope.header(l.headers(), DeadLetters.ORIGIN_PARTITION));
            assertTrue(Envelope.header(l.headers(), DeadLetters.ERROR_CLASS).endsWith("PoisonMessageException"));
            reasons.put(Long.parseLong(Envelope.header(l.headers(), DeadLetters.ORIGIN_OFFSET)),
                Envelope.header(l.headers(), DeadLetters.ERROR_MESSAGE));
        }
        assertTrue(reasons.get(1L).startsWith("invalid JSON"), reasons.toString());
        assertTrue(reasons.get(2L).contains("unknown table \"raw_Unknown\""), reasons.toString());
        assertTrue(reasons.get(3L).contains("holds 5000 characters"), reasons.toString());
    }

    @Test
    void aMalformedFileStopsTheProducerWithItsPositionAndPublishesNothing() throws Exception {
        String topic = "raw_malformed";
        StringBuilder json = new StringBuilder("{\"raw_Admin\": [\n");
        for (int i = 1; i <= 2500; i++) { // more than one read-ahead chunk before the bad record
            json.append("  {\"userId\": \"USR").append(i).append("\", \"raw_id\": ").append(i).append("},\n");
        }
        json.append("  {\"userId\": \"USR9\", \"raw_id\": tru}\n]}\n"); // line 2502
        Path file = dir.resolve("malformed.json");
        java.nio.file.Files.writeString(file, json);
        var produced = EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--input", file.toString());
        assertEquals(1, produced.exitCode(), produced.output());
        assertTrue(produced.output().contains("malformed.json:2502:"), produced.output());
        // an extract is all or nothing: the records before the bad one are not published either
        assertTrue(produced.output().contains("nothing was published"), produced.output());
        assertEquals(0, stack.readAll(topic).size(), "nothing of the file is in the topic");
    }

    private static void send(KafkaProducer<byte[], byte[]> p, String topic, String value) throws Exception {
        p.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8))).get();
    }
}
