package io.subtrack.generator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import java.io.IOException;

/** Writes the few value types a raw record holds, keeping their JSON type (number, string, boolean, null). */
final class JsonValues {
    private JsonValues() {}

    static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) g.writeNull();
        else if (value instanceof String s) g.writeString(s);
        else if (value instanceof SerializableString s) g.writeString(s);
        else if (value instanceof Long l) g.writeNumber(l);
        else if (value instanceof Integer i) g.writeNumber(i);
        else if (value instanceof RawNumber n) g.writeNumber(n.text());
        else if (value instanceof Boolean b) g.writeBoolean(b);
        else throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
    }
}
