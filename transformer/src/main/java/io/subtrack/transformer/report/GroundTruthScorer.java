package io.subtrack.transformer.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.json.Json;
import io.subtrack.transformer.RecordContext;
import io.subtrack.transformer.rules.Masking;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
 * <p>Counted apart, visibly: an ambiguous date ("ambiguous": true) whose clean value is not the
 * "day_first_reading" and which the transformer read day first, by its documented policy
 * (ambiguous_resolved_by_policy, out of the repairable ones); and a record quarantined only as an orphan of a
 * parent that was itself quarantined for a defect the ground truth lists (rejected_by_cascade).
 */
public final class GroundTruthScorer {
    enum Expect { VALUE, NULL, REJECT, FLAG, DERIVE }

    static final class Entry {
        String table, key, rawId, field, kind, raw;
        JsonNode clean;
        /** Ambiguous date whose clean value differs from what the day-first policy reads. */
        String dayFirstReading;
        Expect expect;
        boolean observed, caught, exact, quarantined, resolvedByPolicy;
        String output;
    }

    public static final class KindScore {
        public long total, caught, repairable, repairedExact, missed, quarantinedWithRecord, ambiguousByPolicy;
    }

    /** Parent table of each field an orphan rule checks (the cascade of referential integrity). */
    private static final Map<String, String> PARENT_TABLE = Map.of(
        "userId", "raw_User", "idFournisseur", "raw_Fournisseur", "idAbonnement", "raw_Abonnement",
        "idPaiement", "raw_Paiement", "idNotification", "raw_Notifications");
    private static final String ORPHAN_REASON = "orphan reference: ";

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, List<Entry>> byRecord = new HashMap<>();
    private final Map<String, Long> changedByRule = new TreeMap<>();
    private final List<String> changedExamples = new ArrayList<>();
    private long changed;
    /** table + key of every record quarantined for a reason the ground truth expects (or by cascade from one). */
    private final Set<String> expectedRejections = new HashSet<>();
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
     * One document (array or wrapping object) or a sequence of root objects (JSON lines). JSON lines
     * are handed over one at a time: at a million records the ground truth holds over a million
     * entries, and keeping their trees besides the compact entries ran a 512 MB heap out of memory.
     */
    static void readEntries(Path file, java.util.function.Consumer<JsonNode> sink) throws IOException {
        JsonNode first = null;
        boolean several = false;
        try (var it = Json.MAPPER.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile())) {
            while (it.hasNextValue()) {
                JsonNode r = it.nextValue();
                if (first == null) {
                    first = r;
                    continue;
                }
                if (!several) {
                    several = true;
                    if (first.isObject()) sink.accept(first);
                }
                if (r.isObject()) sink.accept(r);
            }
        }
        if (first != null && !several) {
            List<JsonNode> out = new ArrayList<>();
            collect(first, null, out);
            out.forEach(sink);
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

    /** Tables, fields and kinds repeat across a million entries: one copy each. */
    private static String intern(String s) {
        return s == null ? null : s.intern();
    }

    void add(JsonNode n) {
        Entry e = new Entry();
        e.table = intern(text(n, "table"));
        e.key = text(n, "key");
        if (e.key == null && n.has("key") && n.get("key").isArray()) {
            List<String> parts = new ArrayList<>();
            n.get("key").forEach(p -> parts.add(p.asText()));
            e.key = String.join("|", parts);
        }
        e.rawId = text(n, "raw_id");
        e.field = intern(text(n, "field"));
        if (e.field != null && (e.field.isBlank() || e.field.equals("*"))) e.field = null;
        e.kind = text(n, "kind");
        if (e.kind == null) e.kind = text(n, "defect");
        if (e.kind == null) e.kind = "unknown";
        e.kind = e.kind.intern();
        String expected = text(n, "expected");
        if (expected == null) expected = text(n, "outcome");
        String lower = expected == null ? "" : expected.toLowerCase(Locale.ROOT);
        if (lower.startsWith("reject") || lower.startsWith("quarantine")) {
            e.expect = Expect.REJECT;
        } else if (lower.startsWith("flag")) {
            e.expect = Expect.FLAG;
        } else if (lower.startsWith("derive")) {
            e.expect = Expect.DERIVE;
        } else if (lower.startsWith("nullify") || lower.startsWith("null")) {
            e.expect = Expect.NULL;
        } else if (n.has("clean")) {
            e.clean = n.get("clean");
            e.expect = e.clean.isNull() ? Expect.NULL : Expect.VALUE;
        } else {
            e.expect = Expect.REJECT;
        }
        e.raw = text(n, "raw");
        if (n.path("ambiguous").asBoolean(false) && e.clean != null && n.hasNonNull("day_first_reading")
            && !sameValue(e.clean, text(n, "day_first_reading"))) {
            e.dayFirstReading = text(n, "day_first_reading");
        }
        if (e.table == null || (e.key == null && e.rawId == null)) return;
        entries.add(e);
        if (e.key != null) byRecord.computeIfAbsent(e.table + "\u0000k" + e.key, k -> new ArrayList<>()).add(e);
        if (e.rawId != null) byRecord.computeIfAbsent(e.table + "\u0000r" + e.rawId, k -> new ArrayList<>()).add(e);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    public int size() {
        return entries.size();
    }

    /** Called once per raw record with what the transformer did to it. */
    public void observe(RecordContext ctx) {
        String table = ctx.row().table().tableName();
        String rawId = ctx.row().get("raw_id");
        List<Entry> matched = new ArrayList<>();
        Set<Entry> seen = new HashSet<>();
        for (String k : new String[] {table + "\u0000k" + ctx.key(), table + "\u0000r" + rawId}) {
            List<Entry> list = ctx.key() == null && k.contains("\u0000k") ? null : byRecord.get(k);
            if (list == null) continue;
            for (Entry e : list) {
                if (e.rawId != null && rawId != null && !e.rawId.equals(rawId)) continue;
                if (seen.add(e)) matched.add(e);
            }
        }
        Set<String> coveredFields = new HashSet<>();
        boolean recordLevel = false;
        for (Entry e : matched) {
            e.observed = true;
            if (e.field == null) recordLevel = true; else coveredFields.add(e.field);
            boolean quarantined = ctx.rejected();
            if (e.expect == Expect.REJECT) {
                if (quarantined) e.caught = true;
                continue;
            }
            if (e.field == null) {
                if (quarantined) e.caught = true;
                continue;
            }
            boolean fired = ctx.events().stream().anyMatch(ev -> e.field.equals(ev.field()));
            String out = ctx.outputs().get(e.field);
            boolean hasOutput = ctx.outputs().containsKey(e.field);
            e.output = out;
            if (e.expect == Expect.DERIVE) {
                // A missing value another source may supply (a member's role): caught when a rule derived it or
                // nulled it; never repairable, the ground truth has no value to compare with.
                boolean handled = ctx.events().stream().anyMatch(ev -> e.field.equals(ev.field()) && !ev.rule().formatOnly());
                if (handled || quarantined) e.caught = true;
                continue;
            }
            if (e.expect == Expect.FLAG) {
                // A quality issue the value keeps: caught when a rule recognised it on this field (a rule that
                // fires on every value of the field, such as the password drop, or a format-only one does not count).
                boolean detected = ctx.events().stream().anyMatch(ev -> e.field.equals(ev.field())
                    && !ev.rule().formatOnly() && ev.rule() != Rules.USR_PASSWORD_DROPPED);
                if (detected || quarantined) e.caught = true;
                continue;
            }
            if (e.field.equals("motsDePasse")) {
                e.caught = fired;
                continue;
            }
            if (e.expect == Expect.NULL) {
                if (quarantined || (hasOutput && out == null)) e.caught = true;
                if (!quarantined && hasOutput && out == null) e.exact = true;
                continue;
            }
            boolean equal = !quarantined && hasOutput && sameValue(e.clean, out);
            if (quarantined) e.quarantined = true;
            if (fired || equal || quarantined) e.caught = true;
            if (equal) e.exact = true;
            // An ambiguous date read by the documented day-first policy: resolved by policy, counted apart.
            if (!equal && !quarantined && e.dayFirstReading != null && hasOutput && e.dayFirstReading.equals(out)) {
                e.resolvedByPolicy = true;
            }
        }
        if (ctx.rejected() && matched.stream().anyMatch(e -> e.expect == Expect.REJECT && e.caught)) {
            expectedRejections.add(table + "\u0000" + ctx.key());
        }
        if (recordLevel) return;
        for (RecordContext.Event ev : ctx.events()) {
            Rule r = ev.rule();
            if (r.formatOnly() || r == Rules.USR_PASSWORD_DROPPED || r.action() == Rule.Action.REJECT) continue;
            if (coveredFields.contains(ev.field())) continue;
            changed++;
            changedByRule.merge(r.id(), 1L, Long::sum);
            if (changedExamples.size() < 20) changedExamples.add(table + " " + ctx.key() + " " + ev.field() + " (" + r.id() + ")");
        }
        if (ctx.rejected() && matched.isEmpty() && cascadeOfExpectedRejection(ctx)) {
            // A child of a record the ground truth expects to be rejected: the documented cascade, not a mistake.
            cascaded++;
            expectedRejections.add(table + "\u0000" + ctx.key());
        } else if (ctx.rejected() && matched.isEmpty()) {
            String id = ctx.rejectRules().isEmpty() ? "?" : ctx.rejectRules().get(0).id();
            changed++;
            changedByRule.merge(id, 1L, Long::sum);
            if (changedExamples.size() < 20) changedExamples.add(table + " " + ctx.key() + " quarantined (" + id + ")");
        }
    }

    /**
     * True when every reason the record was quarantined for is an orphan reference to a parent that was itself
     * quarantined for a reason the ground truth expects (or by such a cascade). A parent rejected for any other
     * reason leaves the child counted as a clean value changed.
     */
    private boolean cascadeOfExpectedRejection(RecordContext ctx) {
        if (ctx.outcome() != RecordContext.Outcome.REJECTED || ctx.reasons().isEmpty()) return false;
        for (String reason : ctx.reasons()) {
            if (!reason.startsWith(ORPHAN_REASON)) return false;
            String ref = reason.substring(ORPHAN_REASON.length());
            int eq = ref.indexOf('=');
            if (eq < 0) return false;
            String parent = PARENT_TABLE.get(ref.substring(0, eq));
            if (parent == null || !expectedRejections.contains(parent + "\u0000" + ref.substring(eq + 1))) return false;
        }
        return true;
    }

    /** Compares a ground-truth clean value with an output value, tolerant of representation. */
    static boolean sameValue(JsonNode clean, String out) {
        if (clean == null || clean.isNull()) return out == null;
        if (out == null) return false;
        if (clean.isBoolean()) return String.valueOf(clean.booleanValue()).equals(out);
        String c = clean.asText();
        if (c.equals(out)) return true;
        if (c.matches("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.0+)?")) {
            return c.replace(' ', 'T').replaceAll("\\.0+$", "").equals(out);
        }
        try {
            return new BigDecimal(c).compareTo(new BigDecimal(out)) == 0;
        } catch (NumberFormatException notNumbers) {
            return false;
        }
    }

    public Map<String, KindScore> byKind() {
        Map<String, KindScore> m = new TreeMap<>();
        for (Entry e : entries) {
            KindScore k = m.computeIfAbsent(e.kind, x -> new KindScore());
            k.total++;
            if (e.caught) k.caught++; else k.missed++;
            // A value defect in a record that was quarantined as a whole (superseded duplicate, orphan) has no
            // output value to compare: it is caught with its record, and counted apart from the repairable ones.
            boolean repairable = repairable(e);
            if (e.expect == Expect.VALUE && e.quarantined && !e.exact) k.quarantinedWithRecord++;
            if (e.resolvedByPolicy) k.ambiguousByPolicy++;
            if (repairable) {
                k.repairable++;
                if (e.exact) k.repairedExact++;
            }
        }
        return m;
    }

    private static String mask(String field, String value) {
        return field == null ? value : Masking.forExample(field, value);
    }

    /**
     * A value defect with a clean value to reach; not a password (never output), not one whose record was quarantined
     * as a whole, not an ambiguous date read by the documented day-first policy (counted apart).
     */
    private static boolean repairable(Entry e) {
        return e.expect == Expect.VALUE && !"motsDePasse".equals(e.field) && !(e.quarantined && !e.exact) && !e.resolvedByPolicy;
    }

    public long changedByMistake() {
        return changed;
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.MAPPER.createObjectNode();
        long total = 0, caught = 0, repairable = 0, exact = 0, ambiguous = 0;
        ObjectNode kinds = Json.MAPPER.createObjectNode();
        for (Map.Entry<String, KindScore> e : byKind().entrySet()) {
            KindScore k = e.getValue();
            total += k.total; caught += k.caught; repairable += k.repairable; exact += k.repairedExact;
            ambiguous += k.ambiguousByPolicy;
            ObjectNode n = kinds.putObject(e.getKey());
            n.put("injected", k.total);
            n.put("caught", k.caught);
            n.put("repairable", k.repairable);
            n.put("repaired_exact", k.repairedExact);
            n.put("missed", k.missed);
            n.put("quarantined_with_record", k.quarantinedWithRecord);
            n.put("ambiguous_resolved_by_policy", k.ambiguousByPolicy);
        }
        o.put("injected", total);
        o.put("caught", caught);
        o.put("caught_rate", total == 0 ? 1.0 : round((double) caught / total));
        o.put("repairable", repairable);
        o.put("repaired_exact", exact);
        o.put("repaired_exact_rate", repairable == 0 ? 1.0 : round((double) exact / repairable));
        o.put("missed", total - caught);
        o.put("ambiguous_resolved_by_policy", ambiguous);
        o.put("rejected_by_cascade", cascaded);
        o.put("clean_values_changed", changed);
        ObjectNode byRule = o.putObject("clean_values_changed_by_rule");
        changedByRule.forEach(byRule::put);
        var ex = o.putArray("clean_values_changed_examples");
        changedExamples.forEach(ex::add);
        var missedEx = o.putArray("missed_examples");
        var inexactEx = o.putArray("not_repaired_exact_examples");
        for (Entry e : entries) {
            String where = e.table + " " + (e.key != null ? e.key : "raw_id=" + e.rawId) + " " + (e.field == null ? "*" : e.field)
                + " (" + e.kind + ")";
            if (!e.caught && missedEx.size() < 20) missedEx.add(where + (e.observed ? "" : " record not seen"));
            if (repairable(e) && !e.exact && inexactEx.size() < 20) {
                inexactEx.add(where + " expected " + mask(e.field, e.clean == null ? null : e.clean.asText())
                    + ", got " + mask(e.field, e.output));
            }
        }
        o.set("by_kind", kinds);
        return o;
    }

    private static double round(double d) {
        return Math.round(d * 10000) / 10000.0;
    }
}
