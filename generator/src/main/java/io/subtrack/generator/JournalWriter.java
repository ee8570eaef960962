package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.JOURNAL_ACTIVITY_TYPE;
import static io.subtrack.common.schema.RawFields.JOURNAL_CREATED_AT;
import static io.subtrack.common.schema.RawFields.JOURNAL_DESCRIPTION;
import static io.subtrack.common.schema.RawFields.JOURNAL_EVENT_TIME;
import static io.subtrack.common.schema.RawFields.JOURNAL_ID;
import static io.subtrack.common.schema.RawFields.JOURNAL_NEW_VALUE;
import static io.subtrack.common.schema.RawFields.JOURNAL_PREVIOUS_VALUE;
import static io.subtrack.common.schema.RawFields.JOURNAL_STATUS;
import static io.subtrack.common.schema.RawFields.PLAN_ID;

import java.util.SplittableRandom;

/** raw_Journal: activity of a user on one of their subscriptions, with before/after values where the activity has them. */
final class JournalWriter extends RawRecordWriter {
    private final int id = field(JOURNAL_ID), planId = field(PLAN_ID), description = field(JOURNAL_DESCRIPTION),
        type = field(JOURNAL_ACTIVITY_TYPE), created = field(JOURNAL_CREATED_AT),
        before = field(JOURNAL_PREVIOUS_VALUE), after = field(JOURNAL_NEW_VALUE), status = field(JOURNAL_STATUS),
        stamp = field(JOURNAL_EVENT_TIME);
    private final DefectDice typeDice = dice(), createdDice = dice(), beforeDice = dice(), afterDice = dice(),
        statusDice = dice(), stampDice = dice(), orphans = rareDice(), duplicates = duplicateDice();
    private final Reference user = reference(ForeignReference.JOURNAL_USER);
    private final Bijection subscriptionUsers = g.references.subscriptionUsers();
    private final int priceChanged = EnumeratedField.ACTIVITY_TYPE.indexOf("PRICE_CHANGED");
    private final int profileUpdated = EnumeratedField.ACTIVITY_TYPE.indexOf("PROFILE_UPDATED");

    JournalWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.journal());
    }

    @Override
    void fill(long i) {
        t.set(id, g.ids.journal(i + 1));
        long s = r.nextLong(g.counts.subscriptions());
        if (orphans.fire()) user.orphan();
        else user.set(g.references.subscriptionUser(subscriptionUsers, s));
        t.set(planId, g.ids.plan(g.references.subscriptionPlan(subscriptionUsers, s)));
        t.set(description, TextPools.pick(g.pools.sentences, r));
        int activity = FieldValues.code(t, type, EnumeratedField.ACTIVITY_TYPE, typeDice, r);
        long at = g.recentSecond(r);
        if (createdDice.fire()) t.repairable(created, "timestamp_format_space", Formats.timestamp(at, ' '),
        Formats.timestamp(at, 'T'));
        else t.set(created, Formats.timestamp(at, 'T'));
        String oldValue = null;
        String newValue = null;
        if (activity == priceChanged) {
            oldValue = Integer.toString(1 + r.nextInt(99));
            newValue = Integer.toString(1 + r.nextInt(99));
        } else if (activity == profileUpdated) {
            oldValue = TextPools.pick(g.pools.words, r);
            newValue = TextPools.pick(g.pools.words, r);
        }
        FieldValues.emptyOrValue(t, before, oldValue, beforeDice);
        FieldValues.emptyOrValue(t, after, newValue, afterDice);
        FieldValues.code(t, status, EnumeratedField.ACTIVITY_STATUS, statusDice, r);
        long logged = at + r.nextInt(3600);
        if (stampDice.fire()) {
            t.repairable(stamp, "timestamp_microseconds", Formats.timestamp(logged, ' ') + ".000000",
        Formats.timestamp(logged, 'T'));
        } else {
            t.set(stamp, Formats.timestamp(logged, 'T'));
        }
    }
}
