package io.subtrack.common.truth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import io.subtrack.common.json.Json;
import io.subtrack.common.json.MalformedInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * Reads a day-changes file as {@link DayChangesWriter} writes it. Strict: a first line that is not the header, an
 * event other than added / deleted / changed, a key listed twice in one table's list, or a changed line without
 * columns is refused with a {@link MalformedInputException} naming the file and line.
 */
public final class DayChangesReader {
    private DayChangesReader() {}

    /** One event line. {@code columns} is empty unless the event is {@code changed}. */
    public record Event(String table, String event, String key, Map<String, Object> columns) {}

    /** Receives each event in file order. */
    @FunctionalInterface
    public interface EventSink {
        void accept(Event event) throws IOException;
    }

    /** The whole file, events gathered per processed table. */
    public static DayChanges read(Path file) throws IOException {
        Map<String, DayChanges.TableChanges> tables = new LinkedHashMap<>();
        DayChanges header = forEach(file, e -> {
            DayChanges.TableChanges t = tables.computeIfAbsent(e.table(),
                k -> new DayChanges.TableChanges(new LinkedHashSet<>(), new LinkedHashSet<>(), new LinkedHashMap<>()));
            boolean fresh = switch (e.event()) {
                case DayChangesWriter.ADDED -> t.added().add(e.key());
                case DayChangesWriter.DELETED -> t.deleted().add(e.key());
                default -> t.changed().put(e.key(), e.columns()) == null;
            };
            if (!fresh) throw new IllegalArgumentException(e.table() + " " + e.event() + " lists " + e.key() + " twice");
        });
        return new DayChanges(header.day(), header.asOf(), header.extractMode(), tables);
    }

    /** Hands every event to {@code sink} in file order, keeping none; returns the header (with no tables). */
    public static DayChanges forEach(Path file, EventSink sink) throws IOException {
        try (MappingIterator<JsonNode> lines = Json.MAPPER.readerFor(JsonNode.class).readValues(file.toFile())) {
            long line = 1;
            if (!lines.hasNext()) throw new MalformedInputException(file, 1, 1, "empty: a day-changes file starts with its header", null);
            DayChanges header = header(file, lines.next());
            while (lines.hasNext()) {
                line++;
                JsonNode n = lines.next();
                try {
                    sink.accept(event(n));
                } catch (IllegalArgumentException e) {
                    throw new MalformedInputException(file, line, 1, e.getMessage(), e);
                }
            }
            return header;
        }
    }

    private static DayChanges header(Path file, JsonNode n) throws IOException {
        JsonNode day = n.get(DayChangesWriter.DAY);
        JsonNode asOf = n.get(DayChangesWriter.AS_OF);
        JsonNode mode = n.get(DayChangesWriter.EXTRACT_MODE);
        if (day == null || !day.isIntegralNumber() || asOf == null || !asOf.isTextual() || mode == null || !mode.isTextual()) {
            throw new MalformedInputException(file, 1, 1, "the first line is the header {\"day\":..,\"as_of\":..,\"extract_mode\":..}", null);
        }
        try {
            return new DayChanges(day.intValue(), LocalDate.parse(asOf.textValue()), mode.textValue(), Map.of());
        } catch (DateTimeParseException e) {
            throw new MalformedInputException(file, 1, 1, "as_of is not yyyy-MM-dd: " + asOf.textValue(), e);
        }
    }

    private static Event event(JsonNode n) {
        String table = text(n, DayChangesWriter.TABLE);
        String event = text(n, DayChangesWriter.EVENT);
        String key = text(n, DayChangesWriter.KEY);
        Map<String, Object> columns = new LinkedHashMap<>();
        switch (event) {
            case DayChangesWriter.ADDED, DayChangesWriter.DELETED -> {
                if (n.has(DayChangesWriter.COLUMNS)) throw new IllegalArgumentException(event + " has no columns");
            }
            case DayChangesWriter.CHANGED -> {
                JsonNode c = n.get(DayChangesWriter.COLUMNS);
                if (c == null || !c.isObject() || c.isEmpty()) throw new IllegalArgumentException("changed needs its columns");
                for (Iterator<Map.Entry<String, JsonNode>> it = c.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> f = it.next();
                    columns.put(f.getKey(), scalar(f.getValue()));
                }
            }
            default -> throw new IllegalArgumentException("no event \"" + event + "\" (added, deleted or changed)");
        }
        return new Event(table, event, key, columns);
    }

    private static String text(JsonNode n, String member) {
        JsonNode v = n.get(member);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException(member + " must be a string");
        return v.textValue();
    }

    private static Object scalar(JsonNode v) {
        if (v.isNull()) return null;
        if (v.isTextual()) return v.textValue();
        if (v.isBoolean()) return v.booleanValue();
        if (v.isIntegralNumber() && v.canConvertToLong()) return v.longValue();
        if (v.isNumber()) return new ExactNumber(v.decimalValue().toPlainString());
        throw new IllegalArgumentException("a changed value is a JSON scalar, found " + v.getNodeType());
    }
}
