package io.subtrack.common.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka message contract (SPEC section 5): key {@code <table>:<record key>} (composite keys
 * joined with '|'), value {@code {"table": ..., "record": {...}}} as UTF-8 JSON, headers naming the
 * table, the schema version and the run id.
 */
public final class Envelope {
    public static final String HEADER_TABLE = "subtrack.table";
    public static final String HEADER_SCHEMA_VERSION = "subtrack.schema-version";
    public static final String HEADER_RUN_ID = "subtrack.run-id";
    public static final String SCHEMA_VERSION = "1";

    private Envelope() {}

    /** The message key of a record: its table and natural key, so one record always lands in one partition. */
    public static byte[] key(String table, List<String> keyFields, JsonNode record) {
        StringBuilder sb = new StringBuilder(table).append(':');
        for (int i = 0; i < keyFields.size(); i++) {
            if (i > 0) sb.append('|');
            JsonNode v = record.get(keyFields.get(i));
            if (v != null && !v.isNull()) sb.append(v.asText());
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] value(String table, JsonNode record) {
        ObjectNode env = Json.MAPPER.createObjectNode();
        env.put("table", table);
        env.set("record", record);
        try {
            return Json.MAPPER.writeValueAsBytes(env);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Headers headers(String table, String runId) {
        RecordHeaders h = new RecordHeaders();
        h.add(HEADER_TABLE, table.getBytes(StandardCharsets.UTF_8));
        h.add(HEADER_SCHEMA_VERSION, SCHEMA_VERSION.getBytes(StandardCharsets.UTF_8));
        h.add(HEADER_RUN_ID, runId.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    /** A decoded message value. */
    public record Decoded(String table, ObjectNode record) {}

    /** Decodes a value; throws {@link PoisonMessageException} when it is not an envelope. */
    public static Decoded decode(byte[] value) {
        if (value == null) throw new PoisonMessageException("empty message value");
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new PoisonMessageException("invalid JSON: " + e.getMessage().split("\n")[0]);
        }
        if (node == null || !node.isObject()) throw new PoisonMessageException("value is not a JSON object");
        JsonNode table = node.get("table");
        JsonNode record = node.get("record");
        if (table == null || !table.isTextual()) throw new PoisonMessageException("value has no \"table\" name");
        if (record == null || !record.isObject()) throw new PoisonMessageException("value has no \"record\" object");
        return new Decoded(table.asText(), (ObjectNode) record);
    }

    public static String header(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
