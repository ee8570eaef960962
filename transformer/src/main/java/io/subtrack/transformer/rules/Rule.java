package io.subtrack.transformer.rules;

import java.util.List;

/**
 * One named check or repair of the transformer. {@code table} is the raw table it reads,
 * {@code field} the source field (or "*" for record-level rules). {@code formatOnly} marks a lossless
 * change of representation (a date written another way, a number with a comma): such a change can
 * never alter the meaning of a clean value, so the ground-truth scorer does not count it as a value
 * "changed by mistake".
 */
public record Rule(String id, String table, String field, Action action, boolean formatOnly,
                   String description, List<String> examples) {
    /**
     * REPAIR rewrites a value; NULLIFY turns it into null; REJECT quarantines the record; FLAG keeps the value as it
     * is and counts it as a quality issue (a deviation from the SPEC's three actions: nothing can be repaired and
     * the value is still the best the source has, so neither null nor an invented value would be right).
     */
    public enum Action { REPAIR, NULLIFY, REJECT, FLAG }
}
