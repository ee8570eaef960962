package io.subtrack.transformer.rules;

/**
 * What a normaliser made of one raw value: the value typed as its column stores it (text, an amount as BigDecimal with
 * its two decimals, a flag as Boolean, a LocalDate, a LocalDateTime), and how it was read. SAME: already canonical. REPAIRED: rewritten to the
 * canonical form, the only reading of the raw text. EVIDENCE: the raw text has several readings and
 * the record's other fields leave exactly one consistent (see DateEvidence). AMBIGUOUS: several
 * readings, nothing in the record decides, read by the documented policy. EMPTY: null, blank or a
 * "no value" marker. INVALID: present but unusable.
 */
public record Cleaned(Object value, Reading outcome) {
    public enum Reading { SAME, REPAIRED, EVIDENCE, AMBIGUOUS, EMPTY, INVALID }

    public static final Cleaned EMPTY = new Cleaned(null, Reading.EMPTY);
    public static final Cleaned INVALID = new Cleaned(null, Reading.INVALID);

    public static Cleaned of(String raw, String canonical) {
        return new Cleaned(canonical, canonical.equals(raw) ? Reading.SAME : Reading.REPAIRED);
    }

    public boolean usable() {
        return value != null;
    }
}
