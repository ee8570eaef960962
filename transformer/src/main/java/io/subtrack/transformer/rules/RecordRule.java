package io.subtrack.transformer.rules;

import io.subtrack.common.schema.RawTable;

/**
 * A rule over several fields of one record (a subscription's dates, say). It is checked before the record's columns
 * are read: it may decide how its fields are read, count itself, or reject the record.
 */
public abstract class RecordRule extends Rule {
    protected RecordRule(String id, RawTable table, String field, Action action, boolean formatOnly, String description,
                         String... examples) {
        super(id, table, field, action, formatOnly, description, examples);
    }

    /** What the rule sees of a record and what it may do to it. */
    public interface Check {
        /** A raw field's text, or null. */
        String raw(String field);

        /** Decides how the field's column is read (instead of its value rule's own reading of the raw text alone). */
        void read(String field, Cleaned reading);

        /** Counts the rule on the record, with no value (a password is never carried). */
        void count(Rule rule, String field);

        /** Rejects the record with this rule and reason. */
        void reject(Rule rule, String reason);
    }

    public abstract void check(Check record);
}
