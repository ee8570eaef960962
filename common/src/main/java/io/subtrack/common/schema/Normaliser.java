package io.subtrack.common.schema;

/**
 * How the transformer reads a processed column's value from its raw source field(s). The transformer
 * implements each one (an exhaustive switch: a new normaliser without an implementation does not compile);
 * the column's rules ({@link ColumnSource#rules()}) name what fires when a value is repaired or unusable.
 */
public enum Normaliser {
    /** Ids, references and lineage text: trimmed, blank is null; no rule, the source has no defect to count here. */
    ID,
    /** Free text trimmed; empty is null. Rules: repair (trimmed), empty. */
    TEXT,
    /** Free text kept verbatim; only "" means no value. Rules: repair, empty. */
    VERBATIM,
    PERSON_NAME,
    COMPANY_NAME,
    EMAIL,
    /** An email as {@link #EMAIL}, then without its plus-tag. Rules: repair, invalid, plus-tag. */
    EMAIL_WITHOUT_PLUS_TAG,
    PHONE,
    /** Address lines joined by "; " in the source. */
    ADDRESS_SEMICOLON_LINES,
    /** Address lines joined by " - " in the source. */
    ADDRESS_DASH_LINES,
    /** A source variant mapped to the column's code set. Rules: variant, unknown. */
    CODE,
    /** The column's only code (a currency the source never writes because it has one). No source field. */
    FIXED_CODE,
    /** A role code, or, when empty, the one the user's memberships give (raw_Admin, raw_Utilisateur_fournisseur). Rules: variant, unknown, derived. */
    ROLE_OR_MEMBERSHIP,
    MONEY,
    DATE,
    /** One of a subscription's three dates, read together with the other two and the billing cycle. */
    SUBSCRIPTION_DATE,
    TIMESTAMP,
    /** A timestamp where the source's placeholders mean unknown. Rules: repair, invalid, sentinel. */
    TIMESTAMP_OR_SENTINEL,
    BOOLEAN,
    CARD_LAST4,
    CARD_EXPIRY
}
