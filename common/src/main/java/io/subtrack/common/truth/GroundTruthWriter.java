package io.subtrack.common.truth;

import io.subtrack.common.schema.RawTable;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes ground-truth entries as JSON lines, UTF-8, one {@link GroundTruthEntry} per line, members in
 * the order of {@link Members}. {@link GroundTruthReader} reads what it writes.
 *
 * <p>Two ways in, same bytes: {@link #write(GroundTruthEntry)}, and a path for a writer that emits
 * millions of entries (the generator), {@link #write(RawTable, String, long, int, String, Object, Object,
 * Expected, String)}, which takes the table and field as declared in {@link RawTable} so that their
 * names are copied as pre-encoded bytes and no entry object is made per defect.
 */
public final class GroundTruthWriter implements Closeable {
    private static final byte[] TABLE = ascii("{\"" + Members.TABLE + "\":");
    private static final byte[] KEY = ascii(",\"" + Members.KEY + "\":");
    private static final byte[] RAW_ID = ascii(",\"" + Members.RAW_ID + "\":");
    private static final byte[] FIELD = ascii(",\"" + Members.FIELD + "\":");
    private static final byte[] KIND = ascii(",\"" + Members.KIND + "\":");
    private static final byte[] RAW = ascii(",\"" + Members.RAW + "\":");
    private static final byte[] CLEAN = ascii(",\"" + Members.CLEAN + "\":");
    private static final byte[] EXPECTED = ascii(",\"" + Members.EXPECTED + "\":");
    private static final byte[] AMBIGUOUS = ascii(",\"" + Members.AMBIGUOUS + "\":true,\"" + Members.DAY_FIRST_READING + "\":");
    private static final byte[] END = {'}', '\n'};

    /** Per raw table (by ordinal), its quoted name; per table and field index, the field's quoted name. */
    private static final EncodedString[] TABLE_NAMES;
    private static final EncodedString[][] FIELD_NAMES;

    static {
        List<RawTable> tables = RawTable.all();
        TABLE_NAMES = new EncodedString[tables.size()];
        FIELD_NAMES = new EncodedString[tables.size()][];
        for (RawTable t : tables) {
            TABLE_NAMES[t.ordinal()] = new EncodedString(t.tableName());
            FIELD_NAMES[t.ordinal()] = t.fields().stream().map(EncodedString::new).toArray(EncodedString[]::new);
        }
    }

    private final Utf8JsonWriter out;
    private long entries;

    /** Entries go to {@code out}; closing this closes {@code out}. */
    public GroundTruthWriter(OutputStream out) {
        this.out = new Utf8JsonWriter(out, 1 << 16);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    public void write(GroundTruthEntry e) throws IOException {
        out.raw(TABLE);
        out.string(e.table());
        rest(e.key(), e.rawId(), e.field(), null, e.kind(), e.raw(), e.clean(), e.expected(), e.dayFirstReading());
    }

    /**
     * The same line as {@link #write(GroundTruthEntry)} of that entry, for the field at index {@code field} of
     * {@code table.fields()}. {@code expected} null means the entry has a clean value ({@code clean}, possibly null).
     */
    public void write(RawTable table, String key, long rawId, int field, String kind, Object raw, Object clean,
                      Expected expected, String dayFirstReading) throws IOException {
        if (expected != null && (clean != null || dayFirstReading != null)) {
            throw new IllegalArgumentException("an entry has a clean value or an expected outcome, not both");
        }
        out.raw(TABLE);
        out.value(TABLE_NAMES[table.ordinal()]);
        rest(key, rawId, null, FIELD_NAMES[table.ordinal()][field], kind, raw, clean, expected, dayFirstReading);
    }

    private void rest(String key, long rawId, String field, EncodedString encodedField, String kind, Object raw,
                      Object clean, Expected expected, String dayFirstReading) throws IOException {
        out.raw(KEY);
        out.string(key);
        out.raw(RAW_ID);
        out.number(rawId);
        out.raw(FIELD);
        if (encodedField != null) out.value(encodedField);
        else out.string(field);
        out.raw(KIND);
        out.string(kind);
        out.raw(RAW);
        out.value(raw);
        if (expected == null) {
            out.raw(CLEAN);
            out.value(clean);
        } else {
            out.raw(EXPECTED);
            out.value(expected.encoded());
        }
        if (dayFirstReading != null) {
            out.raw(AMBIGUOUS);
            out.string(dayFirstReading);
        }
        out.raw(END);
        entries++;
    }

    public long entries() {
        return entries;
    }

    /** Flushes and closes the stream. */
    @Override
    public void close() throws IOException {
        out.close();
    }
}
