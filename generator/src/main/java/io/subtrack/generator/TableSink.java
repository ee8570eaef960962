package io.subtrack.generator;

import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.truth.Expected;
import io.subtrack.common.truth.Outcome;
import io.subtrack.common.truth.GroundTruthWriter;
import io.subtrack.common.truth.Utf8JsonWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * One table's record being built and its way out: the values go to the table file in the
 * source's field order, the defects injected into it go to the ground truth with the record's
 * raw_id and key. One value buffer is reused for every record, so memory does not grow.
 */
final class TableSink {
    static final String DUPLICATE_KEY = "duplicate_key";
    static final String ORPHAN_REFERENCE = "orphan_reference";
    static final Expected DUPLICATE_EXPECTED = Expected.drop("superseded by a later date_extraction of the same key");

    private final RawTable table;
    private final Utf8JsonWriter out;
    private final GroundTruthWriter truth;
    private final SharedProgress progress;
    private final List<String> fieldNames;
    /** Per field, {@code "name":} encoded, with the separating comma in front from the second field on. */
    private final byte[][] fieldPrefixes;
    private final Object[] values;
    private final int[] keyFields;
    /** The processed table this raw table is the source of (null for the side tables merged into users). */
    private final ProcessedTable processed;
    /** The raw fields of the processed primary key, in key order (empty for a side table). */
    private final int[] processedKeyFields;
    private final int rawIdField;
    private final int extractionField;
    private final int sourceSystemField;
    private final StringBuilder keyBuilder = new StringBuilder(32);

    // Defects of the record being built; flushed to the ground truth when it is written.
    private int pendingCount;
    private int[] pendingField = new int[8];
    private String[] pendingKind = new String[8];
    private Object[] pendingRaw = new Object[8];
    private Object[] pendingClean = new Object[8];
    /** Null when the defect has a clean value (which may itself be null). */
    private Expected[] pendingExpected = new Expected[8];
    private String[] pendingDayFirst = new String[8];

    private static final Expected ORPHAN_EXPECTED = Expected.reject("orphan reference");

    private static final byte[] RECORD_SEPARATOR = {',', '\n'};

    /** The processed table fed by this raw table, or null for a side table (profile, admin, user-supplier link). */
    ProcessedTable processed() {
        return processed;
    }

    /** True when a defect of the record being built makes the transformer reject it (orphan, bad amount, inverted dates). */
    boolean hasRejectingDefect() {
        for (int i = 0; i < pendingCount; i++) {
            if (pendingExpected[i] != null && pendingExpected[i].outcome() == Outcome.REJECT) return true;
        }
        return false;
    }

    /** True when a defect of the record being built has no clean value to write instead (reject, nullify, flag, derive). */
    boolean hasDefectWithoutCleanValue() {
        for (int i = 0; i < pendingCount; i++) if (pendingExpected[i] != null) return true;
        return false;
    }

    /**
     * Writes every defective field of the record being built in its clean, canonical raw form and forgets the
     * defects: the record as a re-extraction of a corrected source sends it. Only for records whose defects all
     * have a clean value ({@link #hasDefectWithoutCleanValue()} false). Flags go back to the source's JSON 1/0.
     */
    void cleanse() {
        for (int i = 0; i < pendingCount; i++) {
            if (pendingExpected[i] != null) throw new IllegalStateException(pendingKind[i] + " has no clean value");
            Object clean = pendingClean[i];
            values[pendingField[i]] = clean instanceof Boolean b ? (Object) (b ? 1L : 0L) : clean;
        }
        pendingCount = 0;
    }

    /** The record's processed primary key, its values joined with '|' in key order; only for a source table. */
    String processedKey() {
        keyBuilder.setLength(0);
        for (int i = 0; i < processedKeyFields.length; i++) {
            if (i > 0) keyBuilder.append('|');
            keyBuilder.append(values[processedKeyFields[i]]);
        }
        return keyBuilder.toString();
    }

    private long nextRawId = 1;
    private long written;
    private long defects;

    /** Records go to {@code out} as the root values of a table segment, one per line (see SegmentedOutput). */
    TableSink(RawTable table, Utf8JsonWriter out, GroundTruthWriter truth, SharedProgress progress) {
        this.table = table;
        this.out = out;
        this.truth = truth;
        this.progress = progress;
        this.fieldNames = table.fields();
        this.fieldPrefixes = new byte[fieldNames.size()][];
        for (int i = 0; i < fieldPrefixes.length; i++) {
            String prefix = (i == 0 ? "{" : ",") + new String(Utf8JsonWriter.quoted(fieldNames.get(i)), StandardCharsets.UTF_8) + ":";
            fieldPrefixes[i] = prefix.getBytes(StandardCharsets.UTF_8);
        }
        this.values = new Object[fieldPrefixes.length];
        this.keyFields = table.keyFields().stream().mapToInt(this::field).toArray();
        this.processed = java.util.Arrays.stream(ProcessedTable.values()).filter(p -> p.source() == table).findFirst().orElse(null);
        this.processedKeyFields = processed == null ? new int[0]
            : processed.primaryKey().stream().mapToInt(c -> field(processed.column(c).source().field())).toArray();
        this.rawIdField = field(RawFields.RAW_ID);
        this.extractionField = field(RawFields.EXTRACTED_AT);
        this.sourceSystemField = field(RawFields.SOURCE_SYSTEM);
    }

    RawTable table() {
        return table;
    }

    int field(String name) {
        int i = fieldNames.indexOf(name);
        if (i < 0) throw new IllegalArgumentException(table.tableName() + " has no field " + name);
        return i;
    }

    /** Starts a new record: every field null, no pending defect. */
    void begin() {
        Arrays.fill(values, null);
        pendingCount = 0;
    }

    void set(int field, Object value) {
        values[field] = value;
    }

    Object get(int field) {
        return values[field];
    }

    void sourceSystem(Object value) {
        values[sourceSystemField] = value;
    }

    void extraction(long epochSecond) {
        values[extractionField] = Formats.timestamp(epochSecond, ' ');
    }

    /** A defect the transformer can repair: {@code raw} is what the source sends, {@code clean} the canonical value it came from. */
    void repairable(int field, String kind, Object raw, Object clean) {
        pending(field, kind, raw, clean, null, null);
    }

    /** A date whose day and month are both at most 12: readable both ways, {@code dayFirstReading} is what the day-first policy gives. */
    void repairableAmbiguous(int field, String kind, Object raw, Object clean, String dayFirstReading) {
        pending(field, kind, raw, clean, null, dayFirstReading);
    }

    /** A defect with no clean value to restore: {@code expected} says what the transformer should do (reject, nullify, ...). */
    void unrepairable(int field, String kind, Object raw, Expected expected) {
        pending(field, kind, raw, null, expected, null);
    }

    /** A reference to a parent that was never generated: the record must be rejected. */
    void orphan(int field, String missingParentId) {
        unrepairable(field, ORPHAN_REFERENCE, missingParentId, ORPHAN_EXPECTED);
    }

    private void pending(int field, String kind, Object raw, Object clean, Expected expected, String dayFirst) {
        values[field] = raw;
        if (pendingCount == pendingField.length) grow();
        int i = pendingCount++;
        pendingField[i] = field;
        pendingKind[i] = kind;
        pendingRaw[i] = raw;
        pendingClean[i] = clean;
        pendingExpected[i] = expected;
        pendingDayFirst[i] = dayFirst;
    }

    private void grow() {
        int n = pendingField.length * 2;
        pendingField = Arrays.copyOf(pendingField, n);
        pendingKind = Arrays.copyOf(pendingKind, n);
        pendingRaw = Arrays.copyOf(pendingRaw, n);
        pendingClean = Arrays.copyOf(pendingClean, n);
        pendingExpected = Arrays.copyOf(pendingExpected, n);
        pendingDayFirst = Arrays.copyOf(pendingDayFirst, n);
    }

    /** Writes the record built since {@link #begin()} and its defects. */
    void emit() throws IOException {
        long rawId = writeRecord();
        String key = pendingCount > 0 ? key() : null;
        for (int i = 0; i < pendingCount; i++) {
            truth.write(table, key, rawId, pendingField[i], pendingKind[i], pendingRaw[i], pendingClean[i],
                pendingExpected[i], pendingDayFirst[i]);
        }
        defects += pendingCount;
    }

    /**
     * Writes the record just emitted once more under a new raw_id with an earlier extraction stamp:
     * the stale copy a re-extraction leaves behind, which deduplication must drop.
     */
    void emitOlderDuplicate(long olderExtractionSecond) throws IOException {
        // A copy of a record with an orphan would hold an orphan the ground truth does not list.
        for (int i = 0; i < pendingCount; i++) if (ORPHAN_REFERENCE.equals(pendingKind[i])) return;
        extraction(olderExtractionSecond);
        long rawId = writeRecord();
        truth.write(table, key(), rawId, extractionField, DUPLICATE_KEY, values[extractionField], null,
            DUPLICATE_EXPECTED, null);
        defects++;
    }

    private long writeRecord() throws IOException {
        long rawId = nextRawId++;
        values[rawIdField] = rawId;
        if (written > 0) out.raw(RECORD_SEPARATOR);
        for (int i = 0; i < fieldPrefixes.length; i++) {
            out.raw(fieldPrefixes[i]);
            out.value(values[i]);
        }
        out.raw('}');
        if ((++written & 4095) == 0) {
            progress.add(4096);
            // Another table's worker failed: stop instead of writing a file nobody will keep.
            if (Thread.currentThread().isInterrupted()) throw new InterruptedIOException("generation cancelled");
        }
        return rawId;
    }

    private String key() {
        keyBuilder.setLength(0);
        for (int i = 0; i < keyFields.length; i++) {
            if (i > 0) keyBuilder.append('|');
            keyBuilder.append(values[keyFields[i]]);
        }
        return keyBuilder.toString();
    }

    long written() {
        return written;
    }

    /** Reports the records written since the last 4096-record step. */
    void flushProgress() {
        progress.add(written & 4095);
    }

    long defects() {
        return defects;
    }
}
