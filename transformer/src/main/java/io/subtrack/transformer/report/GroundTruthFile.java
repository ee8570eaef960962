package io.subtrack.transformer.report;

import static io.subtrack.common.schema.RawFields.RAW_ID;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.subtrack.common.json.Json;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads the generator's ground-truth file: the entries, one at a time, as the fields the scorer reads. */
final class GroundTruthFile {
    private GroundTruthFile() {}

    /** The fields of an entry the scorer reads, each as its JSON value (null when absent). */
    static final class Fields {
        JsonNode table, key, rawId, field, kind, defect, expected, outcome, clean, ambiguous, dayFirstReading;

        static Fields of(JsonNode n) {
            Fields f = new Fields();
            f.table = n.get("table");
            f.key = n.get("key");
            f.rawId = n.get(RAW_ID);
            f.field = n.get("field");
            f.kind = n.get("kind");
            f.defect = n.get("defect");
            f.expected = n.get("expected");
            f.outcome = n.get("outcome");
            f.clean = n.get("clean");
            f.ambiguous = n.get("ambiguous");
            f.dayFirstReading = n.get("day_first_reading");
            return f;
        }

        /** Reads one object from its START_OBJECT token without building a tree of it. */
        static Fields read(JsonParser p) throws IOException {
            Fields f = new Fields();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                JsonNode value = v == JsonToken.VALUE_STRING ? TextNode.valueOf(p.getText()) : null;
                switch (name) {
                    case "table" -> f.table = value != null ? value : p.readValueAsTree();
                    case "key" -> f.key = value != null ? value : p.readValueAsTree();
                    case RAW_ID -> f.rawId = value != null ? value : p.readValueAsTree();
                    case "field" -> f.field = value != null ? value : p.readValueAsTree();
                    case "kind" -> f.kind = value != null ? value : p.readValueAsTree();
                    case "defect" -> f.defect = value != null ? value : p.readValueAsTree();
                    case "expected" -> f.expected = value != null ? value : p.readValueAsTree();
                    case "outcome" -> f.outcome = value != null ? value : p.readValueAsTree();
                    case "clean" -> f.clean = value != null ? value : p.readValueAsTree();
                    case "ambiguous" -> f.ambiguous = value != null ? value : p.readValueAsTree();
                    case "day_first_reading" -> f.dayFirstReading = value != null ? value : p.readValueAsTree();
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new IOException("malformed entry at " + p.currentLocation());
            return f;
        }
    }

    /**
     * One document (array or wrapping object) or a sequence of root objects (JSON lines). JSON lines
     * are read token by token, one entry at a time, without a tree per line (over a million lines at
     * a million records).
     */
    static void read(Path file, java.util.function.Consumer<Fields> sink) throws IOException {
        try (JsonParser p = Json.MAPPER.createParser(file.toFile())) {
            if (p.nextToken() == null) return;
            JsonNode first = p.readValueAsTree();
            JsonToken t = p.nextToken();
            if (t == null) {
                List<JsonNode> out = new ArrayList<>();
                collect(first, null, out);
                for (JsonNode n : out) sink.accept(Fields.of(n));
                return;
            }
            if (first.isObject()) sink.accept(Fields.of(first));
            for (; t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT) {
                    sink.accept(Fields.read(p));
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    /** Finds entry objects in an array, in an object wrapping an array, or in {table: [entries]}. */
    private static void collect(JsonNode node, String table, List<JsonNode> out) {
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (n.isObject() && table != null && !n.has("table")) ((ObjectNode) n).put("table", table);
                if (n.isObject()) out.add(n);
            }
        } else if (node.isObject()) {
            if (node.has("table") && (node.has("kind") || node.has("field"))) {
                out.add(node);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isContainerNode()) collect(e.getValue(), e.getKey().startsWith("raw_") ? e.getKey() : table, out);
            }
        }
    }
}
