package io.subtrack.common.truth;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.subtrack.common.json.Json;
import io.subtrack.common.json.MalformedInputException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a ground-truth file as {@link GroundTruthWriter} writes it: JSON lines, one entry per line.
 * Entries are read token by token, without a tree per line (a million records give about a million
 * entries). Strict: a line with a member the format does not have, a missing member, a clean value
 * and an expected outcome together, or an outcome not spelt {@code <word>: <reason>} is refused with
 * a {@link MalformedInputException} naming the file, line and column.
 */
public final class GroundTruthReader implements Closeable {

    /** Receives each entry in file order. */
    @FunctionalInterface
    public interface EntrySink {
        void accept(GroundTruthEntry entry) throws IOException;
    }

    private final Path file;
    private final JsonParser parser;

    public GroundTruthReader(Path file) throws IOException {
        this.file = file;
        this.parser = Json.MAPPER.getFactory().createParser(file.toFile());
    }

    /** Every entry of {@code file}, in file order. */
    public static List<GroundTruthEntry> readAll(Path file) throws IOException {
        List<GroundTruthEntry> entries = new ArrayList<>();
        forEach(file, entries::add);
        return entries;
    }

    /** Hands every entry of {@code file} to {@code sink}, in file order, keeping none. */
    public static void forEach(Path file, EntrySink sink) throws IOException {
        try (GroundTruthReader r = new GroundTruthReader(file)) {
            for (GroundTruthEntry e = r.next(); e != null; e = r.next()) sink.accept(e);
        }
    }

    /** The next entry, or null at the end of the file. */
    public GroundTruthEntry next() throws IOException {
        try {
            JsonToken t = parser.nextToken();
            if (t == null) return null;
            if (t != JsonToken.START_OBJECT) throw malformed("a ground-truth line is one JSON object, found " + t);
            return entry();
        } catch (JsonProcessingException e) {
            throw malformed(e.getOriginalMessage(), parser.currentLocation(), e);
        }
    }

    private GroundTruthEntry entry() throws IOException {
        JsonLocation start = parser.currentTokenLocation();
        String table = null, key = null, field = null, kind = null, expected = null, dayFirst = null;
        Object raw = null, clean = null;
        long rawId = 0;
        boolean hasRawId = false, hasRaw = false, hasClean = false, ambiguous = false;
        for (JsonToken t = parser.nextToken(); t != JsonToken.END_OBJECT; t = parser.nextToken()) {
            if (t != JsonToken.FIELD_NAME) throw malformed("the entry ends before its closing brace");
            String name = parser.currentName();
            JsonToken v = parser.nextToken();
            switch (name) {
                case Members.TABLE -> table = string(name, v);
                case Members.KEY -> key = string(name, v);
                case Members.RAW_ID -> {
                    if (v != JsonToken.VALUE_NUMBER_INT) throw malformed("raw_id must be a whole number");
                    rawId = parser.getLongValue();
                    hasRawId = true;
                }
                case Members.FIELD -> field = string(name, v);
                case Members.KIND -> kind = string(name, v);
                case Members.RAW -> {
                    raw = scalar(name, v);
                    hasRaw = true;
                }
                case Members.CLEAN -> {
                    clean = scalar(name, v);
                    hasClean = true;
                }
                case Members.EXPECTED -> expected = string(name, v);
                case Members.AMBIGUOUS -> {
                    if (v != JsonToken.VALUE_TRUE) throw malformed("ambiguous is written only as true");
                    ambiguous = true;
                }
                case Members.DAY_FIRST_READING -> dayFirst = string(name, v);
                default -> throw malformed("no member \"" + name + "\" in the ground-truth format");
            }
        }
        if (table == null || key == null || !hasRawId || field == null || kind == null || !hasRaw) {
            throw malformed("an entry needs table, key, raw_id, field, kind and raw", start);
        }
        if (hasClean == (expected != null)) throw malformed("an entry has either clean or expected", start);
        if (ambiguous != (dayFirst != null)) throw malformed("ambiguous and day_first_reading come together", start);
        try {
            Expected outcome = expected == null ? null : Expected.parse(expected);
            return new GroundTruthEntry(table, key, rawId, field, kind, raw, clean, outcome, dayFirst);
        } catch (IllegalArgumentException e) {
            throw malformed(e.getMessage(), start);
        }
    }

    private String string(String name, JsonToken v) throws IOException {
        if (v != JsonToken.VALUE_STRING) throw malformed(name + " must be a string");
        return parser.getText();
    }

    private Object scalar(String name, JsonToken v) throws IOException {
        return switch (v) {
            case VALUE_NULL -> null;
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? new ExactNumber(parser.getText()) : (Object) parser.getLongValue();
            case VALUE_NUMBER_FLOAT -> new ExactNumber(parser.getText());
            default -> throw malformed(name + " must be a JSON scalar (string, number, boolean or null)");
        };
    }

    private MalformedInputException malformed(String reason) {
        return malformed(reason, parser.currentTokenLocation(), null);
    }

    private MalformedInputException malformed(String reason, JsonLocation at) {
        return malformed(reason, at, null);
    }

    private MalformedInputException malformed(String reason, JsonLocation at, Throwable cause) {
        return new MalformedInputException(file, at.getLineNr(), at.getColumnNr(), reason, cause);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
