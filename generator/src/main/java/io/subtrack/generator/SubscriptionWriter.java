package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_BILLING_CYCLE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_NEXT_BILLING_DATE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_RENEWAL_DATE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_START_DATE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_STATUS;

import io.subtrack.common.truth.Expected;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * raw_utilisateur_abonement: a user's subscription to a plan, its billing cycle, status and three dates that relate
 * (next billing = start + one cycle, renewal = next billing), written in the source's date forms; see docs/generator.md
 * "Dates in several formats, and dates no evidence decides".
 */
final class SubscriptionWriter extends RawRecordWriter {
    private static final Expected NEXT_BILLING_BEFORE_START = Expected.reject("next billing date before start date");

    private final int cycle = field(SUBSCRIPTION_BILLING_CYCLE), status = field(SUBSCRIPTION_STATUS),
        renewal = field(SUBSCRIPTION_RENEWAL_DATE), start = field(SUBSCRIPTION_START_DATE),
        next = field(SUBSCRIPTION_NEXT_BILLING_DATE);
    private final DefectDice cycleDice = dice(), statusDice = dice(), renewalDice = dice(), startDice = dice(),
        nextDice = dice(), inverted = rareDice(), orphans = rareDice(), duplicates = duplicateDice();
    /** The original source's family: one date in two fields, ISO in one and an ambiguous slash form in the other. */
    private final DefectDice twinForms = rareDice();
    /** Records no evidence decides: an annual subscription whose three dates are all in one ambiguous order. */
    private final DefectDice undecidable = rareDice();
    private final References.SubscriptionParties parties = g.references.subscriptionParties(
        reference(ForeignReference.SUBSCRIPTION_USER), reference(ForeignReference.SUBSCRIPTION_PLAN));

    SubscriptionWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.subscriptions());
    }

    @Override
    void fill(long s) {
        parties.set(s, orphans);
        int c = FieldValues.code(t, cycle, EnumeratedField.BILLING_CYCLE, cycleDice, r);
        FieldValues.code(t, status, EnumeratedField.SUBSCRIPTION_STATUS, statusDice, r);
        long startDay = g.pastDay(r);
        LocalDate startDate = LocalDate.ofEpochDay(startDay);
        String cycleCode = EnumeratedField.BILLING_CYCLE.codes[c];
        if (cycleCode.equals("ANNUAL") && undecidable.fire()) {
            undecidableDates(startDate, undecidable.kind(2) == 0);
            return;
        }
        long nextDay = nextBillingDay(cycleCode, startDay);
        // An inverted pair is a defect only when no reading of the start date keeps the order (a reading that
        // keeps it is the transformer's to take), so such a start date is never written in an ambiguous form.
        boolean invert = inverted.fire();
        if (!invert && FieldValues.ambiguousDay(nextDay) && twinForms.fire()) {
            // the renewal date is the next billing date: ISO there, slash (either order) in the next billing
            t.set(renewal, Formats.isoDate(nextDay));
            FieldValues.date(t, start, startDay, startDice, '/', false);
            FieldValues.ambiguousDate(t, next, nextDay, twinForms.kind(2) == 0);
            return;
        }
        FieldValues.date(t, renewal, nextDay, renewalDice, '/');
        FieldValues.date(t, start, startDay, startDice, '/', invert);
        if (invert) {
            t.unrepairable(next, "end_before_start", Formats.isoDate(startDay - 1 - r.nextInt(60)),
        NEXT_BILLING_BEFORE_START);
        } else {
            FieldValues.date(t, next, nextDay, nextDice, '/');
        }
    }

    /** The next billing date of a subscription started on {@code startDay}: one billing cycle later. */
    static long nextBillingDay(String cycleCode, long startDay) {
        LocalDate startDate = LocalDate.ofEpochDay(startDay);
        return switch (cycleCode) {
            case "DAILY" -> startDay + 1;
            case "WEEKLY" -> startDay + 7;
            case "SEMIMONTHLY" -> startDay + 15;
            case "MONTHLY" -> startDate.plusMonths(1).toEpochDay();
            default -> startDate.plusYears(1).toEpochDay();
        };
    }

    /**
     * An annual subscription that reads consistently both ways: start, next billing (a year on) and renewal (the
     * next billing date) all written in the same slash order, with day and month both 12 or less. Every relation the
     * transformer can check holds under the day-first and the month-first reading alike, so only its policy can
     * decide: written day first, the policy is right; month first, it is wrong, and the score must say so.
     */
    private void undecidableDates(LocalDate startDate, boolean dayFirst) {
        int dom = 1 + (startDate.getDayOfMonth() - 1) % 12;
        if (dom == startDate.getMonthValue()) dom = dom % 12 + 1;
        LocalDate s = startDate.withDayOfMonth(dom);
        long nextDay = s.plusYears(1).toEpochDay();
        FieldValues.ambiguousDate(t, renewal, nextDay, dayFirst);
        FieldValues.ambiguousDate(t, start, s.toEpochDay(), dayFirst);
        FieldValues.ambiguousDate(t, next, nextDay, dayFirst);
    }
}
