package io.subtrack.transformer.rules;

import static io.subtrack.common.schema.RawFields.USER_ROLE;

import io.subtrack.common.schema.RawTable;

/** An empty role is the one the user's memberships give; a role the source gives is never overridden. */
public final class RoleFromMembership extends RefiningRule {
    public RoleFromMembership() {
        super("USR-ROLE-FROM-MEMBERSHIP", RawTable.USER, USER_ROLE, Action.REPAIR, false,
            "Empty role derived from membership only: ADMIN if the user is in raw_Admin, else SUPPLIER if in raw_Utilisateur_fournisseur, else null. A non-empty role is never overridden.",
            "\"\" + in raw_Admin -> \"ADMIN\"", "\"\" + no membership -> null");
    }

    @Override
    public Cleaned refine(String raw, Cleaned role, RecordFacts record) {
        if (role.outcome() != Cleaned.Reading.EMPTY) return null;
        String derived = record.memberRole();
        return derived == null ? null : new Cleaned(derived, Cleaned.Reading.REPAIRED);
    }
}
