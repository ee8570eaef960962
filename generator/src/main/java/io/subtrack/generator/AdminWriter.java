package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.USER_ID;

import java.util.SplittableRandom;

/** raw_Admin: the users who are admins, distinct. */
final class AdminWriter extends RawRecordWriter {
    private final int userId = field(USER_ID);
    private final DefectDice duplicates = duplicateDice();
    private final Bijection who = g.references.adminUsers();

    AdminWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.admins());
    }

    @Override
    void fill(long k) {
        t.set(userId, g.ids.user(who.apply(k) + 1));
    }
}
