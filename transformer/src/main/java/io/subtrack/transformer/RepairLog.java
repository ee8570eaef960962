package io.subtrack.transformer;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.subtrack.common.json.Json;
import io.subtrack.transformer.rules.Masking;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.ValueText;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * repairs.jsonl: one JSON line per value the transformer stored differently from its raw text, so every processed
 * value can be traced to its raw value: {@code table, key, field} (the raw field), {@code raw}, {@code stored},
 * {@code rule} and {@code decided} (exact: the raw text has one reading; evidence: several, the record's other
 * fields left one; policy: several, the record left them open). Only records that reach the cleaned output (loaded
 * or merged) have lines: a quarantined record stores nothing.
 *
 * <p>Not logged, by design: a value stored in its column's type without a change of value ({@code 1} as
 * {@code true}, {@code 74} as {@code 74.00}, {@code 2025-01-01 10:00:00} with a {@code T}), the password (dropped
 * whole, as in the quarantine file: it never reaches the processed layer, not even as a log line). A card number is
 * written as the quarantine file writes it, {@code ****} and its last four characters.
 *
 * <p>Written on the transformer's writer thread, to a temporary file beside the target, renamed when complete.
 */
public final class RepairLog implements AutoCloseable {
    static final String FILE_NAME = "repairs.jsonl";

    /** Lines written, in total and by decision. */
    public record Counts(Path file, long lines, long exact, long evidence, long policy) {}

    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private final JsonGenerator g;
    private final long[] byDecision = new long[RecordContext.Decision.values().length];
    private long lines;
    private boolean committed;

    // names and the few repeated values pre-encoded: the log has about one line per raw record
    private static final SerializedString TABLE = new SerializedString("table"), KEY = new SerializedString("key"),
        FIELD = new SerializedString("field"), RAW = new SerializedString("raw"), STORED = new SerializedString("stored"),
        RULE = new SerializedString("rule"), DECIDED = new SerializedString("decided");
    private static final SerializedString[] DECISIONS = java.util.Arrays.stream(RecordContext.Decision.values())
        .map(d -> new SerializedString(d.name().toLowerCase(java.util.Locale.ROOT))).toArray(SerializedString[]::new);
    private final java.util.Map<String, SerializableString> names = new java.util.HashMap<>();

    private SerializableString encoded(String s) {
        return names.computeIfAbsent(s, SerializedString::new);
    }

    /** The repair log beside a cleaned file. */
    static Path besides(Path cleanedFile) {
        Path parent = cleanedFile.toAbsolutePath().getParent();
        return parent.resolve(FILE_NAME);
    }

    RepairLog(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        Files.createDirectories(this.target.getParent());
        this.temp = Files.createTempFile(this.target.getParent(), "." + this.target.getFileName(), ".partial");
        this.out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
        this.g = Json.MAPPER.getFactory().createGenerator(out);
        // no separator between root values: each line ends with its own newline
        g.setPrettyPrinter(new MinimalPrettyPrinter(""));
    }

    /** Logs the changed values of a record that reached the cleaned output; call in output order. */
    void write(RecordContext ctx) throws IOException {
        List<RecordContext.Event> events = ctx.events;
        for (int i = 0; i < events.size(); i++) {
            RecordContext.Event e = events.get(i);
            Rule.Action action = e.rule().action();
            if (action != Rule.Action.REPAIR && action != Rule.Action.NULLIFY) continue;
            String field = e.field();
            if (Masking.dropInQuarantine(field) || !ctx.stores(field) || laterEventOn(events, i, field)) continue;
            g.writeStartObject();
            g.writeFieldName(TABLE);
            g.writeString(encoded(ctx.row.table().tableName()));
            g.writeFieldName(KEY);
            g.writeString(ctx.key);
            g.writeFieldName(FIELD);
            g.writeString(encoded(field));
            writeText(RAW, Masking.forQuarantine(field, ctx.row.get(field)));
            writeText(STORED, ValueText.of(ctx.stored(field)));
            g.writeFieldName(RULE);
            g.writeString(encoded(e.rule().id()));
            g.writeFieldName(DECIDED);
            g.writeString(DECISIONS[e.decided().ordinal()]);
            g.writeEndObject();
            g.writeRaw('\n');
            lines++;
            byDecision[e.decided().ordinal()]++;
        }
    }

    /** The value stored is the last rule's on that field (a code then found too long for its column: one line, null). */
    private static boolean laterEventOn(List<RecordContext.Event> events, int i, String field) {
        for (int j = i + 1; j < events.size(); j++) {
            RecordContext.Event o = events.get(j);
            Rule.Action a = o.rule().action();
            if ((a == Rule.Action.REPAIR || a == Rule.Action.NULLIFY) && field.equals(o.field())) return true;
        }
        return false;
    }

    private void writeText(SerializableString name, String value) throws IOException {
        g.writeFieldName(name);
        if (value == null) g.writeNull(); else g.writeString(value);
    }

    void commit() throws IOException {
        g.close();
        out.close();
        io.subtrack.common.json.AtomicFiles.moveIntoPlace(temp, target);
        committed = true;
    }

    Counts counts() {
        return new Counts(target, lines, byDecision[RecordContext.Decision.EXACT.ordinal()],
            byDecision[RecordContext.Decision.EVIDENCE.ordinal()], byDecision[RecordContext.Decision.POLICY.ordinal()]);
    }

    @Override
    public void close() throws IOException {
        if (committed) return;
        try {
            g.close();
            out.close();
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
