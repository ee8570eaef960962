package io.subtrack.transformer;

import io.subtrack.transformer.rules.Cleaned;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.source.RawRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What happened to one raw record: the rules that fired, why it was rejected, its cleaned values by source field. */
public final class RecordContext {
    /**
     * How the value of an event was decided: EXACT, the raw text has one reading; EVIDENCE, several readings and the
     * record's own fields left one; POLICY, several readings the record leaves open, read by the documented policy.
     */
    public enum Decision { EXACT, EVIDENCE, POLICY }

    public record Event(Rule rule, String field, String raw, String cleaned, Decision decided) {
        /** Read by policy: the record left the reading open. */
        public boolean ambiguous() {
            return decided == Decision.POLICY;
        }
    }

    public enum Outcome { ACCEPTED, REJECTED, SUPERSEDED }

    /**
     * Why a record was rejected, as data: the rule, the field it checked, and for an orphan the key it referred to
     * (the quarantine file writes the same as text, for people; the scorer reads this).
     */
    public record Rejection(Rule rule, String field, boolean orphan, String referencedKey) {}

    final RawRow row;
    final String key;
    final List<Event> events = new ArrayList<>(4);
    final List<Rule> rejectRules = new ArrayList<>(1);
    final List<String> reasons = new ArrayList<>(1);
    final List<Rejection> rejections = new ArrayList<>(1);
    final Map<String, String> outputs = new LinkedHashMap<>();
    /** The readings the record's rules decided for some of its fields (RecordChecks), or null. */
    Map<String, Cleaned> readings;
    Outcome outcome = Outcome.ACCEPTED;

    RecordContext(RawRow row, String key) {
        this.row = row;
        this.key = key;
    }

    public String key() { return key; }
    public RawRow row() { return row; }
    public List<Event> events() { return events; }
    public List<Rule> rejectRules() { return rejectRules; }
    public List<String> reasons() { return reasons; }
    /** The rejections (not the superseding: a superseded record has its winner, not a reason of its own). */
    public List<Rejection> rejections() { return rejections; }
    public Outcome outcome() { return outcome; }
    public Map<String, String> outputs() { return outputs; }

    public boolean rejected() {
        return outcome != Outcome.ACCEPTED;
    }

    public void fire(Rule rule, String field, String raw, String cleaned) {
        events.add(new Event(rule, field, raw, cleaned, Decision.EXACT));
    }

    public void reject(Rule rule, String reason) {
        reject(new Rejection(rule, rule.field(), false, null), reason);
    }

    private void reject(Rejection rejection, String reason) {
        Rule rule = rejection.rule();
        if (outcome == Outcome.ACCEPTED) outcome = Outcome.REJECTED;
        rejections.add(rejection);
        rejectRules.add(rule);
        reasons.add(reason);
        events.add(new Event(rule, rule.field(), null, null, Decision.EXACT));
    }

    void supersede(Rule rule, String reason) {
        outcome = Outcome.SUPERSEDED;
        rejectRules.add(rule);
        reasons.add(reason);
    }

    /**
     * Applies one normaliser's verdict to a source field: a repair fires {@code repair}; an
     * unusable value fires {@code invalid} (nullify) or rejects the record when the value is
     * required or {@code invalid} is a reject rule. A JSON null stays null silently unless required.
     */
    public String field(String field, String raw, Cleaned c, Rule repair, Rule invalid, boolean required) {
        String value = c.value();
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
        outputs.put(field, value);
        return value;
    }

    /** Checks that a referenced parent was accepted; otherwise rejects as an orphan. */
    public boolean requireParent(Rule rule, String field, String id, KeyIndex accepted) {
        if (id != null && accepted.contains(id)) return true;
        reject(new Rejection(rule, field, true, id), "orphan reference: " + field + "=" + id);
        return false;
    }
}
