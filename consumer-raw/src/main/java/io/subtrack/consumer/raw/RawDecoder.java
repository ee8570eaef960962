package io.subtrack.consumer.raw;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.subtrack.common.json.Json;
import io.subtrack.common.kafka.PoisonMessageException;
import io.subtrack.common.schema.RawTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decodes a raw envelope ({@code {"table": ..., "record": {...}}}) straight from its tokens into the
 * text the raw columns hold, without building a tree per message (consumer-raw decoded a million
 * trees per million messages). The values are the JSON scalars' text, as the record read as a
 * tree with {@link Json#MAPPER} gives them: JSON null is null, decimals as plain
 * BigDecimal text, integers as written in canonical form, a repeated field keeps its last value.
 * A message that is not such an envelope, names an unknown table, has a field that is not a
 * column, a nested value or a value longer than the column is a {@link PoisonMessageException}.
 */
final class RawDecoder {
    /** A decoded record: its table and one value per field of the table, in declaration order. */
    record Decoded(RawTable table, String[] values) {}

    /** Field positions per table, so a field name is found without a list scan. */
    private static final Map<RawTable, Map<String, Integer>> POSITIONS = new HashMap<>();

    static {
        for (RawTable t : RawTable.all()) {
            Map<String, Integer> p = new HashMap<>();
            for (int i = 0; i < t.fields().size(); i++) p.put(t.fields().get(i), i);
            POSITIONS.put(t, p);
        }
    }

    private RawDecoder() {}

    static Decoded decode(byte[] value) {
        if (value == null) throw new PoisonMessageException("empty message value");
        try (JsonParser p = Json.MAPPER.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new PoisonMessageException("value is not a JSON object");
            String tableName = null;
            boolean tableSeen = false;
            // the record's fields in message order; the table may come after the record
            List<String> names = null;
            List<String> texts = null;
            for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken v = p.nextToken();
                if ("table".equals(field)) {
                    tableSeen = true;
                    tableName = v == JsonToken.VALUE_STRING ? p.getText() : null;
                    p.skipChildren();
                } else if ("record".equals(field)) {
                    if (v != JsonToken.START_OBJECT) {
                        names = null;
                        texts = null;
                        p.skipChildren();
                        continue;
                    }
                    names = new ArrayList<>(16);
                    texts = new ArrayList<>(16);
                    for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
                        names.add(p.currentName());
                        texts.add(scalar(p, p.nextToken(), names.get(names.size() - 1)));
                    }
                } else {
                    p.skipChildren();
                }
            }
            if (!tableSeen || tableName == null) throw new PoisonMessageException("value has no \"table\" name");
            if (names == null) throw new PoisonMessageException("value has no \"record\" object");
            RawTable table = RawTable.byName(tableName);
            if (table == null) throw new PoisonMessageException("unknown table \"" + tableName + "\"");
            Map<String, Integer> positions = POSITIONS.get(table);
            String[] values = new String[table.fields().size()];
            for (int i = 0; i < names.size(); i++) {
                String name = names.get(i);
                Integer at = positions.get(name);
                if (at == null) throw new PoisonMessageException("field \"" + name + "\" is not a column of " + table.tableName());
                String text = texts.get(i);
                if (text == OBJECT || text == ARRAY) {
                    throw new PoisonMessageException(table.tableName() + "." + name + " holds a JSON " + text
                        + "; raw columns hold scalars only");
                }
                if (text != null && text.length() > RawLoader.MAX_VALUE_LENGTH) {
                    throw new PoisonMessageException(table.tableName() + "." + name + " holds " + text.length()
                        + " characters; its column holds at most " + RawLoader.MAX_VALUE_LENGTH);
                }
                if (at == RawRow.SOURCE_ROW_INDEX && text != null && text.length() > RawLoader.MAX_SOURCE_ROW_LENGTH) {
                    throw new PoisonMessageException(table.tableName() + "." + name + " holds " + text.length()
                        + " characters; as the first column of the record key it holds at most " + RawLoader.MAX_SOURCE_ROW_LENGTH);
                }
                values[at] = text;
            }
            return new Decoded(table, values);
        } catch (IOException e) {
            throw new PoisonMessageException("invalid JSON: " + String.valueOf(e.getMessage()).split("\n")[0]);
        }
    }

    /** Marks a nested value (compared by identity, so no field text can be taken for one); the text names its kind. */
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String OBJECT = new String("OBJECT");
    @SuppressWarnings("StringOperationCanBeSimplified")
    private static final String ARRAY = new String("ARRAY");

    /** The text of a scalar as the tree's node would give it; nested values are marked. */
    private static String scalar(JsonParser p, JsonToken v, String name) throws IOException {
        switch (v) {
            case VALUE_NULL:
                return null;
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                return p.getNumberValue().toString();
            case VALUE_NUMBER_FLOAT:
                return p.getDecimalValue().toPlainString();
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case START_OBJECT:
                p.skipChildren();
                return OBJECT;
            case START_ARRAY:
                p.skipChildren();
                return ARRAY;
            default:
                throw new PoisonMessageException("unexpected " + v + " for field \"" + name + "\"");
        }
    }
}
