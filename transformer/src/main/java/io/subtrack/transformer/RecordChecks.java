package io.subtrack.transformer;

import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.rules.Cleaned;
import io.subtrack.transformer.rules.RecordRule;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * The record rules of one raw table, run on each record before its columns are read: the readings they decide are
 * what the columns read; what they count or reject is applied once the columns are read, so a record's events keep
 * the order of its fields. One instance per table read, used by one thread.
 */
final class RecordChecks {
    private final RecordRule[] rules;

    RecordChecks(RawTable raw) {
        List<RecordRule> of = new ArrayList<>();
        for (Rule r : Rules.all()) if (r instanceof RecordRule rr && rr.rawTable() == raw) of.add(rr);
        this.rules = of.toArray(new RecordRule[0]);
    }

    /** Runs the rules on the record; the returned action applies their counts and rejections (call after the columns). */
    Runnable check(RecordContext ctx) {
        if (rules.length == 0) return NOTHING;
        List<Runnable> after = new ArrayList<>(2);
        RecordRule.Check check = new RecordRule.Check() {
            @Override
            public String raw(String field) {
                return ctx.row.get(field);
            }

            @Override
            public void read(String field, Cleaned reading) {
                if (ctx.readings == null) ctx.readings = new HashMap<>(4);
                ctx.readings.put(field, reading);
            }

            @Override
            public void count(Rule rule, String field) {
                after.add(() -> ctx.fire(rule, field, null, null));
            }

            @Override
            public void reject(Rule rule, String reason) {
                after.add(() -> ctx.reject(rule, reason));
            }
        };
        for (RecordRule r : rules) r.check(check);
        return after.isEmpty() ? NOTHING : () -> after.forEach(Runnable::run);
    }

    private static final Runnable NOTHING = () -> { };
}
