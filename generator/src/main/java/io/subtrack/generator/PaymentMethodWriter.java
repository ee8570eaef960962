package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.METHOD_CARD;
import static io.subtrack.common.schema.RawFields.METHOD_CARD_EXPIRY;
import static io.subtrack.common.schema.RawFields.METHOD_TYPE;
import static io.subtrack.common.schema.RawFields.USER_ID;

import io.subtrack.common.truth.Expected;
import java.time.LocalDate;
import java.util.SplittableRandom;

/** raw_MethodePaiement: the card or account a payment used, the card number full or masked, its expiry in four forms. */
final class PaymentMethodWriter extends RawRecordWriter {
    private static final Expected INVALID_CARD = Expected.nullify("invalid card number");

    private final int userId = field(USER_ID), card = field(METHOD_CARD), expiry = field(METHOD_CARD_EXPIRY),
        type = field(METHOD_TYPE);
    private final DefectDice cardDice = dice(), expiryDice = dice(), typeDice = dice(), orphans = rareDice(),
        duplicates = duplicateDice();
    /** Not a defect decision: how a (sensitive) card number is sent, in turn full, masked with X, masked with *. */
    private final DefectDice cardForm = new DefectDice(r, 1.0);
    private final Reference payment = reference(ForeignReference.PAYMENT_METHOD_PAYMENT);
    private final Bijection whichPayment = g.references.paymentMethodPayments();
    private final Bijection subscriptionUsers = g.references.subscriptionUsers();
    /** Months since year 0 of the as-of date: expiries lie from a year before it to four years after. */
    private final long asOfMonth = monthIndex(LocalDate.ofEpochDay(g.asOfDay));
    private final int amex = EnumeratedField.METHOD_TYPE.indexOf("AMEX");

    PaymentMethodWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.paymentMethods());
    }

    @Override
    void fill(long k) {
        long paid = whichPayment.apply(k) + 1;
        if (orphans.fire()) {
            payment.orphan();
            t.set(userId, g.ids.user(1 + r.nextLong(g.counts.users())));
        } else {
            payment.set(paid);
            t.set(userId, g.ids.user(g.references.subscriptionUser(subscriptionUsers,
        g.references.paymentSubscription(paid))));
        }
        int c = FieldValues.code(t, type, EnumeratedField.METHOD_TYPE, typeDice, r);
        card(c == amex);
        expiry();
    }

    private static long monthIndex(LocalDate d) {
        return d.getYear() * 12L + d.getMonthValue() - 1;
    }

    private void card(boolean amex) {
        // A real full card number passes the Luhn check: the last digit is the check digit.
        String number = RandomValues.withLuhnCheckDigit((amex ? "3" : r.nextBoolean() ? "4" : "5") + RandomValues.digits(r, amex ? 13 : 14));
        String lastFour = number.substring(number.length() - 4);
        if (cardDice.fire()) {
            t.unrepairable(card, "card_number_invalid", number.substring(0, number.length() - 1) + "X", INVALID_CARD);
            return;
        }
        switch (cardForm.kind(3)) {
            case 0 -> t.repairable(card, "card_number_full", number, lastFour);
            case 1 -> t.repairable(card, "card_number_masked", number.substring(0, 4) + " XXXX XXXX " + lastFour,
        lastFour);
            default -> t.repairable(card, "card_number_masked", "**** **** **** " + lastFour, lastFour);
        }
    }

    private void expiry() {
        long month = asOfMonth - 12 + r.nextInt(61);
        int year = (int) (month / 12);
        int mm = (int) (month % 12) + 1;
        // The processed card_expiry is a DATE: the last day of the expiry month (a card is valid through it).
        String clean = LocalDate.of(year, mm, 1).plusMonths(1).minusDays(1).toString();
        if (!expiryDice.fire()) {
            t.set(expiry, clean);
            return;
        }
        String yearMonth = Formats.pad(new StringBuilder(7), year,
        4).append('-').append(mm < 10 ? "0" : "").append(mm).toString();
        String mm2 = (mm < 10 ? "0" : "") + mm;
        int day = 1 + r.nextInt(27); // never the last day: that is the canonical form
        String dd = (day < 10 ? "0" : "") + day;
        switch (expiryDice.kind(4)) {
            case 0 -> t.repairable(expiry, "expiry_format_mm_yy", mm2 + "/" + Formats.pad(new StringBuilder(),
        year % 100, 2), clean);
            case 1 -> t.repairable(expiry, "expiry_format_mm_yyyy", mm2 + "/" + year, clean);
            case 2 -> t.repairable(expiry, "expiry_format_full_date", dd + "/" + mm2 + "/" + year, clean);
            default -> t.repairable(expiry, "expiry_format_full_date", yearMonth + "-" + dd, clean);
        }
    }
}
