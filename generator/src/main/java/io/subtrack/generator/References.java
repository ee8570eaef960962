package io.subtrack.generator;

/**
 * Which parent a generated record refers to, from id arithmetic alone: seeded bijections pick
 * distinct users, per-user offsets spread a user's links over distinct parents, and pure functions
 * tie a payment to its subscription. Nothing is remembered, so memory does not grow with the
 * record count, and two tables that must agree (a payment and its payment method) compute the same answer.
 */
final class References {
    private final TableCounts counts;
    private final long seed;
    // Salts of the pure reference functions, derived once: they run for every link record.
    private final long subscriptionPlanSalt;
    private final long paymentSubscriptionSalt;
    private final long userSupplierSalt;
    private final long userNotificationSalt;

    References(TableCounts counts, long seed) {
        this.counts = counts;
        this.seed = seed;
        this.subscriptionPlanSalt = Seeds.derive(seed, "subscription-plan");
        this.paymentSubscriptionSalt = Seeds.derive(seed, "payment-subscription");
        this.userSupplierSalt = Seeds.derive(seed, "user-supplier");
        this.userNotificationSalt = Seeds.derive(seed, "user-notification");
    }

    /** A stable per-user offset, so user u's k-th link goes to parent (k + offset) mod parents: distinct for k < parents. */
    private static long linkOffset(long salt, long user, long parents) {
        return Math.floorMod(Seeds.mix(salt + user), parents);
    }

    private Bijection users(String name) {
        return new Bijection(counts.users(), Seeds.derive(seed, name));
    }

    /** The order in which users get a profile. */
    Bijection profileUsers() { return users("profile-users"); }
    /** The order in which users are admins: the first {@code counts.admins()} are. */
    Bijection adminUsers() { return users("admin-users"); }
    /** The order in which users get supplier links. */
    Bijection supplierLinkUsers() { return users("user-supplier-users"); }
    Bijection userNotificationUsers() { return users("user-notification-users"); }
    Bijection subscriptionUsers() { return users("subscription-users"); }

    /** The order in which payments get a payment method. */
    Bijection paymentMethodPayments() {
        return new Bijection(counts.payments(), Seeds.derive(seed, "payment-method-payments"));
    }

    /** The user (1-based) of subscription s (0-based). */
    long subscriptionUser(Bijection subscriptionUsers, long s) {
        return subscriptionUsers.apply(s % counts.users()) + 1;
    }

    /** The plan (1-based) of subscription s (0-based). */
    long subscriptionPlan(Bijection subscriptionUsers, long s) {
        long user0 = subscriptionUsers.apply(s % counts.users());
        return (s / counts.users() + linkOffset(subscriptionPlanSalt, user0, counts.plans())) % counts.plans() + 1;
    }

    /** The subscription a payment settles; a pure function so payment methods can find the payment's user. */
    long paymentSubscription(long payment) {
        return Math.floorMod(Seeds.mix(paymentSubscriptionSalt + payment), counts.subscriptions());
    }

    /** The links of users to suppliers (raw_Utilisateur_fournisseur). */
    UserLinks supplierLinks() {
        return new UserLinks(supplierLinkUsers(), userSupplierSalt, counts.suppliers());
    }

    /** The links of users to notifications (raw_UtilisateurNotif). */
    UserLinks notificationLinks() {
        return new UserLinks(userNotificationUsers(), userNotificationSalt, counts.notifications());
    }

    /**
     * A table linking users to parents: link k (0-based) belongs to user {@code users.apply(k mod users)} and goes to
     * that user's (k div users)-th parent from a per-user offset, so one user's links go to distinct parents.
     */
    final class UserLinks {
        private final Bijection users;
        private final long salt;
        private final long parents;

        private UserLinks(Bijection users, long salt, long parents) {
            this.users = users;
            this.salt = salt;
            this.parents = parents;
        }

        /** The user (0-based) of link k. */
        long user0(long k) {
            return users.apply(k % counts.users());
        }

        /** The parent (1-based) of link k, whose user is user0. */
        long parent(long k, long user0) {
            return (k / counts.users() + linkOffset(salt, user0, parents)) % parents + 1;
        }
    }

    /** Writes a subscription's user and plan into these two reference fields. */
    SubscriptionParties subscriptionParties(Reference user, Reference plan) {
        return new SubscriptionParties(user, plan);
    }

    /** The user and the plan of a subscription, each a {@link Reference} that may be written as an orphan. */
    final class SubscriptionParties {
        private final Bijection users = subscriptionUsers();
        private final Reference user;
        private final Reference plan;

        private SubscriptionParties(Reference user, Reference plan) {
            this.user = user;
            this.plan = plan;
        }

        /** Refers to subscription s's user and plan (s 0-based); when the dice fire, the plan or the user in turn is an orphan. */
        void set(long s, DefectDice orphans) {
            user.set(subscriptionUser(users, s));
            plan.set(subscriptionPlan(users, s));
            if (orphans.fire()) {
                if (orphans.kind(2) == 0) plan.orphan();
                else user.orphan();
            }
        }
    }
}
