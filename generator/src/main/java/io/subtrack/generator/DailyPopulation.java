package io.subtrack.generator;

import io.subtrack.common.schema.RawTable;

/**
 * How the day-1 population evolves, as pure functions of the seed, the counts, the rates and a record's index: when
 * a user leaves, which users are new on which day, on which days a record changes and when on its day it is
 * extracted. Nothing is remembered per record, so any day is computed directly (day 30 does not need days 2 to
 * 29 written) and memory does not grow with the population.
 *
 * <p>Event days are drawn as geometric gaps (the days between two events of a record are independent with the
 * per-day rate), so finding a record's events up to day N costs about 1 + N x rate hash evaluations, not N.
 */
final class DailyPopulation {
    /** The day-1 users; new users are numbered from {@link #firstNewUser}. */
    final long users;
    /**
     * Number of the first new user. Orphans refer to user numbers just above the day-1 count (one per orphan of a
     * table with a user reference), so new users start above the largest such table: a new user never turns a
     * day-1 orphan into a valid reference, and a gone user's number is never handed out again.
     */
    final long firstNewUser;
    final int day;
    private final long asOfDay;
    private final double changeRate;
    private final double deleteRate;
    /** newUsersBy[d]: new users created on days 2..d (d up to the extract's day). */
    private final long[] newUsersBy;
    private final long goneSalt;
    private final long extractionSalt;

    DailyPopulation(GeneratorSettings settings) {
        TableCounts c = settings.counts();
        DailyExtract d = settings.daily();
        this.users = c.users();
        this.firstNewUser = c.users() + Math.max(c.journal(), Math.max(c.payments(), c.subscriptions())) + 1;
        this.day = d.day();
        this.asOfDay = settings.asOf().toEpochDay();
        this.changeRate = d.changeRate();
        this.deleteRate = d.deleteRate();
        this.newUsersBy = new long[day + 1];
        for (int k = 2; k <= day; k++) newUsersBy[k] = Math.round(users * d.newRate() * (k - 1));
        this.goneSalt = Seeds.derive(settings.seed(), "daily-gone-users");
        this.extractionSalt = Seeds.derive(settings.seed(), "daily-extraction");
    }

    /** New users created on days 2..d. */
    long newUsersBy(int d) {
        return newUsersBy[Math.min(d, day)];
    }

    /** The day user number {@code user} (1-based) first appears: 1 for the day-1 users, or the new user's day. */
    int createdDay(long user) {
        if (user <= users) return 1;
        long j = user - firstNewUser;
        for (int d = 2; d <= day; d++) if (newUsersBy[d] > j) return d;
        return Integer.MAX_VALUE; // not created by the extract's day

    }

    /** The day the user leaves the source (after its last day present), or Integer.MAX_VALUE when it never does. */
    int goneDay(long user) {
        return afterGap(createdDay(user), Seeds.mix(goneSalt + user), deleteRate);
    }

    /** True when {@code user} is a user (day-1 or new) present in the source on day {@code d}. */
    boolean present(long user, int d) {
        if (!isUser(user)) return false;
        return createdDay(user) <= d && goneDay(user) > d;
    }

    /** True for a day-1 user or a new user of some day up to the extract's; false for orphan ids and nonsense. */
    boolean isUser(long user) {
        return (user >= 1 && user <= users) || (user >= firstNewUser && user < firstNewUser + newUsersBy[day]);
    }

    /**
     * The days in (fromDay, day of the extract] on which record {@code record} of the stream {@code salt} changes,
     * in order, into {@code out}; returns how many (at most out.length, whose size is the extract's day).
     */
    int changeDays(long salt, long record, int fromDay, int[] out) {
        int n = 0;
        long h = Seeds.mix(salt + record);
        for (int d = afterGap(fromDay, h, changeRate); d <= day; d = afterGap(d, h, changeRate)) {
            out[n++] = d;
            h = Seeds.mix(h + 1);
        }
        return n;
    }

    /** A second of the extract's day: when record {@code record} of {@code table} is extracted that day. */
    long extractionSecond(RawTable table, long record) {
        long second = Math.floorMod(Seeds.mix(extractionSalt + table.ordinal() * 0x9E3779B97F4A7C15L + record),
            Formats.SECONDS_PER_DAY);
        return epochDay(day) * Formats.SECONDS_PER_DAY + second;
    }

    /** Day d's date as an epoch day: day 1 is --as-of. */
    long epochDay(int d) {
        return asOfDay + d - 1;
    }

    /** The day after {@code from} plus a geometric gap of mean 1/rate drawn from hash h; MAX_VALUE when rate is 0. */
    private static int afterGap(int from, long h, double rate) {
        if (!(rate > 0)) return Integer.MAX_VALUE;
        if (rate >= 1) return from + 1;
        double u = (Seeds.mix(h) >>> 11) * 0x1.0p-53; // [0, 1)
        double gap = Math.floor(Math.log1p(-u) / Math.log1p(-rate));
        return gap >= Integer.MAX_VALUE - from - 1 ? Integer.MAX_VALUE : from + 1 + (int) gap;
    }
}
