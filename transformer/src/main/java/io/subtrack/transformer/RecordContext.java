package io.subtrack.transformer;

import io.subtrack.transformer.rules.Cleaned;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.source.RawRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What happened to one raw record: the rules that fired, why it was rejected, and its cleaned values (read, not copied). */
public final class RecordContext {
    /**
     * How the value of an event was decided: EXACT, the raw text has one reading; EVIDENCE, several readings and the
     * record's own fields left one; POLICY, several readings the record leaves open, read by the documented policy.
     */
    public enum Decision { EXACT, EVIDENCE, POLICY }

    /** {@code cleaned}: the value the rule gave, typed as stored (null when it nullified, or for a count). */
    public record Event(Rule rule, String field, String raw, Object cleaned, Decision decided) {
        /** Read by policy: the record left the reading open. */
        public boolean ambiguous() {
            return decided == Decision.POLICY;
        }
    }

    public enum Verdict { ACCEPTED, REJECTED, SUPERSEDED }

    /**
     * Why a record was rejected, as data: the rule, the field it checked, and for an orphan the key it referred to
     * (the quarantine file writes the same as text, for people; the scorer reads this).
     */
    public record Rejection(Rule rule, String field, boolean orphan, String referencedKey) {}

    final RawRecord row;
    final String key;
    final List<Event> events = new ArrayList<>(4);
    final List<Rule> rejectRules = new ArrayList<>(1);
    final List<String> reasons = new ArrayList<>(1);
    final List<Rejection> rejections = new ArrayList<>(1);
    /**
     * The record's cleaned values, the very array its row (or its side values) is written from, and the raw field each
     * was read from by its rules (null for a value no rule reads: ids, merged and fixed columns). Null until read.
     */
    Object[] values;
    String[] valueFields;
    /** The readings the record's rules decided for some of its fields (RecordChecks), or null. */
    Map<String, Cleaned> readings;
    Verdict outcome = Verdict.ACCEPTED;

    RecordContext(RawRecord row, String key) {
        this.row = row;
        this.key = key;
    }

    public String key() { return key; }
    public RawRecord row() { return row; }
    public List<Event> events() { return events; }
    public List<Rule> rejectRules() { return rejectRules; }
    public List<String> reasons() { return reasons; }
    /** The rejections (not the superseding: a superseded record has its winner, not a reason of its own). */
    public List<Rejection> rejections() { return rejections; }
    public Verdict outcome() { return outcome; }

    /** Whether the record stores a value read by its rules from that raw field (null included). */
    public boolean stores(String field) {
        return slot(field) >= 0;
    }

    /** The value stored from that raw field, typed; null when it is null or not stored (see {@link #stores}). */
    public Object stored(String field) {
        int i = slot(field);
        return i < 0 ? null : values[i];
    }

    private int slot(String field) {
        if (valueFields == null) return -1;
        for (int i = 0; i < valueFields.length; i++) if (field.equals(valueFields[i])) return i;
        return -1;
    }

    public boolean rejected() {
        return outcome != Verdict.ACCEPTED;
    }

    public void fire(Rule rule, String field, String raw, Object cleaned) {
        events.add(new Event(rule, field, raw, cleaned, Decision.EXACT));
    }

    public void reject(Rule rule, String reason) {
        reject(new Rejection(rule, rule.field(), false, null), reason);
    }

    private void reject(Rejection rejection, String reason) {
        Rule rule = rejection.rule();
        if (outcome == Verdict.ACCEPTED) outcome = Verdict.REJECTED;
        rejections.add(rejection);
        rejectRules.add(rule);
        reasons.add(reason);
        events.add(new Event(rule, rule.field(), null, null, Decision.EXACT));
    }

    void supersede(Rule rule, String reason) {
        outcome = Verdict.SUPERSEDED;
        rejectRules.add(rule);
        reasons.add(reason);
    }

    /**
     * Applies one normaliser's verdict to a source field: a repair fires {@code repair}; an
     * unusable value fires {@code invalid} (nullify) or rejects the record when the value is
     * required or {@code invalid} is a reject rule. A JSON null stays null silently unless required.
     */
    public Object field(String field, String raw, Cleaned c, Rule repair, Rule invalid, boolean required) {
        Object value = c.value();
        switch (c.outcome()) {
            case SAME -> { }
            case REPAIRED -> fire(repair, field, raw, value);
            case EVIDENCE -> events.add(new Event(repair, field, raw, value, Decision.EVIDENCE));
            case AMBIGUOUS -> events.add(new Event(repair, field, raw, value, Decision.POLICY));
            case EMPTY, INVALID -> {
                boolean rejectIt = required || invalid.action() == Rule.Action.REJECT;
                if (rejectIt) {
                    reject(new Rejection(invalid, field, false, null), field + " " + (raw == null ? "is missing" : "is unusable: \""
                        + io.subtrack.transformer.rules.Masking.forExample(field, raw) + "\""));
                } else if (raw != null) {
                    fire(invalid, field, raw, null);
                }
                value = null;
            }
        }
        return value;
    }

    /** Checks that a referenced parent was accepted; otherwise rejects as an orphan. */
    public boolean requireParent(Rule rule, String field, String id, KeyIndex accepted) {
        if (id != null && accepted.contains(id)) return true;
        reject(new Rejection(rule, field, true, id), "orphan reference: " + field + "=" + id);
        return false;
    }
}
