package io.subtrack.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Lays the table file out one record per line: {@code {"raw_User":[\n{...},\n{...}\n],\n"raw_Admin":[...]}}.
 * The fixture's four-space indentation would double the file size at ten million records; one record
 * per line keeps the file greppable and diffable at a fraction of the bytes. The nesting depth is
 * tracked here (1 = root object, 2 = a table's array, 3 = a record) because asking the generator's
 * context for every separator costs more than writing the separator.
 */
final class RecordPerLinePrinter implements PrettyPrinter {
    private static final int ROOT_OBJECT = 1;
    private static final int TABLE_ARRAY = 2;
    private int depth;

    /** @param openLevels how many containers the generator has already opened when this printer is installed */
    RecordPerLinePrinter(int openLevels) {
        this.depth = openLevels;
    }

    /** Root-level values are the records of a table segment (see SegmentedOutput). */
    @Override public void writeRootValueSeparator(JsonGenerator g) throws IOException { g.writeRaw(",\n"); }

    @Override public void writeStartObject(JsonGenerator g) throws IOException {
        depth++;
        g.writeRaw('{');
    }

    @Override public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
        if (depth == ROOT_OBJECT && nrOfEntries > 0) g.writeRaw('\n');
        g.writeRaw('}');
        depth--;
    }

    @Override public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        if (depth == ROOT_OBJECT) g.writeRaw(",\n");
        else g.writeRaw(',');
    }

    @Override public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException { g.writeRaw(':'); }

    @Override public void writeStartArray(JsonGenerator g) throws IOException {
        depth++;
        g.writeRaw('[');
    }

    @Override public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
        if (depth == TABLE_ARRAY && nrOfValues > 0) g.writeRaw('\n');
        g.writeRaw(']');
        depth--;
    }

    @Override public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        if (depth == TABLE_ARRAY) g.writeRaw(",\n");
        else g.writeRaw(',');
    }

    @Override public void beforeArrayValues(JsonGenerator g) throws IOException {
        if (depth == TABLE_ARRAY) g.writeRaw('\n');
    }

    @Override public void beforeObjectEntries(JsonGenerator g) throws IOException {
        if (depth == ROOT_OBJECT) g.writeRaw('\n');
    }
}
