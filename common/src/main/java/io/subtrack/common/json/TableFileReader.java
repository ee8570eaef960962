package io.subtrack.common.json;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Predicate;

/**
 * Streams a table-keyed JSON file ({@code {"table": [ {record}, ... ], ...}}), the layout of both
 * raw_data_output.json and cleaned_data_output.json, one record at a time in flat memory.
 * Anything else (truncated file, invalid JSON, unknown table, a record that is not an object) is a
 * {@link MalformedInputException} naming the file, line and column.
 */
public final class TableFileReader implements Closeable {
    /** One record and where it was in the file. {@code index} counts from 0 within its table. */
    public record Entry(String table, ObjectNode record, long index, long line, long column) {}

    private final Path file;
    private final SourceWindow in;
    private final JsonParser parser;
    private final Predicate<String> knownTable;
    private String table;
    private long index;
    private boolean started;
    private boolean finished;

    public TableFileReader(Path file, Predicate<String> knownTable) throws IOException {
        this.file = file;
        this.knownTable = knownTable;
        this.in = new SourceWindow(Files.newInputStream(file));
        this.parser = Json.MAPPER.createParser(in);
    }

    /** Receives one record as tokens and source bytes (see {@link #nextRecord}). */
    public interface RecordSink {
        /**
         * Called with the parser on the record's START_OBJECT; must consume the record up to and
         * including its END_OBJECT. {@code source} holds the record's bytes, at the offsets the
         * parser's token locations give, until the next call.
         */
        void accept(String table, JsonParser parser, SourceWindow source) throws IOException;
    }

    /** The next record, or null after the last one. */
    public Entry next() throws IOException {
        if (!advance()) return null;
        JsonLocation at = parser.currentTokenLocation();
        try {
            JsonNode node = Json.MAPPER.readTree(parser);
            return new Entry(table, (ObjectNode) node, index++, at.getLineNr(), at.getColumnNr());
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    /**
     * Streams the next record to {@code sink} without building a tree (the producers' hot path);
     * returns false after the last one. Same checks and errors as {@link #next()}.
     */
    public boolean nextRecord(RecordSink sink) throws IOException {
        if (!advance()) return false;
        try {
            sink.accept(table, parser, in);
            index++;
            return true;
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    private MalformedInputException malformed(JsonProcessingException e) {
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        return new MalformedInputException(file, at.getLineNr(), at.getColumnNr(), "invalid JSON: " + Json.reasonWithoutValues(e), e);
    }

    /** Moves to the START_OBJECT of the next record; false after the last one. */
    private boolean advance() throws IOException {
        if (finished) return false;
        try {
            if (!started) {
                started = true;
                JsonToken t = parser.nextToken();
                if (t != JsonToken.START_OBJECT) fail("expected a JSON object of tables, found " + describe(t));
                // byte offsets of tokens (record slices) exist only for UTF-8 input, which JSON files are (RFC 8259)
                if (!(parser instanceof com.fasterxml.jackson.core.json.UTF8StreamJsonParser)) fail("the file is not UTF-8 encoded");
            }
            while (true) {
                if (table != null) {
                    JsonToken t = parser.nextToken();
                    if (t == JsonToken.END_ARRAY) {
                        table = null;
                        continue;
                    }
                    if (t != JsonToken.START_OBJECT) {
                        fail("record " + index + " of table " + table + " is not a JSON object but " + describe(t));
                    }
                    in.mark(parser.currentTokenLocation().getByteOffset()); // the bytes before this record may go
                    return true;
                }
                JsonToken t = parser.nextToken();
                if (t == JsonToken.END_OBJECT) {
                    JsonToken after = parser.nextToken();
                    if (after != null) fail("unexpected content after the end of the top-level object");
                    finished = true;
                    return false;
                }
                if (t != JsonToken.FIELD_NAME) fail("expected a table name, found " + describe(t));
                String name = parser.currentName();
                if (!knownTable.test(name)) fail("unknown table \"" + name + "\"");
                if (parser.nextToken() != JsonToken.START_ARRAY) fail("table \"" + name + "\" is not a JSON array");
                table = name;
                index = 0;
            }
        } catch (JsonProcessingException e) {
            throw malformed(e);
        }
    }

    private static String describe(JsonToken t) {
        return t == null ? "the end of the file (truncated?)" : t.asString() == null ? t.name() : "'" + t.asString() + "'";
    }

    private void fail(String reason) {
        JsonLocation at = parser.currentTokenLocation();
        throw new MalformedInputException(file, at.getLineNr(), at.getColumnNr(), reason, null);
    }

    int windowCapacity() {
        return in.capacity();
    }

    @Override
    public void close() throws IOException {
        parser.close();
        in.close();
    }
}
