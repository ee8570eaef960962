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

    /**
     * Builds key and value of one record straight from the file: the value is the envelope around
     * the record's own source bytes (whitespace between tokens dropped), so strings are neither
     * decoded nor re-encoded; only the key fields are read. The same JSON as {@link #value} of the
     * record read as a tree, token for token (numbers and escapes as the file writes them). One
     * instance per thread; {@link #key()} and {@link #value()} describe the last record encoded.
     */
    public static final class Encoder implements io.subtrack.common.json.TableFileReader.RecordSink {
        private final java.util.function.Function<String, List<String>> keyFieldsOfTable;
        /** Rewrites the records of some tables (producer-raw's field encryption); null: none. */
        private final Rewriter rewriter;
        private final java.util.Map<String, byte[]> prefixOfTable = new java.util.HashMap<>();
        private final io.subtrack.common.json.SourceWindow.ByteSink buffer = new io.subtrack.common.json.SourceWindow.ByteSink();
        private String[] keyValues = new String[4];
        private String table;
        private byte[] key;
        private byte[] value;

        public Encoder(java.util.function.Function<String, List<String>> keyFieldsOfTable) {
            this(keyFieldsOfTable, null);
        }

        public Encoder(java.util.function.Function<String, List<String>> keyFieldsOfTable, Rewriter rewriter) {
            this.keyFieldsOfTable = keyFieldsOfTable;
            this.rewriter = rewriter;
        }

        @Override
        public void accept(String table, com.fasterxml.jackson.core.JsonParser p,
                           io.subtrack.common.json.SourceWindow source) throws IOException {
            this.table = table;
            List<String> keyFields = keyFieldsOfTable.apply(table);
            if (rewriter != null && rewriter.rewrites(table)) {
                // the slow path, for the few tables with fields to rewrite: the record read as a tree, rewritten, written
                JsonNode node = Json.MAPPER.readTree(p);
                ObjectNode record = (ObjectNode) node;
                rewriter.rewrite(table, record);
                value = Envelope.value(table, record);
                key = Envelope.key(table, keyFields, record);
                return;
            }
            if (keyValues.length < keyFields.size()) keyValues = new String[keyFields.size()];
            java.util.Arrays.fill(keyValues, null);
            long start = p.currentTokenLocation().getByteOffset(); // the record's '{'
            for (com.fasterxml.jackson.core.JsonToken t = p.nextToken(); t != com.fasterxml.jackson.core.JsonToken.END_OBJECT; t = p.nextToken()) {
                String name = p.currentName(); // t is a FIELD_NAME of the record
                com.fasterxml.jackson.core.JsonToken v = p.nextToken();
                int k = keyFields.indexOf(name);
                if (k >= 0) keyValues[k] = keyText(p, v);
                // a nested value (raw columns refuse them later, but the message carries what the file has)
                if (v.isStructStart()) p.skipChildren();
            }
            long end = p.currentTokenLocation().getByteOffset() + 1; // after the record's '}'
            buffer.reset();
            buffer.write(prefixOfTable.computeIfAbsent(table, Encoder::prefix));
            source.copyCompact(start, end, buffer);
            buffer.write((byte) '}');
            value = buffer.toByteArray();
            StringBuilder sb = new StringBuilder(table.length() + 24).append(table).append(':');
            for (int i = 0; i < keyFields.size(); i++) {
                if (i > 0) sb.append('|');
                if (keyValues[i] != null) sb.append(keyValues[i]);
            }
            key = sb.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** {@code {"table":"<table>","record":} with the name escaped as JSON. */
        private static byte[] prefix(String table) {
            try {
                byte[] name = Json.MAPPER.writeValueAsBytes(table);
                byte[] head = "{\"table\":".getBytes(StandardCharsets.UTF_8);
                byte[] tail = ",\"record\":".getBytes(StandardCharsets.UTF_8);
                byte[] out = java.util.Arrays.copyOf(head, head.length + name.length + tail.length);
                System.arraycopy(name, 0, out, head.length, name.length);
                System.arraycopy(tail, 0, out, head.length + name.length, tail.length);
                return out;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** What {@code JsonNode.asText()} of the value read as a tree gives, or null for JSON null. */
        private static String keyText(com.fasterxml.jackson.core.JsonParser p, com.fasterxml.jackson.core.JsonToken v) throws IOException {
            switch (v) {
                case VALUE_NULL: return null;
                case VALUE_NUMBER_INT: return p.getNumberValue().toString();
                case VALUE_NUMBER_FLOAT: return p.getDecimalValue().toString();
                case START_OBJECT: case START_ARRAY: return "";
                default: return p.getText();
            }
        }

        public String table() { return table; }
        public byte[] key() { return key; }
        public byte[] value() { return value; }
    }

    /**
     * Changes some fields of a record before it is sent (producer-raw encrypts the sensitive fields): the records of
     * a table it {@link #rewrites} are read as a tree, the others keep the fast path (their source bytes, copied).
     */
    public interface Rewriter {
        boolean rewrites(String table);

        /** Rewrites the record in place; never the key fields. */
        void rewrite(String table, ObjectNode record);
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
