package io.subtrack.generator;

import io.subtrack.common.schema.ProcessedTable;

/**
 * How many distinct records each table gets. The six base counts are options (defaults of the
 * original SubTrack generator); the tables derived from users keep the original's proportions
 * (per 50 users: 35 personnel profiles, 5 admins, 10 user-supplier links, 360 user-notification
 * links, 150 subscriptions, 40 payment methods). Injected duplicates come on top of these counts.
 */
record TableCounts(long users, long suppliers, long plans, long payments, long notifications, long journal,
                   long profiles, long admins, long userSuppliers, long userNotifications, long subscriptions,
                   long paymentMethods) {

    static final long DEFAULT_USERS = 50;
    static final long DEFAULT_SUPPLIERS = 20;
    static final long DEFAULT_PLANS = 100;
    static final long DEFAULT_PAYMENTS = 200;
    static final long DEFAULT_NOTIFICATIONS = 300;
    static final long DEFAULT_JOURNAL = 400;

    /** Above this a table count is a typo, not a plan: ids and link arithmetic stay within long and the disk. */
    static final long MAX_TABLE_COUNT = 2_000_000_000L;

    static TableCounts of(long users, long suppliers, long plans, long payments, long notifications, long journal) {
        // Link tables pair each user with distinct parents, so they cannot hold more pairs than exist.
        long profiles = Math.min(users, Math.round(users * 0.7));
        long admins = Math.min(users, Math.round(users * 0.1));
        long userSuppliers = Math.min(Math.round(users * 0.2), users * suppliers);
        long userNotifications = Math.min(Math.round(users * 7.2), users * notifications);
        long subscriptions = Math.min(users * 3, users * plans);
        long paymentMethods = Math.min(Math.round(users * 0.8), payments);
        return new TableCounts(users, suppliers, plans, payments, notifications, journal, profiles, admins,
            userSuppliers, userNotifications, subscriptions, paymentMethods);
    }

    static TableCounts scaled(double scale, long users, long suppliers, long plans, long payments, long notifications,
                              long journal) {
        return of(scaleCount(users, scale), scaleCount(suppliers, scale), scaleCount(plans, scale),
            scaleCount(payments, scale), scaleCount(notifications, scale), scaleCount(journal, scale));
    }

    private static long scaleCount(long count, double scale) {
        double scaled = Math.rint(count * scale);
        if (count > 0 && scaled < 1) return 1;
        return scaled >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) scaled;
    }

    long total() {
        return users + suppliers + plans + payments + notifications + journal + profiles + admins + userSuppliers
            + userNotifications + subscriptions + paymentMethods;
    }

    /** The first count out of range, as "name=value", or null when all are usable. */
    String firstInvalid() {
        String[] names = {"users", "suppliers", "plans", "payments", "notifications", "journal"};
        long[] values = {users, suppliers, plans, payments, notifications, journal};
        for (int i = 0; i < names.length; i++) {
            if (values[i] < 1 || values[i] > MAX_TABLE_COUNT) return names[i] + "=" + values[i];
        }
        long[] derived = {profiles, admins, userSuppliers, userNotifications, subscriptions, paymentMethods};
        for (long d : derived) if (d > MAX_TABLE_COUNT) return "users=" + users;
        return null;
    }

    /** The distinct records of the raw table that feeds a parent table. */
    long of(ProcessedTable parent) {
        return switch (parent.source()) {
            case USER -> users;
            case SUPPLIER -> suppliers;
            case PLAN -> plans;
            case PAYMENT -> payments;
            case NOTIFICATION -> notifications;
            default -> throw new IllegalArgumentException(parent.tableName() + " is no parent of a generated reference");
        };
    }
}
