package io.subtrack.transformer.report;

import static io.subtrack.common.schema.RawFields.*;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.MergedTable;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.transformer.KeyIndex;
import io.subtrack.transformer.RecordContext;
import io.subtrack.transformer.rules.Masking;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Scores a run against the generator's ground truth: for every injected defect, whether it was
 * caught (a rule fired on that record and field, or the record was quarantined when a reject was
 * expected), repaired to the exact clean value, or missed; and how many clean values a rule
 * changed although no defect was injected there (format-only rules excepted: they cannot change
 * a value's meaning).
 *
 * <p>Accepted file shapes (the generator's format is tolerated loosely): a JSON array of entries,
 * a JSON object holding such an array, or JSON lines. An entry has table, key (natural key fields
 * joined with '|'), optionally raw_id, field (source field; absent for a record-level defect), kind,
 * raw, and either clean (the canonical value) or expected ("reject: reason" / "nullify: reason" /
 * "flag: reason" (value kept, caught when a rule recognised the issue on that field) / "derive: reason"
 * (a missing value another source may supply: caught when a rule derived or nulled it) / "drop: reason").
 *
 * <p>A value stored different from its clean value is wrong, whatever decided it: the score counts {@code wrong}
 * and splits the stored values by how they were decided (exactly, by the record's evidence, by policy; see
 * {@link DecisionTally}). Counted apart, visibly: a record quarantined only as an orphan of a parent that was itself
 * quarantined for a defect the ground truth lists (rejected_by_cascade).
 */
public final class GroundTruthScorer {
    enum Expect { VALUE, NULL, REJECT, FLAG, DERIVE }

    public static final class KindScore {
        public long total, caught, repairable, repairedExact, missed, quarantinedWithRecord, ambiguousByPolicy;
    }

    /**
     * Parent raw table of each field an orphan rule checks (the cascade of referential integrity), from the
     * declarations: every reference's source field, and the key field a merged side table names its main record by.
     */
    private static final Map<String, String> PARENT_TABLE = parentTables(ProcessedModel.standard());

    public static Map<String, String> parentTables(ProcessedModel model) {
        Map<String, String> m = new HashMap<>();
        for (ProcessedTable t : model.tables()) {
            for (ForeignKey fk : t.foreignKeys()) {
                String field = t.column(fk.columns().get(0)).source().field();
                m.put(field, model.table(fk.parentTable()).source().tableName());
            }
            for (MergedTable merged : t.merged()) m.put(merged.table().keyFields().get(0), t.source().tableName());
        }
        return Map.copyOf(m);
    }

    private static final Expect[] EXPECTS = Expect.values();
    private static final int OBSERVED = 1, CAUGHT = 2, EXACT = 4, QUARANTINED = 8, DECIDED_POLICY = 16, DECIDED_EVIDENCE = 32,
        STORED = 64;

    /*
     * The entries, column by column (a million records carry over a million entries: as objects with
     * their strings and two hash-map links each they took about 650 bytes apiece and ran a 512 MB heap
     * out of memory; here about 60). Columns and strings live in pages (growing never copies); tables, fields and kinds in
     * dictionaries; the entries of one record are chained from an open-addressing index, one by
     * natural key and one by raw_id.
     */
    private int size;
    private final Ints table = new Ints(), field = new Ints(), kind = new Ints();
    private final Bytes expect = new Bytes(), flags = new Bytes();
    private final Ints key = new Ints(), rawId = new Ints(), clean = new Ints();
    private final Ints nextSameKey = new Ints(), nextSameRaw = new Ints();
    /** Last output of a value entry that may still end up repairable and not exact (the examples show it). */
    private final Map<Integer, String> inexactOutput = new HashMap<>();
    private final Dictionary tables = new Dictionary(), fields = new Dictionary(), kinds = new Dictionary();
    private final StringPool pool = new StringPool();
    private final RecordIndex byKey = new RecordIndex(), byRawId = new RecordIndex();
    /** Per table id: whether some entry has no raw_id (only then can the natural key find what raw_id does not). */
    private boolean[] entryWithoutRawId = new boolean[8];

    private final Map<String, Long> changedByRule = new TreeMap<>();
    private final List<String> changedExamples = new ArrayList<>();
    private long changed;
    /** Keys of parent records quarantined for a reason the ground truth expects (or by cascade from one), by parent table. */
    private final Map<String, KeyIndex> expectedRejections = new HashMap<>();
    private long cascaded;

    public static GroundTruthScorer load(Path file) {
        GroundTruthScorer s = new GroundTruthScorer();
        try {
            readEntries(file, s::add);
        } catch (IOException e) {
            throw new StageFailure("cannot read --ground-truth " + file + ": " + e.getMessage(), e);
        }
        return s;
    }

    /**
     * Loads the ground truth on a background thread (it takes seconds at a million records) while the
     * transformer reads its input; the first use waits for it, and a file that cannot be read fails there.
     */
    public static GroundTruthScorer loadInBackground(Path file) {
        if (!Files.isReadable(file)) throw new StageFailure("cannot read --ground-truth " + file);
        GroundTruthScorer s = new GroundTruthScorer();
        s.loading = new java.util.concurrent.FutureTask<>(() -> {
            readEntries(file, s::add);
            return null;
        });
        Thread t = new Thread(s.loading, "ground-truth-loader");
        t.setDaemon(true);
        t.start();
        s.loadingFile = file;
        return s;
    }

    private java.util.concurrent.FutureTask<Void> loading;
    private Path loadingFile;

    private void awaitLoaded() {
        if (loading == null) return;
        try {
            loading.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StageFailure("interrupted while reading --ground-truth " + loadingFile, e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof StageFailure f) throw f;
            throw new StageFailure("cannot read --ground-truth " + loadingFile + ": " + c.getMessage(), c);
        }
        loading = null;
    }

    /** The fields of an entry the scorer reads, each as its JSON value (null when absent). */
    static final class Fields {
        JsonNode table, key, rawId, field, kind, defect, expected, outcome, clean, ambiguous, dayFirstReading;

        static Fields of(JsonNode n) {
            Fields f = new Fields();
            f.table = n.get("table");
            f.key = n.get("key");
            f.rawId = n.get(RAW_ID);
            f.field = n.get("field");
            f.kind = n.get("kind");
            f.defect = n.get("defect");
            f.expected = n.get("expected");
            f.outcome = n.get("outcome");
            f.clean = n.get("clean");
            f.ambiguous = n.get("ambiguous");
            f.dayFirstReading = n.get("day_first_reading");
            return f;
        }

        /** Reads one object from its START_OBJECT token without building a tree of it. */
        static Fields read(JsonParser p) throws IOException {
            Fields f = new Fields();
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                JsonNode value = v == JsonToken.VALUE_STRING ? TextNode.valueOf(p.getText()) : null;
                switch (name) {
                    case "table" -> f.table = value != null ? value : p.readValueAsTree();
                    case "key" -> f.key = value != null ? value : p.readValueAsTree();
                    case RAW_ID -> f.rawId = value != null ? value : p.readValueAsTree();
                    case "field" -> f.field = value != null ? value : p.readValueAsTree();
                    case "kind" -> f.kind = value != null ? value : p.readValueAsTree();
                    case "defect" -> f.defect = value != null ? value : p.readValueAsTree();
                    case "expected" -> f.expected = value != null ? value : p.readValueAsTree();
                    case "outcome" -> f.outcome = value != null ? value : p.readValueAsTree();
                    case "clean" -> f.clean = value != null ? value : p.readValueAsTree();
                    case "ambiguous" -> f.ambiguous = value != null ? value : p.readValueAsTree();
                    case "day_first_reading" -> f.dayFirstReading = value != null ? value : p.readValueAsTree();
                    default -> p.skipChildren();
                }
            }
            if (t != JsonToken.END_OBJECT) throw new IOException("malformed entry at " + p.currentLocation());
            return f;
        }
    }

    /**
     * One document (array or wrapping object) or a sequence of root objects (JSON lines). JSON lines
     * are read token by token, one entry at a time, without a tree per line (over a million lines at
     * a million records).
     */
    static void readEntries(Path file, java.util.function.Consumer<Fields> sink) throws IOException {
        try (JsonParser p = Json.MAPPER.createParser(file.toFile())) {
            if (p.nextToken() == null) return;
            JsonNode first = p.readValueAsTree();
            JsonToken t = p.nextToken();
            if (t == null) {
                List<JsonNode> out = new ArrayList<>();
                collect(first, null, out);
                for (JsonNode n : out) sink.accept(Fields.of(n));
                return;
            }
            if (first.isObject()) sink.accept(Fields.of(first));
            for (; t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT) {
                    sink.accept(Fields.read(p));
                } else {
                    p.skipChildren();
                }
            }
        }
    }

    /** Finds entry objects in an array, in an object wrapping an array, or in {table: [entries]}. */
    private static void collect(JsonNode node, String table, List<JsonNode> out) {
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (n.isObject() && table != null && !n.has("table")) ((ObjectNode) n).put("table", table);
                if (n.isObject()) out.add(n);
            }
        } else if (node.isObject()) {
            if (node.has("table") && (node.has("kind") || node.has("field"))) {
                out.add(node);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isContainerNode()) collect(e.getValue(), e.getKey().startsWith("raw_") ? e.getKey() : table, out);
            }
        }
    }

    void add(Fields n) {
        String tableName = text(n.table);
        String k = text(n.key);
        if (k == null && n.key != null && n.key.isArray()) {
            List<String> parts = new ArrayList<>();
            n.key.forEach(p -> parts.add(p.asText()));
            k = String.join("|", parts);
        }
        String raw = text(n.rawId);
        if (tableName == null || (k == null && raw == null)) return;
        String f = text(n.field);
        if (f != null && (f.isBlank() || f.equals("*"))) f = null;
        String kindName = text(n.kind);
        if (kindName == null) kindName = text(n.defect);
        if (kindName == null) kindName = "unknown";
        String expected = text(n.expected);
        if (expected == null) expected = text(n.outcome);
        String lower = expected == null ? "" : expected.toLowerCase(Locale.ROOT);
        Expect x;
        JsonNode cleanValue = null;
        if (lower.startsWith("reject") || lower.startsWith("quarantine")) {
            x = Expect.REJECT;
        } else if (lower.startsWith("flag")) {
            x = Expect.FLAG;
        } else if (lower.startsWith("derive")) {
            x = Expect.DERIVE;
        } else if (lower.startsWith("nullify") || lower.startsWith("null")) {
            x = Expect.NULL;
        } else if (n.clean != null) {
            cleanValue = n.clean;
            x = cleanValue.isNull() ? Expect.NULL : Expect.VALUE;
        } else {
            x = Expect.REJECT;
        }
        int i = size;
        table.set(i, tables.id(tableName));
        field.set(i, f == null ? -1 : fields.id(f));
        kind.set(i, kinds.id(kindName));
        expect.set(i, (byte) x.ordinal());
        flags.set(i, (byte) 0);
        key.set(i, pool.add(k));
        rawId.set(i, pool.add(raw));
        // a boolean compares by its text, like every other clean value
        clean.set(i, cleanValue == null || cleanValue.isNull() ? 0 : pool.add(cleanValue.asText()));
        size++;
        if (raw == null) {
            int t = table.get(i);
            if (t >= entryWithoutRawId.length) entryWithoutRawId = Arrays.copyOf(entryWithoutRawId, Math.max(t + 1, entryWithoutRawId.length * 2));
            entryWithoutRawId[t] = true;
        }
        nextSameKey.set(i, k == null ? 0 : byKey.link(table.get(i), key.get(i), i));
        nextSameRaw.set(i, raw == null ? 0 : byRawId.link(table.get(i), rawId.get(i), i));
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.asText();
    }

    public int size() {
        awaitLoaded();
        return size;
    }

    private boolean has(int e, int flag) {
        return (flags.get(e) & flag) != 0;
    }

    private void set(int e, int flag) {
        flags.set(e, (byte) (flags.get(e) | flag));
    }

    private Expect expectOf(int e) {
        return EXPECTS[expect.get(e)];
    }

    private String fieldOf(int e) {
        int f = field.get(e);
        return f < 0 ? null : fields.name(f);
    }

    /** Called once per raw record with what the transformer did to it. */
    public void observe(RecordContext ctx) {
        awaitLoaded();
        String tableName = ctx.row().table().tableName();
        // -1 when no entry names this table: nothing to match, the record still counts for clean values changed
        int t = tables.find(tableName);
        String rawIdText = ctx.row().get(RAW_ID);
        int[] matched = EMPTY;
        int count = 0;
        if (t >= 0) {
            byte[] rawBytes = utf8(String.valueOf(rawIdText));
            // entries by natural key (those with a raw_id only for that record), then by raw_id: each once. When
            // every entry of the table has a raw_id and so does the record, the key finds nothing raw_id does not.
            boolean keyNeeded = rawIdText == null || (t < entryWithoutRawId.length && entryWithoutRawId[t]);
            if (ctx.key() != null && keyNeeded) {
                for (int e = byKey.head(t, utf8(ctx.key())); e >= 0; e = nextSameKey.get(e) - 1) {
                    if (rawId.get(e) != 0 && rawIdText != null && !pool.equals(rawId.get(e), rawBytes)) continue;
                    if (!contains(matched, count, e)) {
                        if (count == matched.length) matched = Arrays.copyOf(matched, Math.max(4, count * 2));
                        matched[count++] = e;
                    }
                }
            }
            for (int e = byRawId.head(t, rawBytes); e >= 0; e = nextSameRaw.get(e) - 1) {
                if (!contains(matched, count, e)) {
                    if (count == matched.length) matched = Arrays.copyOf(matched, Math.max(4, count * 2));
                    matched[count++] = e;
                }
            }
        }
        Set<String> coveredFields = count == 0 ? Set.of() : new HashSet<>();
        boolean recordLevel = false;
        boolean quarantined = ctx.rejected();
        boolean rejectCaught = false;
        for (int m = 0; m < count; m++) {
            int e = matched[m];
            set(e, OBSERVED);
            String f = fieldOf(e);
            Expect x = expectOf(e);
            if (f == null) recordLevel = true; else coveredFields.add(f);
            if (x == Expect.REJECT) {
                if (quarantined) {
                    set(e, CAUGHT);
                    rejectCaught = true;
                }
                continue;
            }
            if (f == null) {
                if (quarantined) set(e, CAUGHT);
                continue;
            }
            boolean fired = ctx.events().stream().anyMatch(ev -> f.equals(ev.field()));
            String out = ctx.outputs().get(f);
            boolean hasOutput = ctx.outputs().containsKey(f);
            if (x == Expect.DERIVE) {
                // A missing value another source may supply (a member's role): caught when a rule derived it or
                // nulled it; never repairable, the ground truth has no value to compare with.
                boolean handled = ctx.events().stream().anyMatch(ev -> f.equals(ev.field()) && !ev.rule().formatOnly());
                if (handled || quarantined) set(e, CAUGHT);
                continue;
            }
            if (x == Expect.FLAG) {
                // A quality issue the value keeps: caught when a rule recognised it on this field (a rule that
                // fires on every value of the field, such as the password drop, or a format-only one does not count).
                boolean detected = ctx.events().stream().anyMatch(ev -> f.equals(ev.field())
                    && !ev.rule().formatOnly() && ev.rule() != Rules.USR_PASSWORD_DROPPED);
                if (detected || quarantined) set(e, CAUGHT);
                continue;
            }
            if (f.equals(USER_PASSWORD)) {
                if (fired) set(e, CAUGHT);
                continue;
            }
            if (x == Expect.NULL) {
                if (quarantined || (hasOutput && out == null)) set(e, CAUGHT);
                if (!quarantined && hasOutput && out == null) set(e, EXACT);
                if (!quarantined && hasOutput) stored(e, ctx, f);
                continue;
            }
            boolean equal = !quarantined && hasOutput && sameValue(pool.get(clean.get(e)), out);
            if (quarantined) set(e, QUARANTINED);
            if (fired || equal || quarantined) set(e, CAUGHT);
            if (equal) set(e, EXACT);
            if (!quarantined && hasOutput) stored(e, ctx, f);
            if (has(e, EXACT) || has(e, QUARANTINED)) {
                inexactOutput.remove(e);
            } else {
                inexactOutput.put(e, out);
            }
        }
        if (quarantined && rejectCaught) expectRejection(tableName, ctx.key());
        if (recordLevel) return;
        for (RecordContext.Event ev : ctx.events()) {
            Rule r = ev.rule();
            if (r.formatOnly() || r == Rules.USR_PASSWORD_DROPPED || r.action() == Rule.Action.REJECT) continue;
            if (coveredFields.contains(ev.field())) continue;
            changed++;
            changedByRule.merge(r.id(), 1L, Long::sum);
            if (changedExamples.size() < 20) changedExamples.add(tableName + " " + ctx.key() + " " + ev.field() + " (" + r.id() + ")");
        }
        if (quarantined && count == 0 && cascadeOfExpectedRejection(ctx)) {
            // A child of a record the ground truth expects to be rejected: the documented cascade, not a mistake.
            cascaded++;
            expectRejection(tableName, ctx.key());
        } else if (quarantined && count == 0) {
            String id = ctx.rejectRules().isEmpty() ? "?" : ctx.rejectRules().get(0).id();
            changed++;
            changedByRule.merge(id, 1L, Long::sum);
            if (changedExamples.size() < 20) changedExamples.add(tableName + " " + ctx.key() + " quarantined (" + id + ")");
        }
    }

    private static final int[] EMPTY = new int[0];

    /** A value entry whose record stored a value: remembers how the field was decided (the last event on it says). */
    private void stored(int e, RecordContext ctx, String f) {
        set(e, STORED);
        for (RecordContext.Event ev : ctx.events()) {
            if (!f.equals(ev.field())) continue;
            if (ev.decided() == RecordContext.Decision.POLICY) set(e, DECIDED_POLICY);
            if (ev.decided() == RecordContext.Decision.EVIDENCE) set(e, DECIDED_EVIDENCE);
        }
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) if (a[i] == v) return true;
        return false;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Only parents are ever looked up (the cascade), so only their keys are kept. */
    private void expectRejection(String tableName, String recordKey) {
        if (!PARENT_TABLE.containsValue(tableName)) return;
        // a record without a key is looked up as its orphans name it: "null"
        expectedRejections.computeIfAbsent(tableName, x -> KeyIndex.set()).add(String.valueOf(recordKey));
    }

    /**
     * True when every reason the record was quarantined for is an orphan reference to a parent that was itself
     * quarantined for a reason the ground truth expects (or by such a cascade). A parent rejected for any other
     * reason leaves the child counted as a clean value changed.
     */
    private boolean cascadeOfExpectedRejection(RecordContext ctx) {
        if (ctx.outcome() != RecordContext.Outcome.REJECTED || ctx.rejections().isEmpty()) return false;
        for (RecordContext.Rejection r : ctx.rejections()) {
            if (!r.orphan()) return false;
            String parent = PARENT_TABLE.get(r.field());
            KeyIndex rejected = parent == null ? null : expectedRejections.get(parent);
            // a record without a key is registered as its orphans name it: "null"
            if (rejected == null || !rejected.contains(String.valueOf(r.referencedKey()))) return false;
        }
        return true;
    }

    /** Compares a ground-truth clean value with an output value, tolerant of representation. */
    static boolean sameValue(String c, String out) {
        if (c == null) return out == null;
        if (out == null) return false;
        if (c.equals(out)) return true;
        if (TIMESTAMP.matcher(c).matches()) {
            return c.replace(' ', 'T').replaceAll("\\.0+$", "").equals(out);
        }
        try {
            return new BigDecimal(c).compareTo(new BigDecimal(out)) == 0;
        } catch (NumberFormatException notNumbers) {
            return false;
        }
    }

    private static final java.util.regex.Pattern TIMESTAMP =
        java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.0+)?");

    public Map<String, KindScore> byKind() {
        awaitLoaded();
        KindScore[] byId = new KindScore[kinds.size()];
        for (int e = 0; e < size; e++) {
            KindScore k = byId[kind.get(e)];
            if (k == null) k = byId[kind.get(e)] = new KindScore();
            k.total++;
            if (has(e, CAUGHT)) k.caught++; else k.missed++;
            // A value defect in a record that was quarantined as a whole (superseded duplicate, orphan) has no
            // output value to compare: it is caught with its record, and counted apart from the repairable ones.
            boolean repairable = repairable(e);
            if (expectOf(e) == Expect.VALUE && has(e, QUARANTINED) && !has(e, EXACT)) k.quarantinedWithRecord++;
            if (has(e, DECIDED_POLICY)) k.ambiguousByPolicy++;
            if (repairable) {
                k.repairable++;
                if (has(e, EXACT)) k.repairedExact++;
            }
        }
        Map<String, KindScore> m = new TreeMap<>();
        for (int i = 0; i < byId.length; i++) if (byId[i] != null) m.put(kinds.name(i), byId[i]);
        return m;
    }

    private static String mask(String field, String value) {
        return field == null ? value : Masking.forExample(field, value);
    }

    /**
     * A value defect with a clean value to reach; not a password (never output), not one whose record was quarantined
     * as a whole. A value read by policy is repairable like any other: policy is no excuse for a wrong value.
     */
    private boolean repairable(int e) {
        return expectOf(e) == Expect.VALUE && !USER_PASSWORD.equals(fieldOf(e)) && !(has(e, QUARANTINED) && !has(e, EXACT));
    }

    /** How the stored values with a clean value (or a null) to reach were decided, and how many are wrong. */
    public DecisionTally decisions() {
        awaitLoaded();
        DecisionTally d = new DecisionTally();
        for (int e = 0; e < size; e++) {
            Expect x = expectOf(e);
            if ((x != Expect.VALUE && x != Expect.NULL) || !has(e, STORED) || USER_PASSWORD.equals(fieldOf(e))) continue;
            RecordContext.Decision how = has(e, DECIDED_POLICY) ? RecordContext.Decision.POLICY
                : has(e, DECIDED_EVIDENCE) ? RecordContext.Decision.EVIDENCE : RecordContext.Decision.EXACT;
            d.add(how, has(e, EXACT));
        }
        return d;
    }

    public long changedByMistake() {
        return changed;
    }

    public ObjectNode toJson() {
        awaitLoaded();
        ObjectNode o = Json.MAPPER.createObjectNode();
        long total = 0, caught = 0, repairable = 0, exact = 0, ambiguous = 0;
        ObjectNode kindsJson = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, KindScore> e : byKind().entrySet()) {
            KindScore k = e.getValue();
            total += k.total; caught += k.caught; repairable += k.repairable; exact += k.repairedExact;
            ambiguous += k.ambiguousByPolicy;
            ObjectNode n = kindsJson.putObject(e.getKey());
            n.put("injected", k.total);
            n.put("caught", k.caught);
            n.put("repairable", k.repairable);
            n.put("repaired_exact", k.repairedExact);
            n.put("missed", k.missed);
            n.put("quarantined_with_record", k.quarantinedWithRecord);
            n.put("resolved_by_policy", k.ambiguousByPolicy);
        }
        o.put("injected", total);
        o.put("caught", caught);
        o.put("caught_rate", total == 0 ? 1.0 : round((double) caught / total));
        o.put("repairable", repairable);
        o.put("repaired_exact", exact);
        o.put("repaired_exact_rate", repairable == 0 ? 1.0 : round((double) exact / repairable));
        o.put("missed", total - caught);
        o.put("resolved_by_policy", ambiguous);
        decisions().writeTo(o);
        o.put("rejected_by_cascade", cascaded);
        o.put("clean_values_changed", changed);
        ObjectNode byRule = o.putObject("clean_values_changed_by_rule");
        changedByRule.forEach(byRule::put);
        var ex = o.putArray("clean_values_changed_examples");
        changedExamples.forEach(ex::add);
        var missedEx = o.putArray("missed_examples");
        var inexactEx = o.putArray("not_repaired_exact_examples");
        for (int e = 0; e < size && (missedEx.size() < 20 || inexactEx.size() < 20); e++) {
            boolean missed = !has(e, CAUGHT) && missedEx.size() < 20;
            boolean inexact = repairable(e) && !has(e, EXACT) && inexactEx.size() < 20;
            if (!missed && !inexact) continue;
            String f = fieldOf(e);
            String where = tables.name(table.get(e)) + " " + (key.get(e) != 0 ? pool.get(key.get(e)) : "raw_id=" + pool.get(rawId.get(e)))
                + " " + (f == null ? "*" : f) + " (" + kinds.name(kind.get(e)) + ")";
            if (missed) missedEx.add(where + (has(e, OBSERVED) ? "" : " record not seen"));
            if (inexact) inexactEx.add(where + " expected " + mask(f, pool.get(clean.get(e))) + ", got " + mask(f, inexactOutput.get(e)));
        }
        o.set("by_kind", kindsJson);
        return o;
    }

    private static double round(double d) {
        return Math.round(d * 10000) / 10000.0;
    }

    /** Distinct strings numbered in order of first appearance. */
    private static final class Dictionary {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        int id(String s) {
            Integer id = ids.get(s);
            if (id == null) {
                id = names.size();
                ids.put(s, id);
                names.add(s);
            }
            return id;
        }

        int find(String s) {
            Integer id = ids.get(s);
            return id == null ? -1 : id;
        }

        String name(int id) {
            return names.get(id);
        }

        int size() {
            return names.size();
        }
    }

    /** An int column in pages: growing never copies, nor holds two copies of, what is already there. */
    private static final class Ints {
        private int[][] pages = new int[16][];

        int get(int i) {
            return pages[i >>> 16][i & 0xFFFF];
        }

        void set(int i, int v) {
            int p = i >>> 16;
            if (p >= pages.length) pages = Arrays.copyOf(pages, p * 2);
            if (pages[p] == null) pages[p] = new int[1 << 16];
            pages[p][i & 0xFFFF] = v;
        }
    }

    /** A byte column in pages. */
    private static final class Bytes {
        private byte[][] pages = new byte[16][];

        byte get(int i) {
            return pages[i >>> 16][i & 0xFFFF];
        }

        void set(int i, byte v) {
            int p = i >>> 16;
            if (p >= pages.length) pages = Arrays.copyOf(pages, p * 2);
            if (pages[p] == null) pages[p] = new byte[1 << 16];
            pages[p][i & 0xFFFF] = v;
        }
    }

    /**
     * Strings as length-prefixed UTF-8 in pages of 1 MB (a string never spans two); a string is its
     * offset (page * 1 MB + position), 0 is null.
     */
    private static final class StringPool {
        private static final int PAGE_BITS = 20, PAGE = 1 << PAGE_BITS;
        private byte[][] pages = {new byte[PAGE]};
        private int page, end = 1;
        /** The page of the string last located by {@link #start}. */
        byte[] bytes;

        int add(String s) {
            if (s == null) return 0;
            byte[] b = utf8(s);
            if (b.length + 5 > PAGE) throw new StageFailure("a ground-truth value is longer than " + (PAGE - 5) + " bytes");
            if (end + b.length + 5 > PAGE) {
                page++;
                if (page == pages.length) pages = Arrays.copyOf(pages, page * 2);
                pages[page] = new byte[PAGE];
                end = 0;
            }
            byte[] to = pages[page];
            int off = (page << PAGE_BITS) | end;
            int n = b.length;
            while (n >= 0x80) {
                to[end++] = (byte) (n | 0x80);
                n >>>= 7;
            }
            to[end++] = (byte) n;
            System.arraycopy(b, 0, to, end, b.length);
            end += b.length;
            return off;
        }

        /** Start of the string's bytes in {@link #bytes}; its length in {@code len[0]}. */
        int start(int off, int[] len) {
            bytes = pages[off >>> PAGE_BITS];
            int n = 0, shift = 0, p = off & (PAGE - 1);
            while (true) {
                int b = bytes[p++];
                n |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) break;
                shift += 7;
            }
            len[0] = n;
            return p;
        }

        final int[] len = new int[1];

        String get(int off) {
            if (off == 0) return null;
            int p = start(off, len);
            return new String(bytes, p, len[0], StandardCharsets.UTF_8);
        }

        boolean equals(int off, byte[] b) {
            if (off == 0) return false;
            int p = start(off, len);
            return len[0] == b.length && Arrays.equals(bytes, p, p + b.length, b, 0, b.length);
        }

        int hash(int table, int off) {
            int p = start(off, len);
            return hash(table, bytes, p, len[0]);
        }

        static int hash(int table, byte[] b, int from, int n) {
            int h = table;
            for (int i = from; i < from + n; i++) h = 31 * h + b[i];
            // murmur3's finaliser: ids of one table hash to runs of neighbours, which would cluster a linear probe
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            return h ^ (h >>> 16);
        }
    }

    /**
     * (table, text) -> first entry of the chain of entries naming that record; the chains are in the
     * entries. A slot holds the text's hash beside the entry, so a probe compares hashes in the slot
     * array and reads an entry's text only on a hash match (most records have no entry at all).
     */
    private final class RecordIndex {
        /** hash << 32 | (entry + 1); 0 is empty. */
        private long[] slots = new long[1 << 10];
        private int used;

        /** Makes entry e the head of its record's chain; returns the previous head + 1 (0 when none) for e's link. */
        int link(int t, int textOff, int e) {
            int h = pool.hash(t, textOff);
            int mask = slots.length - 1;
            int i = h & mask;
            while (slots[i] != 0) {
                int head = (int) slots[i] - 1;
                if ((int) (slots[i] >>> 32) == h && table.get(head) == t && sameText(head, textOff)) {
                    slots[i] = ((long) h << 32) | (e + 1L);
                    return head + 1;
                }
                i = (i + 1) & mask;
            }
            slots[i] = ((long) h << 32) | (e + 1L);
            if (++used * 2 > slots.length) rehash();
            return 0;
        }

        private int textOf(int entry) {
            return this == byKey ? key.get(entry) : rawId.get(entry);
        }

        private boolean sameText(int head, int textOff) {
            int p = pool.start(textOf(head), pool.len);
            byte[] a = pool.bytes;
            int n = pool.len[0];
            int q = pool.start(textOff, pool.len);
            return n == pool.len[0] && Arrays.equals(a, p, p + n, pool.bytes, q, q + n);
        }

        private void rehash() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length - 1;
            for (long v : old) {
                if (v == 0) continue;
                int i = (int) (v >>> 32) & mask;
                while (slots[i] != 0) i = (i + 1) & mask;
                slots[i] = v;
            }
        }

        /** The first entry naming the record, or -1. */
        int head(int t, byte[] text) {
            int h = StringPool.hash(t, text, 0, text.length);
            int mask = slots.length - 1;
            int i = h & mask;
            while (slots[i] != 0) {
                if ((int) (slots[i] >>> 32) == h) {
                    int head = (int) slots[i] - 1;
                    if (table.get(head) == t && pool.equals(textOf(head), text)) return head;
                }
                i = (i + 1) & mask;
            }
            return -1;
        }
    }
}
