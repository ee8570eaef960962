package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.PLAN_ID;
import static io.subtrack.common.schema.RawFields.PROFILE_ADDRESS;
import static io.subtrack.common.schema.RawFields.PROFILE_FIRST_NAME;
import static io.subtrack.common.schema.RawFields.PROFILE_LAST_NAME;
import static io.subtrack.common.schema.RawFields.PROFILE_PHONE;
import static io.subtrack.common.schema.RawFields.PROFILE_QUALITY_NOTES;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_BILLING_CYCLE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_NEXT_BILLING_DATE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_RENEWAL_DATE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_START_DATE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_STATUS;
import static io.subtrack.common.schema.RawFields.USER_EMAIL;
import static io.subtrack.common.schema.RawFields.USER_ID;
import static io.subtrack.common.schema.RawFields.USER_PASSWORD;
import static io.subtrack.common.schema.RawFields.USER_QUALITY_FLAG;
import static io.subtrack.common.schema.RawFields.USER_ROLE;

import io.subtrack.common.schema.RawTable;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * The records of the users who joined on days 2..N, after a table's day-1 records: each new user has a raw_User
 * record, a profile and one to three subscriptions to live plans, all clean (no injected defect), so that every key
 * they add to the processed layer is expected there. A new user's values are a pure function of the seed and its
 * number; they change and leave like day-1 users. Other tables get no records for new users.
 */
final class NewUsers {
    private static final int MOST_SUBSCRIPTIONS = 3;
    private static final String[] PASSWORD_CHARS =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()_+".split("");

    private final GeneratorContext g;
    private final DailyPopulation population;
    private final DayOneLiveness liveness;
    private final long salt;

    NewUsers(GeneratorContext g, DailyPopulation population, DayOneLiveness liveness, long seed) {
        this.g = g;
        this.population = population;
        this.liveness = liveness;
        this.salt = Seeds.derive(seed, "daily-new-users");
    }

    /** True when {@code table} has records of new users. */
    static boolean writes(RawTable table) {
        return table == RawTable.USER || table == RawTable.USER_PROFILE || table == RawTable.SUBSCRIPTION;
    }

    /** Writes the new users' records of the sink's table present today, and lists those who left today. */
    void write(TableSink t, DayRecords day) throws IOException {
        int today = population.day;
        for (long j = 0, n = population.newUsersBy(today); j < n; j++) {
            long user = population.firstNewUser + j;
            int created = population.createdDay(user);
            int gone = population.goneDay(user);
            if (gone < today) continue;
            switch (t.table()) {
                case USER -> {
                    user(t, user);
                    if (gone == today) day.newRecordGone();
                    else day.newRecord(g.counts.users() + j, created);
                }
                case USER_PROFILE -> {
                    if (gone == today) continue;
                    profile(t, user);
                    day.newRecord(g.counts.profiles() + j, created);
                }
                case SUBSCRIPTION -> {
                    SplittableRandom r = random(user, "subscriptions");
                    int count = 1 + r.nextInt(MOST_SUBSCRIPTIONS);
                    long firstPlan = r.nextLong(g.counts.plans());
                    long plan = firstPlan;
                    for (int k = 0, written = 0; written < count && k < g.counts.plans(); k++, plan = (plan + 1) % g.counts.plans()) {
                        // Only live plans: a subscription to a rejected plan would be rejected, and a new key must not be.
                        if (!liveness.planLive(plan + 1)) continue;
                        subscription(t, user, plan + 1, population.epochDay(created), r);
                        if (gone == today) day.newRecordGone();
                        else day.newRecord(g.counts.subscriptions() + j * MOST_SUBSCRIPTIONS + written, created);
                        written++;
                    }
                }
                default -> throw new IllegalArgumentException(t.table() + " has no records of new users");
            }
        }
    }

    private SplittableRandom random(long user, String purpose) {
        return new SplittableRandom(Seeds.mix(salt + user) ^ Seeds.derive(salt, purpose));
    }

    private void begin(TableSink t, SplittableRandom r) {
        t.begin();
        t.sourceSystem(RawDataGenerator.SOURCE_SYSTEMS[r.nextInt(RawDataGenerator.SOURCE_SYSTEMS.length)]);
    }

    private void user(TableSink t, long user) {
        SplittableRandom r = random(user, "user");
        begin(t, r);
        t.set(t.field(USER_ID), g.ids.user(user));
        t.set(t.field(USER_EMAIL), TextPools.localPart(TextPools.pick(g.pools.firstNames, r), TextPools.pick(g.pools.lastNames, r))
            + r.nextInt(1000) + "@" + TextPools.pick(g.pools.mailDomains, r));
        StringBuilder password = new StringBuilder(16);
        for (int i = 0, n = 10 + r.nextInt(7); i < n; i++) password.append(PASSWORD_CHARS[r.nextInt(PASSWORD_CHARS.length)]);
        t.set(t.field(USER_PASSWORD), password.toString());
        t.set(t.field(USER_ROLE), EnumeratedField.ROLE.encoded[EnumeratedField.ROLE.indexOf("USER")]);
        t.set(t.field(USER_QUALITY_FLAG), 0L);
    }

    private void profile(TableSink t, long user) {
        SplittableRandom r = random(user, "profile");
        begin(t, r);
        t.set(t.field(USER_ID), g.ids.user(user));
        t.set(t.field(PROFILE_FIRST_NAME), TextPools.pick(g.pools.firstNames, r));
        t.set(t.field(PROFILE_LAST_NAME), TextPools.pick(g.pools.lastNames, r));
        t.set(t.field(PROFILE_PHONE), "+33" + RandomValues.frenchDigits(r));
        t.set(t.field(PROFILE_ADDRESS), RandomValues.address(g.pools, r, true, ", "));
        t.set(t.field(PROFILE_QUALITY_NOTES), null);
    }

    private void subscription(TableSink t, long user, long plan, long startDay, SplittableRandom r) {
        begin(t, r);
        t.set(t.field(USER_ID), g.ids.user(user));
        t.set(t.field(PLAN_ID), g.ids.plan(plan));
        int cycle = EnumeratedField.BILLING_CYCLE.randomCode(r);
        t.set(t.field(SUBSCRIPTION_BILLING_CYCLE), EnumeratedField.BILLING_CYCLE.encoded[cycle]);
        t.set(t.field(SUBSCRIPTION_STATUS), EnumeratedField.SUBSCRIPTION_STATUS.encoded[EnumeratedField.SUBSCRIPTION_STATUS.indexOf("ACTIVE")]);
        long next = SubscriptionWriter.nextBillingDay(EnumeratedField.BILLING_CYCLE.codes[cycle], startDay);
        t.set(t.field(SUBSCRIPTION_START_DATE), Formats.isoDate(startDay));
        t.set(t.field(SUBSCRIPTION_NEXT_BILLING_DATE), Formats.isoDate(next));
        t.set(t.field(SUBSCRIPTION_RENEWAL_DATE), Formats.isoDate(next));
    }
}
