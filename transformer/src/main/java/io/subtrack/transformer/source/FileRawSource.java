package io.subtrack.transformer.source;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.json.MalformedInputException;
import io.subtrack.common.schema.RawTable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Raw records from a raw JSON file. The file is parsed once, token by token (no JSON tree), and
 * split into one spill file per table ({@link SpillStore}). Values are kept
 * as the same text the raw database stores, so file mode and database mode clean identically.
 */
public final class FileRawSource implements RawSource {
    private final Path file;
    private final SpillStore spills;
    private final Map<RawTable, Long> counts = new EnumMap<>(RawTable.class);

    public FileRawSource(Path file) throws IOException {
        this.file = file;
        this.spills = new SpillStore();
        Map<RawTable, SpillStore.TableWriter> outs = new EnumMap<>(RawTable.class);
        try (InputStream in = Files.newInputStream(file); JsonParser p = Json.MAPPER.createParser(in)) {
            split(p, outs);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            closeAll(outs);
            spills.close();
            throw new MalformedInputException(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                "invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException | RuntimeException e) {
            closeAll(outs);
            spills.close();
            throw e;
        }
        closeAll(outs);
    }

    private static void closeAll(Map<RawTable, SpillStore.TableWriter> outs) throws IOException {
        for (SpillStore.TableWriter o : outs.values()) o.close();
    }

    private void split(JsonParser p, Map<RawTable, SpillStore.TableWriter> outs) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) fail(p, "expected a JSON object of tables");
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            if (t != JsonToken.FIELD_NAME) fail(p, "expected a table name");
            String name = p.currentName();
            RawTable table = RawTable.byName(name);
            if (table == null) fail(p, "unknown table \"" + name + "\"");
            if (p.nextToken() != JsonToken.START_ARRAY) fail(p, "table \"" + name + "\" is not a JSON array");
            SpillStore.TableWriter out = outs.get(table);
            if (out == null) {
                out = spills.writer(table);
                outs.put(table, out);
            }
            String[] values = new String[table.fields().size()];
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) fail(p, "a record of table " + name + " is not a JSON object");
                java.util.Arrays.fill(values, null);
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    int i = RawRecord.indexOf(table, p.currentName());
                    JsonToken v = p.nextToken();
                    if (i < 0) {
                        p.skipChildren();
                        continue;
                    }
                    values[i] = valueText(p, v);
                }
                out.write(counts.merge(table, 1L, Long::sum), values);
            }
        }
        if (p.nextToken() != null) fail(p, "unexpected content after the end of the top-level object");
    }

    /** The text the raw database holds for a JSON value: numbers as written, containers as JSON. */
    private static String valueText(JsonParser p, JsonToken v) throws IOException {
        switch (v) {
            case VALUE_NULL: return null;
            case VALUE_STRING: return p.getText();
            case VALUE_NUMBER_INT: return p.getText();
            case VALUE_NUMBER_FLOAT: {
                String text = p.getText();
                return text.indexOf('e') < 0 && text.indexOf('E') < 0 ? text : p.getDecimalValue().toPlainString();
            }
            case VALUE_TRUE: return "true";
            case VALUE_FALSE: return "false";
            default: return Json.MAPPER.readTree(p).toString();
        }
    }

    private void fail(JsonParser p, String reason) {
        JsonLocation at = p.currentTokenLocation();
        throw new MalformedInputException(file, at.getLineNr(), at.getColumnNr(), reason, null);
    }

    /** The text the raw database would hold for this JSON value (for loaders and tests). */
    public static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) return null;
        if (v.isContainerNode()) return v.toString();
        if (v.isBigDecimal()) return v.decimalValue().toPlainString();
        return v.asText();
    }

    public long count(RawTable table) {
        return counts.getOrDefault(table, 0L);
    }

    @Override
    public void scan(RawTable table, RowHandler handler) throws Exception {
        spills.scan(table, handler);
    }

    @Override
    public void scanKeys(RawTable table, KeyHandler handler) throws Exception {
        spills.scanKeys(table, handler);
    }

    @Override
    public long rowCount(RawTable table) {
        return spills.count(table);
    }

    @Override
    public void release(RawTable table) throws IOException {
        spills.release(table);
    }

    @Override
    public String describe() {
        return "raw file " + file;
    }

    @Override
    public void close() throws IOException {
        spills.close();
    }
}
