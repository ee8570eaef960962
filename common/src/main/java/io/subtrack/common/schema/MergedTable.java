package io.subtrack.common.schema;

/**
 * A raw side table merged into a processed table by the record key (a user's profile, admin and supplier
 * memberships into processed_users). A side record whose main record does not exist is rejected by the
 * transformer's orphan rule for the side table's key field. {@code memberRole}, when not null, is the role code a
 * main record without a role of its own takes from being a member of this table (the first such table that lists it
 * decides).
 */
public record MergedTable(RawTable table, String memberRole) {
    /** A side table that gives no role. */
    public MergedTable(RawTable table) {
        this(table, null);
    }
}
