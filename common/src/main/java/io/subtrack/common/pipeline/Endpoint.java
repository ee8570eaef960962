package io.subtrack.common.pipeline;

import java.util.Locale;

/**
 * What a stage reads or writes, as the declaration writes it: {@code file:raw_data_output.json}
 * (the file's default name), {@code topic:subscriptions_raw}, {@code tables:raw}; {@code -} for nothing.
 */
public record Endpoint(Medium medium, String name) {
    public enum Medium { NONE, FILE, TOPIC, TABLES }

    public static final Endpoint NONE = new Endpoint(Medium.NONE, "");

    static Endpoint parse(String text) {
        if (text.equals("-")) return NONE;
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("not file:NAME, topic:NAME, tables:NAME or -: " + text);
        }
        Medium medium;
        try {
            medium = Medium.valueOf(text.substring(0, colon).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown medium in " + text + " (file, topic or tables)");
        }
        if (medium == Medium.NONE) throw new IllegalArgumentException("unknown medium in " + text + " (file, topic or tables)");
        return new Endpoint(medium, text.substring(colon + 1));
    }

    @Override
    public String toString() {
        return medium == Medium.NONE ? "-" : medium.name().toLowerCase(Locale.ROOT) + ":" + name;
    }
}
