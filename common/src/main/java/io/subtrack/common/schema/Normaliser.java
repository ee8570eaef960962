package io.subtrack.common.schema;

/**
 * How the transformer reads a processed column's raw field when none of its rules reads that field (a rule that
 * reads the field decides how its value is read: a card number, a date, a code).
 */
public enum Normaliser {
    /** Ids, references and lineage text: trimmed, blank is null; no rule, the source has no defect to count here. */
    ID,
    /** Free text: trimmed, empty is null, by the transformer's rules for free text (ALL-TEXT-TRIM, ALL-TEXT-EMPTY). */
    TEXT
}
