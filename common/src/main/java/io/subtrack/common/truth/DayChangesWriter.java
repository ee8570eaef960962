package io.subtrack.common.truth;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDate;

/**
 * Writes a day-changes file ({@link DayChanges}) as JSON lines, UTF-8: a header line, then one line per event in
 * the order given. Events are streamed (a day at ten million records changes some hundred thousand keys), so a
 * writer may be given the lines of one table at a time and the files concatenated after the header.
 */
public final class DayChangesWriter implements Closeable {
    static final String DAY = "day";
    static final String AS_OF = "as_of";
    static final String EXTRACT_MODE = "extract_mode";
    static final String TABLE = "table";
    static final String EVENT = "event";
    static final String KEY = "key";
    static final String COLUMNS = "columns";
    static final String ADDED = "added";
    static final String DELETED = "deleted";
    static final String CHANGED = "changed";

    private final Utf8JsonWriter out;

    /** Lines go to {@code out}; closing this closes {@code out}. */
    public DayChangesWriter(OutputStream out) {
        this.out = new Utf8JsonWriter(out, 1 << 16);
    }

    /** The first line of a file: {@code {"day":2,"as_of":"2025-06-02","extract_mode":"snapshot"}}. */
    public void header(int day, LocalDate asOf, String extractMode) throws IOException {
        out.text("{\"" + DAY + "\":");
        out.number(day);
        out.text(",\"" + AS_OF + "\":");
        out.string(asOf.toString());
        out.text(",\"" + EXTRACT_MODE + "\":");
        out.string(extractMode);
        out.text("}\n");
    }

    public void added(String processedTable, String key) throws IOException {
        event(processedTable, ADDED, key);
        out.text("}\n");
    }

    public void deleted(String processedTable, String key) throws IOException {
        event(processedTable, DELETED, key);
        out.text("}\n");
    }

    /** One changed column of a key; a key with several changed columns is written with {@link #changed(String, String, String[], Object[])}. */
    public void changed(String processedTable, String key, String column, Object value) throws IOException {
        changed(processedTable, key, new String[] {column}, new Object[] {value});
    }

    /** {@code values} are String, Long, {@link ExactNumber}, Boolean or null, as the processed column holds them. */
    public void changed(String processedTable, String key, String[] columns, Object[] values) throws IOException {
        event(processedTable, CHANGED, key);
        out.text(",\"" + COLUMNS + "\":{");
        for (int i = 0; i < columns.length; i++) {
            if (i > 0) out.raw(',');
            out.string(columns[i]);
            out.raw(':');
            out.value(values[i]);
        }
        out.text("}}\n");
    }

    private void event(String processedTable, String event, String key) throws IOException {
        out.text("{\"" + TABLE + "\":");
        out.string(processedTable);
        out.text(",\"" + EVENT + "\":\"" + event + "\",\"" + KEY + "\":");
        out.string(key);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
