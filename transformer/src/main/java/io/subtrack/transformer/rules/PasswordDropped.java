package io.subtrack.transformer.rules;

import static io.subtrack.common.schema.RawFields.USER_PASSWORD;

import io.subtrack.common.schema.RawTable;

/** A user's password never reaches any output: counted on every record that has one, never carried. */
public final class PasswordDropped extends RecordRule {
    public PasswordDropped() {
        super("USR-PASSWORD-DROPPED", RawTable.USER, USER_PASSWORD, Action.NULLIFY, false,
            "Passwords never reach any output (cleaned data, quarantine, reports, logs): the field is dropped. Counted, not scored.",
            "\" &5)T6BaL8q \" -> (dropped)");
    }

    @Override
    public void check(Check record) {
        if (record.raw(USER_PASSWORD) != null) record.count(this, USER_PASSWORD);
    }
}
