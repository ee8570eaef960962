package io.subtrack.generator;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Streams ground-truth entries as JSON lines: one injected defect per line (format in docs/generator.md). */
final class GroundTruthWriter implements Closeable {
    private static final byte[] TABLE = ascii("{\"table\":");
    private static final byte[] KEY = ascii(",\"key\":");
    private static final byte[] RAW_ID = ascii(",\"raw_id\":");
    private static final byte[] FIELD = ascii(",\"field\":");
    private static final byte[] KIND = ascii(",\"kind\":");
    private static final byte[] RAW = ascii(",\"raw\":");
    private static final byte[] CLEAN = ascii(",\"clean\":");
    private static final byte[] EXPECTED = ascii(",\"expected\":");
    private static final byte[] AMBIGUOUS = ascii(",\"ambiguous\":true,\"day_first_reading\":");

    private final JsonWriter out;
    private long entries;

    /** Entries go to {@code out}, one JSON object per line; closing this closes {@code out}. */
    GroundTruthWriter(OutputStream out) {
        this.out = new JsonWriter(out, 1 << 16);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    void write(JsonText table, String key, long rawId, JsonText field, String kind, Object raw,
               boolean hasClean, Object clean, String expected, String dayFirstReading) throws IOException {
        if (entries > 0) out.raw('\n');
        out.raw(TABLE);
        out.raw(table.quoted);
        out.raw(KEY);
        out.string(key);
        out.raw(RAW_ID);
        out.number(rawId);
        out.raw(FIELD);
        out.raw(field.quoted);
        out.raw(KIND);
        out.string(kind);
        out.raw(RAW);
        JsonValues.write(out, raw);
        if (hasClean) {
            out.raw(CLEAN);
            JsonValues.write(out, clean);
        } else {
            out.raw(EXPECTED);
            out.string(expected);
        }
        if (dayFirstReading != null) {
            out.raw(AMBIGUOUS);
            out.string(dayFirstReading);
        }
        out.raw('}');
        entries++;
    }

    long entries() {
        return entries;
    }

    /** Ends the last line, flushes and closes the stream. */
    @Override
    public void close() throws IOException {
        if (entries > 0) out.raw('\n');
        out.close();
    }
}
