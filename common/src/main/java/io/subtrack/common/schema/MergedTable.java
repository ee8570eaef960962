package io.subtrack.common.schema;

/**
 * A raw side table merged into a processed table by the record key (a user's profile, admin and supplier
 * memberships into processed_users). {@code orphanRule} rejects a side record whose main record does not exist;
 * {@code memberRole}, when not null, is the role code a main record without a role of its own takes from being a
 * member of this table (the first such table that lists it decides).
 */
public record MergedTable(RawTable table, String orphanRule, String memberRole) {
    /** A side table that gives no role. */
    public MergedTable(RawTable table, String orphanRule) {
        this(table, orphanRule, null);
    }
}
