package io.subtrack.generator;

import java.io.IOException;

/** Writes the few value types a raw record holds, keeping their JSON type (number, string, boolean, null). */
final class JsonValues {
    private JsonValues() {}

    static void write(JsonWriter w, Object value) throws IOException {
        if (value == null) w.nul();
        else if (value instanceof String s) w.string(s);
        else if (value instanceof JsonText s) w.raw(s.quoted);
        else if (value instanceof Long l) w.number(l);
        else if (value instanceof Integer i) w.number(i);
        else if (value instanceof RawNumber n) w.text(n.text());
        else if (value instanceof Boolean b) w.bool(b);
        else throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
    }
}
