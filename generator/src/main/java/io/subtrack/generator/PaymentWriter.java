package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.PAYMENT_AMOUNT;
import static io.subtrack.common.schema.RawFields.PAYMENT_DATE;
import static io.subtrack.common.schema.RawFields.PAYMENT_ID;
import static io.subtrack.common.schema.RawFields.PAYMENT_MEANS;
import static io.subtrack.common.schema.RawFields.PAYMENT_REASON;
import static io.subtrack.common.schema.RawFields.PAYMENT_STATUS;

import java.util.SplittableRandom;

/** raw_Paiement: payments of a subscription (its user and plan), with the source's method, date, amount and status forms. */
final class PaymentWriter extends RawRecordWriter {
    private final int id = field(PAYMENT_ID), method = field(PAYMENT_MEANS), date = field(PAYMENT_DATE),
        amount = field(PAYMENT_AMOUNT), reason = field(PAYMENT_REASON), status = field(PAYMENT_STATUS);
    private final DefectDice methodDice = dice(), dateDice = dice(), amountDice = dice(), reasonDice = dice(),
        statusDice = dice(), amounts = rareDice(), orphans = rareDice(), duplicates = duplicateDice();
    private final References.SubscriptionParties subscription = g.references.subscriptionParties(
        reference(ForeignReference.PAYMENT_USER), reference(ForeignReference.PAYMENT_PLAN));

    PaymentWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.payments());
    }

    @Override
    void fill(long i) {
        long n = i + 1;
        t.set(id, g.ids.payment(n));
        subscription.set(g.references.paymentSubscription(n), orphans);
        FieldValues.code(t, method, EnumeratedField.PAYMENT_METHOD, methodDice, r);
        FieldValues.date(t, date, g.pastDay(r), dateDice, '-');
        long cents = r.nextInt(4) == 0 ? 100L * (1 + r.nextInt(500)) : 100 + r.nextInt(49_900);
        FieldValues.amount(t, amount, cents, amountDice, amounts, r);
        if (reasonDice.fire()) {
            t.repairable(reason, "empty_string", "", null);
        } else {
            int k = r.nextInt(3);
            t.set(reason,
        k == 0 ? "Abonnement mensuel" : k == 1 ? "Renouvellement" : TextPools.pick(g.pools.sentences, r));
        }
        FieldValues.code(t, status, EnumeratedField.PAYMENT_STATUS, statusDice, r);
    }
}
