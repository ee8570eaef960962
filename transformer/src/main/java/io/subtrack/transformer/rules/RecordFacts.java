package io.subtrack.transformer.rules;

/** What a rule may know of the record beyond its own field. */
public interface RecordFacts {
    /** The role the record's user has by their memberships (raw_Admin, raw_Utilisateur_fournisseur), or null. */
    String memberRole();
}
