package io.subtrack.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A written raw file read back as the processed layer would see it, independently of the generator's code: per raw
 * table, each key's latest record (the greatest date_extraction wins, as deduplication does), without its raw_id and
 * date_extraction (which every extract renumbers and restamps).
 */
final class Extract {
    /** Per raw table name, key (the table's key fields joined with '|') to the latest record's other fields. */
    final Map<String, Map<String, ObjectNode>> latest = new LinkedHashMap<>();
    /** Per raw table name, key to the latest record's date_extraction. */
    final Map<String, Map<String, String>> extractedAt = new LinkedHashMap<>();
    /** Per raw table name, the number of rows written (duplicates included). */
    final Map<String, Integer> rows = new HashMap<>();

    static Extract read(Path rawFile) throws IOException {
        Extract e = new Extract();
        JsonNode root = Json.MAPPER.readTree(rawFile.toFile());
        for (RawTable table : RawTable.all()) {
            Map<String, ObjectNode> records = new LinkedHashMap<>();
            Map<String, String> stamps = new HashMap<>();
            JsonNode rows = root.get(table.tableName());
            for (JsonNode row : rows) {
                String key = table.keyFields().stream().map(f -> row.get(f).asText()).collect(Collectors.joining("|"));
                String stamp = row.get(RawFields.EXTRACTED_AT).asText();
                if (stamps.containsKey(key) && stamps.get(key).compareTo(stamp) >= 0) continue;
                ObjectNode copy = ((ObjectNode) row).deepCopy();
                copy.remove(List.of(RawFields.RAW_ID, RawFields.EXTRACTED_AT));
                records.put(key, copy);
                stamps.put(key, stamp);
            }
            e.latest.put(table.tableName(), records);
            e.extractedAt.put(table.tableName(), stamps);
            e.rows.put(table.tableName(), rows.size());
        }
        return e;
    }

    Set<String> keys(RawTable table) {
        return latest.get(table.tableName()).keySet();
    }

    ObjectNode record(RawTable table, String key) {
        return latest.get(table.tableName()).get(key);
    }

    /** The processed key of a record of the table's processed table: its primary-key columns' raw fields joined with '|'. */
    static String processedKey(ProcessedTable processed, JsonNode record) {
        return processed.primaryKey().stream().map(c -> record.get(processed.column(c).source().field()).asText())
            .collect(Collectors.joining("|"));
    }

    /** Per processed table, the processed keys of its source table's records. */
    Set<String> processedKeys(ProcessedTable processed) {
        Set<String> keys = new HashSet<>();
        for (ObjectNode r : latest.get(processed.source().tableName()).values()) keys.add(processedKey(processed, r));
        return keys;
    }

    /** Keys of the records of {@code table} that the day-1 ground truth rejects (a defect whose outcome is reject). */
    static Set<String> rejectedByTruth(List<JsonNode> groundTruth, RawTable table) {
        Set<String> keys = new HashSet<>();
        for (JsonNode e : groundTruth) {
            if (e.get("table").asText().equals(table.tableName()) && e.has("expected")
                && e.get("expected").asText().startsWith("reject:")) keys.add(e.get("key").asText());
        }
        return keys;
    }

    /** Keys of records the day-1 ground truth gives any defect without a clean value (reject, nullify, flag, derive), duplicates aside. */
    static Set<String> withoutCleanValue(List<JsonNode> groundTruth, RawTable table) {
        Set<String> keys = new HashSet<>();
        for (JsonNode e : groundTruth) {
            if (e.get("table").asText().equals(table.tableName()) && e.has("expected")
                && !e.get("expected").asText().startsWith("drop:")) keys.add(e.get("key").asText());
        }
        return keys;
    }

    static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }

    /** Field names of a record, for comparisons that ignore none of them. */
    static Set<String> fields(ObjectNode r) {
        Set<String> names = new HashSet<>();
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }
}
