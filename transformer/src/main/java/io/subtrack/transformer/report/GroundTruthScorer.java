package io.subtrack.transformer.report;

import static io.subtrack.transformer.report.TruthEntries.*;
import static io.subtrack.common.schema.RawFields.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.MergedTable;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.truth.GroundTruthReader;
import io.subtrack.transformer.KeyIndex;
import io.subtrack.transformer.RecordContext;
import io.subtrack.transformer.rules.Masking;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import io.subtrack.transformer.rules.ValueText;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
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



    private final TruthEntries entries = new TruthEntries();
    /** Last output of a value entry that may still end up repairable and not exact (the examples show it). */
    private final Map<Integer, String> inexactOutput = new HashMap<>();
    private final Map<String, Long> changedByRule = new TreeMap<>();
    private final List<String> changedExamples = new ArrayList<>();
    private long changed;
    /** Keys of parent records quarantined for a reason the ground truth expects (or by cascade from one), by parent table. */
    private final Map<String, KeyIndex> expectedRejections = new HashMap<>();
    private long cascaded;

    public static GroundTruthScorer load(Path file) {
        GroundTruthScorer s = new GroundTruthScorer();
        try {
            GroundTruthReader.forEach(file, s.entries::add);
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
            GroundTruthReader.forEach(file, s.entries::add);
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




    public int size() {
        awaitLoaded();
        return entries.size;
    }


    /** Called once per raw record with what the transformer did to it. */
    public void observe(RecordContext ctx) {
        awaitLoaded();
        String tableName = ctx.row().table().tableName();
        // -1 when no entry names this table: nothing to match, the record still counts for clean values changed
        int t = entries.tables.find(tableName);
        String rawIdText = ctx.row().get(RAW_ID);
        int[] matched = t < 0 ? EMPTY : entries.match(t, rawIdText);
        int count = matched.length;
        Set<String> coveredFields = count == 0 ? Set.of() : new HashSet<>();
        boolean recordLevel = false;
        boolean quarantined = ctx.rejected();
        boolean rejectCaught = false;
        for (int m = 0; m < count; m++) {
            int e = matched[m];
            entries.set(e, OBSERVED);
            String f = entries.fieldOf(e);
            Expect x = entries.expectOf(e);
            if (f == null) recordLevel = true; else coveredFields.add(f);
            if (x == Expect.REJECT) {
                if (quarantined) {
                    entries.set(e, CAUGHT);
                    rejectCaught = true;
                }
                continue;
            }
            if (f == null) {
                if (quarantined) entries.set(e, CAUGHT);
                continue;
            }
            boolean fired = ctx.events().stream().anyMatch(ev -> f.equals(ev.field()));
            Object out = ctx.stored(f);
            boolean hasOutput = ctx.stores(f);
            if (x == Expect.DERIVE) {
                // A missing value another source may supply (a member's role): caught when a rule derived it or
                // nulled it; never repairable, the ground truth has no value to compare with.
                boolean handled = ctx.events().stream().anyMatch(ev -> f.equals(ev.field()) && !ev.rule().formatOnly());
                if (handled || quarantined) entries.set(e, CAUGHT);
                continue;
            }
            if (x == Expect.FLAG) {
                // A quality issue the value keeps: caught when a rule recognised it on this field (a rule that
                // fires on every value of the field, such as the password drop, or a format-only one does not count).
                boolean detected = ctx.events().stream().anyMatch(ev -> f.equals(ev.field())
                    && !ev.rule().formatOnly() && ev.rule() != Rules.USR_PASSWORD_DROPPED);
                if (detected || quarantined) entries.set(e, CAUGHT);
                continue;
            }
            if (f.equals(USER_PASSWORD)) {
                if (fired) entries.set(e, CAUGHT);
                continue;
            }
            if (x == Expect.NULL) {
                if (quarantined || (hasOutput && out == null)) entries.set(e, CAUGHT);
                if (!quarantined && hasOutput && out == null) entries.set(e, EXACT);
                if (!quarantined && hasOutput) stored(e, ctx, f);
                continue;
            }
            boolean equal = !quarantined && hasOutput && sameValue(entries.pool.get(entries.clean.get(e)), out);
            if (quarantined) entries.set(e, QUARANTINED);
            if (fired || equal || quarantined) entries.set(e, CAUGHT);
            if (equal) entries.set(e, EXACT);
            if (!quarantined && hasOutput) stored(e, ctx, f);
            if (entries.has(e, EXACT) || entries.has(e, QUARANTINED)) {
                inexactOutput.remove(e);
            } else {
                inexactOutput.put(e, ValueText.of(out));
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
        entries.set(e, STORED);
        for (RecordContext.Event ev : ctx.events()) {
            if (!f.equals(ev.field())) continue;
            if (ev.decided() == RecordContext.Decision.POLICY) entries.set(e, DECIDED_POLICY);
            if (ev.decided() == RecordContext.Decision.EVIDENCE) entries.set(e, DECIDED_EVIDENCE);
        }
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
        if (ctx.outcome() != RecordContext.Verdict.REJECTED || ctx.rejections().isEmpty()) return false;
        for (RecordContext.Rejection r : ctx.rejections()) {
            if (!r.orphan()) return false;
            String parent = PARENT_TABLE.get(r.field());
            KeyIndex rejected = parent == null ? null : expectedRejections.get(parent);
            // a record without a key is registered as its orphans name it: "null"
            if (rejected == null || !rejected.contains(String.valueOf(r.referencedKey()))) return false;
        }
        return true;
    }

    /** Compares a ground-truth clean value (text, as the generator writes it) with a stored value, typed. */
    static boolean sameValue(String c, Object stored) {
        if (c == null) return stored == null;
        if (stored == null) return false;
        if (stored instanceof BigDecimal amount) return sameAmount(c, amount);
        String out = ValueText.of(stored);
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

    private static boolean sameAmount(String c, BigDecimal amount) {
        try {
            return new BigDecimal(c).compareTo(amount) == 0;
        } catch (NumberFormatException notANumber) {
            return false;
        }
    }

    private static final java.util.regex.Pattern TIMESTAMP =
        java.util.regex.Pattern.compile("\\d{4}-\\d{2}-\\d{2}[ T]\\d{2}:\\d{2}:\\d{2}(\\.0+)?");

    public Map<String, KindScore> byKind() {
        awaitLoaded();
        KindScore[] byId = new KindScore[entries.kinds.size()];
        for (int e = 0; e < entries.size; e++) {
            KindScore k = byId[entries.kind.get(e)];
            if (k == null) k = byId[entries.kind.get(e)] = new KindScore();
            k.total++;
            if (entries.has(e, CAUGHT)) k.caught++; else k.missed++;
            // A value defect in a record that was quarantined as a whole (superseded duplicate, orphan) has no
            // output value to compare: it is caught with its record, and counted apart from the repairable ones.
            boolean repairable = repairable(e);
            if (entries.expectOf(e) == Expect.VALUE && entries.has(e, QUARANTINED) && !entries.has(e, EXACT)) k.quarantinedWithRecord++;
            if (entries.has(e, DECIDED_POLICY)) k.ambiguousByPolicy++;
            if (repairable) {
                k.repairable++;
                if (entries.has(e, EXACT)) k.repairedExact++;
            }
        }
        Map<String, KindScore> m = new TreeMap<>();
        for (int i = 0; i < byId.length; i++) if (byId[i] != null) m.put(entries.kinds.name(i), byId[i]);
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
        return entries.expectOf(e) == Expect.VALUE && !USER_PASSWORD.equals(entries.fieldOf(e)) && !(entries.has(e, QUARANTINED) && !entries.has(e, EXACT));
    }

    /** How the stored values with a clean value (or a null) to reach were decided, and how many are wrong. */
    public DecisionTally decisions() {
        awaitLoaded();
        DecisionTally d = new DecisionTally();
        for (int e = 0; e < entries.size; e++) {
            Expect x = entries.expectOf(e);
            if ((x != Expect.VALUE && x != Expect.NULL) || !entries.has(e, STORED) || USER_PASSWORD.equals(entries.fieldOf(e))) continue;
            RecordContext.Decision how = entries.has(e, DECIDED_POLICY) ? RecordContext.Decision.POLICY
                : entries.has(e, DECIDED_EVIDENCE) ? RecordContext.Decision.EVIDENCE : RecordContext.Decision.EXACT;
            d.add(how, entries.has(e, EXACT));
        }
        return d;
    }

    public long changedByMistake() {
        return changed;
    }

    /** The score's figures; the examples are the first 20 of each kind, in the ground truth's order. */
    public ScoreFigures figures() {
        awaitLoaded();
        Map<String, KindScore> kinds = byKind();
        long total = 0, caught = 0, repairable = 0, exact = 0, ambiguous = 0;
        for (KindScore k : kinds.values()) {
            total += k.total; caught += k.caught; repairable += k.repairable; exact += k.repairedExact;
            ambiguous += k.ambiguousByPolicy;
        }
        List<String> missedEx = new ArrayList<>(), inexactEx = new ArrayList<>();
        for (int e = 0; e < entries.size && (missedEx.size() < 20 || inexactEx.size() < 20); e++) {
            boolean missed = !entries.has(e, CAUGHT) && missedEx.size() < 20;
            boolean inexact = repairable(e) && !entries.has(e, EXACT) && inexactEx.size() < 20;
            if (!missed && !inexact) continue;
            String f = entries.fieldOf(e);
            String where = entries.tables.name(entries.table.get(e)) + " " + (entries.key.get(e) != 0 ? entries.pool.get(entries.key.get(e)) : "raw_id=" + entries.pool.get(entries.rawId.get(e)))
                + " " + (f == null ? "*" : f) + " (" + entries.kinds.name(entries.kind.get(e)) + ")";
            if (missed) missedEx.add(where + (entries.has(e, OBSERVED) ? "" : " record not seen"));
            if (inexact) inexactEx.add(where + " expected " + mask(f, entries.pool.get(entries.clean.get(e))) + ", got " + mask(f, inexactOutput.get(e)));
        }
        return new ScoreFigures(total, caught, total == 0 ? 1.0 : round((double) caught / total), repairable, exact,
            repairable == 0 ? 1.0 : round((double) exact / repairable), total - caught, ambiguous, decisions(), cascaded, changed,
            java.util.Collections.unmodifiableMap(new TreeMap<>(changedByRule)), List.copyOf(changedExamples), List.copyOf(missedEx), List.copyOf(inexactEx), kinds);
    }

    /** The score as the report's JSON writes it. */
    public ObjectNode toJson() {
        return ReportJson.score(figures());
    }

    private static double round(double d) {
        return Math.round(d * 10000) / 10000.0;
    }


}
