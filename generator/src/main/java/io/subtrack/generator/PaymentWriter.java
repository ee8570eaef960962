package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.PAYMENT_AMOUNT;
import static io.subtrack.common.schema.RawFields.PAYMENT_DATE;
import static io.subtrack.common.schema.RawFields.PAYMENT_ID;
import static io.subtrack.common.schema.RawFields.PAYMENT_MEANS;
import static io.subtrack.common.schema.RawFields.PAYMENT_REASON;
import static io.subtrack.common.schema.RawFields.PAYMENT_STATUS;
import static io.subtrack.common.schema.RawFields.PLAN_ID;
import static io.subtrack.common.schema.RawFields.USER_ID;

import java.util.SplittableRandom;

/** raw_Paiement: payments of a subscription (its user and plan), with the source's method, date, amount and status forms. */
final class PaymentWriter extends TableWriter {
    private final int id = field(PAYMENT_ID), planId = field(PLAN_ID), userId = field(USER_ID),
        method = field(PAYMENT_MEANS), date = field(PAYMENT_DATE), amount = field(PAYMENT_AMOUNT), reason = field(PAYMENT_REASON), status = field(PAYMENT_STATUS);
    private final DefectDice methodDice = dice(), dateDice = dice(), amountDice = dice(), reasonDice = dice(),
        statusDice = dice(), amounts = rareDice(), orphans = rareDice(), duplicates = duplicateDice();
    private final Orphans missingUsers = new Orphans(g.ids::user, g.counts.users());
    private final Orphans missingPlans = new Orphans(g.ids::plan, g.counts.plans());
    private final Bijection subscriptionUsers = g.references.subscriptionUsers();

    PaymentWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.payments());
    }

    @Override
    void fill(long i) {
        long n = i + 1;
        t.set(id, g.ids.payment(n));
        long s = g.references.paymentSubscription(n);
        t.set(planId, g.ids.plan(g.references.subscriptionPlan(subscriptionUsers, s)));
        t.set(userId, g.ids.user(g.references.subscriptionUser(subscriptionUsers, s)));
        if (orphans.fire()) {
            if (orphans.kind(2) == 0) t.orphan(planId, missingPlans.next());
            else t.orphan(userId, missingUsers.next());
        }
        FieldValues.code(t, method, CodeSet.PAYMENT_METHOD, methodDice, r);
        FieldValues.date(t, date, g.pastDay(r), dateDice, '-');
        long cents = r.nextInt(4) == 0 ? 100L * (1 + r.nextInt(500)) : 100 + r.nextInt(49_900);
        FieldValues.amount(t, amount, cents, amountDice, amounts, r);
        if (reasonDice.fire()) {
            t.repairable(reason, "empty_string", "", null);
        } else {
            int k = r.nextInt(3);
            t.set(reason, k == 0 ? "Abonnement mensuel" : k == 1 ? "Renouvellement" : TextPools.pick(g.pools.sentences, r));
        }
        FieldValues.code(t, status, CodeSet.PAYMENT_STATUS, statusDice, r);
    }
}
