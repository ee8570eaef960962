package io.subtrack.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.PrettyPrinter;
import java.io.IOException;

/**
 * Lays the table file out one record per line: {@code {"raw_User":[\n{...},\n{...}\n],\n"raw_Admin":[...]}}.
 * The fixture's four-space indentation would double the file size at ten million records; one record
 * per line keeps the file greppable and diffable at a fraction of the bytes.
 */
final class RecordPerLinePrinter implements PrettyPrinter {

    private static boolean atTableLevel(JsonGenerator g) {
        // Inside a table array, the array's parent is the root object.
        JsonStreamContext ctx = g.getOutputContext();
        return ctx.inArray() && ctx.getParent() != null && ctx.getParent().inObject()
            && ctx.getParent().getParent() != null && ctx.getParent().getParent().inRoot();
    }

    private static boolean atRootObject(JsonGenerator g) {
        JsonStreamContext ctx = g.getOutputContext();
        return ctx.inObject() && ctx.getParent() != null && ctx.getParent().inRoot();
    }

    @Override public void writeRootValueSeparator(JsonGenerator g) throws IOException { g.writeRaw('\n'); }
    @Override public void writeStartObject(JsonGenerator g) throws IOException { g.writeRaw('{'); }
    @Override public void writeEndObject(JsonGenerator g, int nrOfEntries) throws IOException {
        if (atRootObject(g) && nrOfEntries > 0) g.writeRaw('\n');
        g.writeRaw('}');
    }
    @Override public void writeObjectEntrySeparator(JsonGenerator g) throws IOException {
        g.writeRaw(atRootObject(g) ? ",\n" : ",");
    }
    @Override public void writeObjectFieldValueSeparator(JsonGenerator g) throws IOException { g.writeRaw(':'); }
    @Override public void writeStartArray(JsonGenerator g) throws IOException { g.writeRaw('['); }
    @Override public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
        if (atTableLevel(g) && nrOfValues > 0) g.writeRaw('\n');
        g.writeRaw(']');
    }
    @Override public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
        g.writeRaw(atTableLevel(g) ? ",\n" : ",");
    }
    @Override public void beforeArrayValues(JsonGenerator g) throws IOException {
        if (atTableLevel(g)) g.writeRaw('\n');
    }
    @Override public void beforeObjectEntries(JsonGenerator g) throws IOException {
        if (atRootObject(g)) g.writeRaw('\n');
    }
}
