package io.subtrack.transformer;

import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ColumnSource;
import io.subtrack.common.schema.Normaliser;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.rules.Cleaned;
import io.subtrack.transformer.rules.FlagRule;
import io.subtrack.transformer.rules.RecordFacts;
import io.subtrack.transformer.rules.RefiningRule;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import io.subtrack.transformer.rules.UnusableValue;
import io.subtrack.transformer.rules.ValueRule;
import io.subtrack.transformer.source.RawRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the reader of a column from its declaration ({@link ColumnSource}) and the rules that read its raw field
 * ({@link Rule#reads}): the field is resolved to its index and the rules found once per table, so reading a record is
 * an array access and the rules' calls.
 */
final class ColumnReaders {
    private ColumnReaders() {}

    /** A user's role when the raw record has none: what their memberships say, or null. */
    interface Memberships {
        String roleOf(String userKey);
    }

    /** The rules of one column's field: the one that reads it, the one that answers for an unusable value, the others. */
    record FieldRules(ValueRule reader, Rule unusable, List<RefiningRule> refiners, List<FlagRule> flags) {
        static FieldRules of(RawTable raw, String field, Normaliser normaliser, List<Rule> all) {
            ValueRule reader = null;
            Rule unusable = null;
            List<RefiningRule> refiners = new ArrayList<>();
            List<FlagRule> flags = new ArrayList<>();
            for (Rule r : all) {
                if (!r.reads(raw, field)) continue;
                if (r instanceof ValueRule v) {
                    if (reader != null) throw new IllegalStateException(raw.tableName() + "." + field + " is read by " + reader + " and " + v);
                    reader = v;
                } else if (r instanceof UnusableValue u) {
                    if (unusable != null) throw new IllegalStateException(raw.tableName() + "." + field + " has two unusable-value rules");
                    unusable = u;
                } else if (r instanceof RefiningRule f) {
                    refiners.add(f);
                } else if (r instanceof FlagRule f) {
                    flags.add(f);
                }
            }
            if (reader == null && normaliser == Normaliser.TEXT) reader = (ValueRule) Rules.TEXT_TRIM;
            if (reader != null && unusable == null) unusable = reader.unusable();
            return new FieldRules(reader, unusable, List.copyOf(refiners), List.copyOf(flags));
        }
    }

    /** The reader of a column read from its own record (its source table's, or a side table's). */
    static ColumnReader of(ProcessedTable table, Column column, Memberships memberships) {
        ColumnSource s = column.source();
        if (s == null) throw new IllegalArgumentException(table + "." + column.name() + " declares no source");
        if (s.field() == null) {
            String code = column.codes().get(0);
            return ctx -> code;
        }
        RawTable raw = s.table();
        int index = RawRecord.indexOf(raw, s.field());
        if (index < 0) throw new IllegalArgumentException(table + "." + column.name() + ": " + s.field() + " is not a field of " + raw.tableName());
        FieldRules rules = FieldRules.of(raw, s.field(), s.normaliser(), Rules.all());
        if (rules.reader() == null) return ctx -> id(ctx.row.values()[index]);
        String field = s.field();
        boolean required = !column.nullable();
        ValueRule reader = rules.reader();
        RefiningRule[] refiners = rules.refiners().toArray(new RefiningRule[0]);
        FlagRule[] flags = rules.flags().toArray(new FlagRule[0]);
        Rule unusable = rules.unusable();
        return ctx -> {
            String text = ctx.row.values()[index];
            Cleaned reading = ctx.readings == null ? null : ctx.readings.get(field);
            if (reading == null) reading = reader.clean(text);
            Rule repairedBy = reader, unusableBy = unusable;
            if (refiners.length > 0) {
                RecordFacts facts = () -> memberships.roleOf(ctx.key);
                for (RefiningRule r : refiners) {
                    Cleaned refined = r.refine(text, reading, facts);
                    if (refined != null) {
                        reading = refined;
                        repairedBy = unusableBy = r;
                    }
                }
            }
            Object value = ctx.field(field, text, reading, repairedBy, unusableBy, required);
            if (value != null) {
                for (FlagRule f : flags) if (f.flags((String) value)) ctx.fire(f, field, text, value);
            }
            return value;
        };
    }

    /** The raw field a column's value is read from by its rules, or null (an id, a fixed code: no rule reads it). */
    static String ruledField(Column column) {
        ColumnSource s = column.source();
        if (s == null || s.field() == null) return null;
        return FieldRules.of(s.table(), s.field(), s.normaliser(), Rules.all()).reader() == null ? null : s.field();
    }

    /** Ids and references: trimmed, blank is null; nothing is logged (a missing one is the key's or the reference's rule). */
    static String id(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
    }
}
