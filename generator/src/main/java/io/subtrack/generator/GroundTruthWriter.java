package io.subtrack.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.subtrack.common.json.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;

/** Streams ground-truth entries as JSON lines: one injected defect per line (format in docs/generator.md). */
final class GroundTruthWriter implements Closeable {
    private static final SerializableString TABLE = new SerializedString("table");
    private static final SerializableString KEY = new SerializedString("key");
    private static final SerializableString RAW_ID = new SerializedString("raw_id");
    private static final SerializableString FIELD = new SerializedString("field");
    private static final SerializableString KIND = new SerializedString("kind");
    private static final SerializableString RAW = new SerializedString("raw");
    private static final SerializableString CLEAN = new SerializedString("clean");
    private static final SerializableString EXPECTED = new SerializedString("expected");
    private static final SerializableString AMBIGUOUS = new SerializedString("ambiguous");
    private static final SerializableString DAY_FIRST_READING = new SerializedString("day_first_reading");

    private final JsonGenerator gen;
    private long entries;

    /** Entries go to {@code out}, one JSON object per line; the caller owns the stream. */
    GroundTruthWriter(OutputStream out) throws IOException {
        this.gen = Json.MAPPER.getFactory().createGenerator(out);
        this.gen.setPrettyPrinter(new MinimalPrettyPrinter("\n"));
    }

    void write(String table, String key, long rawId, String field, String kind, Object raw,
               boolean hasClean, Object clean, String expected, String dayFirstReading) throws IOException {
        gen.writeStartObject();
        gen.writeFieldName(TABLE);
        gen.writeString(table);
        gen.writeFieldName(KEY);
        gen.writeString(key);
        gen.writeFieldName(RAW_ID);
        gen.writeNumber(rawId);
        gen.writeFieldName(FIELD);
        gen.writeString(field);
        gen.writeFieldName(KIND);
        gen.writeString(kind);
        gen.writeFieldName(RAW);
        JsonValues.write(gen, raw);
        if (hasClean) {
            gen.writeFieldName(CLEAN);
            JsonValues.write(gen, clean);
        } else {
            gen.writeFieldName(EXPECTED);
            gen.writeString(expected);
        }
        if (dayFirstReading != null) {
            gen.writeFieldName(AMBIGUOUS);
            gen.writeBoolean(true);
            gen.writeFieldName(DAY_FIRST_READING);
            gen.writeString(dayFirstReading);
        }
        gen.writeEndObject();
        entries++;
    }

    long entries() {
        return entries;
    }

    /** Ends the last line and flushes; the stream stays open. */
    @Override
    public void close() throws IOException {
        if (entries > 0) gen.writeRaw('\n');
        gen.flush();
    }
}
