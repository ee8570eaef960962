package io.subtrack.common.schema;

/**
 * A raw side table merged into a processed table by the record key (a user's profile, admin and supplier
 * memberships into processed_users). {@code orphanRule} rejects a side record whose main record does not exist.
 */
public record MergedTable(RawTable table, String orphanRule) {}
