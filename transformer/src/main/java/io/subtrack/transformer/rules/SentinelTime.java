package io.subtrack.transformer.rules;

import static io.subtrack.common.schema.RawFields.NOTIFICATION_SENT_AT;

import io.subtrack.common.schema.RawTable;

/** A notification's send time that is one of the source's placeholders means "unknown": null. */
public final class SentinelTime extends RefiningRule {
    public SentinelTime() {
        super("NTF-SENT-AT-SENTINEL", RawTable.NOTIFICATION, NOTIFICATION_SENT_AT, Action.NULLIFY, false,
            "The placeholder 2023-12-31T23:59:59.999Z (and 1970-01-01, 9999-12-31) means \"unknown\": null.",
            "\"2023-12-31T23:59:59.999Z\" -> null");
    }

    @Override
    public Cleaned refine(String raw, Cleaned time, RecordFacts record) {
        return DateTimes.isSentinel(raw) ? Cleaned.INVALID : null;
    }
}
