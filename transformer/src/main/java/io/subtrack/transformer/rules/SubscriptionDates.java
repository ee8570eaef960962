package io.subtrack.transformer.rules;

import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_BILLING_CYCLE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_NEXT_BILLING_DATE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_RENEWAL_DATE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_START_DATE;

import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.rules.Cleaned.Reading;
import java.time.LocalDate;

/**
 * Reads the three dates of a subscription (renewal, start, next billing) by the record's own evidence.
 *
 * <p>A slash date whose two parts are both 12 or less has two readings. Instead of reading each field on its own,
 * every combination of the readings of the record's ambiguous fields is tried (at most 2^3):
 * <ol>
 * <li>the table's declared constraint start &lt;= next billing removes a combination that breaks it;</li>
 * <li>among the rest, the combinations under which the most relations the source shows between its dates hold are
 * kept: the same date in two fields (the original SubTrack source writes one date in all three fields, in
 * several formats; ours writes the renewal date equal to the next billing date), and next billing (or renewal) one
 * billing cycle after the start;</li>
 * <li>a field on which all kept combinations agree is resolved by evidence ({@link Reading#EVIDENCE}); a field on
 * which they differ is read by the documented policy ({@link Reading#AMBIGUOUS}): the kept combination that reads
 * the most fields by {@link Normalize#date}'s policy (slash day first), ties to the earlier fields.</li>
 * </ol>
 * No combination left: the record breaks its constraint in every reading and is rejected. A record without an
 * ambiguous date takes none of these steps (the common case).
 *
 * <p>Why these relations and not the extraction time: the fixture holds subscription and payment dates after their
 * record's date_extraction, so "not after the extraction" is no constraint the source keeps.
 *
 * <p>As a record rule it gives each date column its reading (repaired by SUB-DATE-FORMAT, unusable by
 * SUB-DATE-INVALID, as any field) and rejects the record whose start follows its next billing date in every reading.
 */
public final class SubscriptionDates extends RecordRule {
    public SubscriptionDates() {
        super("SUB-START-AFTER-NEXT-BILLING", RawTable.SUBSCRIPTION, SUBSCRIPTION_START_DATE, Action.REJECT, false,
            "Start date after the next billing date in every reading of the record's dates: rejected (never swapped or guessed). A record that one reading of its ambiguous dates keeps in order is read so, never rejected.",
            "start 2025-03-01, next 2025-02-01 -> rejected", "start 05/06/2025, next 2025-04-01 -> rejected (June 5 and May 6 are both after it)");
    }

    @Override
    public void check(Check record) {
        // the billing cycle as its column reads it: the processed code, or null when empty or unknown
        String cycle = (String) CodeVariants.code(record.raw(SUBSCRIPTION_BILLING_CYCLE), CodeVariants.BILLING).value();
        Resolution r = resolve(record.raw(SUBSCRIPTION_RENEWAL_DATE), record.raw(SUBSCRIPTION_START_DATE),
            record.raw(SUBSCRIPTION_NEXT_BILLING_DATE), cycle);
        record.read(SUBSCRIPTION_START_DATE, r.start());
        record.read(SUBSCRIPTION_NEXT_BILLING_DATE, r.next());
        record.read(SUBSCRIPTION_RENEWAL_DATE, r.renewal());
        if (r.violation() != null) record.reject(this, r.violation());
    }

    /** The three dates as read; {@code violation} is the reject reason when start &gt; next in every reading, else null. */
    public record Resolution(Cleaned renewal, Cleaned start, Cleaned next, String violation) {}

    private static final int RENEWAL = 0, START = 1, NEXT = 2;

    /** {@code billingCycle} is the processed code (DAILY ... ANNUAL) or null when unknown. */
    public static Resolution resolve(String renewalRaw, String startRaw, String nextRaw, String billingCycle) {
        Cleaned[] c = {DateTimes.date(renewalRaw), DateTimes.date(startRaw), DateTimes.date(nextRaw)};
        int ambiguousFields = 0;
        for (int f = 0; f < 3; f++) if (c[f].outcome() == Reading.AMBIGUOUS) ambiguousFields |= 1 << f;
        if (ambiguousFields == 0) {
            LocalDate start = (LocalDate) c[START].value(), next = (LocalDate) c[NEXT].value();
            boolean broken = start != null && next != null && start.isAfter(next);
            return new Resolution(c[RENEWAL], c[START], c[NEXT], broken ? orderReason(start, next, false) : null);
        }
        // readings[f][0] is the policy reading, readings[f][1] the other one (ambiguous fields only)
        LocalDate[][] readings = new LocalDate[3][];
        for (int f = 0; f < 3; f++) {
            LocalDate d = (LocalDate) c[f].value();
            if (d == null) continue;
            readings[f] = (ambiguousFields & 1 << f) != 0
                ? new LocalDate[] {d, LocalDate.of(d.getYear(), d.getDayOfMonth(), d.getMonthValue())}
                : new LocalDate[] {d};
        }
        int[] score = new int[8];
        int best = -1;
        for (int mask = 0; mask < 8; mask++) {
            if ((mask & ~ambiguousFields) != 0) { score[mask] = -1; continue; }
            score[mask] = relations(pick(readings, RENEWAL, mask), pick(readings, START, mask), pick(readings, NEXT, mask), billingCycle);
            best = Math.max(best, score[mask]);
        }
        if (best < 0) {
            return new Resolution(c[RENEWAL], c[START], c[NEXT], orderReason((LocalDate) c[START].value(), (LocalDate) c[NEXT].value(), true));
        }
        // the kept combination that reads the most fields by policy (fewest bits), then the lowest mask
        int chosen = -1;
        for (int mask = 0; mask < 8; mask++) {
            if (score[mask] != best) continue;
            if (chosen < 0 || Integer.bitCount(mask) < Integer.bitCount(chosen)) chosen = mask;
        }
        Cleaned[] out = c.clone();
        for (int f = 0; f < 3; f++) {
            if ((ambiguousFields & 1 << f) == 0) continue;
            boolean agreed = true;
            for (int mask = 0; mask < 8; mask++) {
                if (score[mask] == best && ((mask ^ chosen) & 1 << f) != 0) agreed = false;
            }
            out[f] = new Cleaned(pick(readings, f, chosen), agreed ? Reading.EVIDENCE : Reading.AMBIGUOUS);
        }
        return new Resolution(out[RENEWAL], out[START], out[NEXT], null);
    }

    private static LocalDate pick(LocalDate[][] readings, int field, int mask) {
        LocalDate[] r = readings[field];
        if (r == null) return null;
        return r[r.length == 2 && (mask & 1 << field) != 0 ? 1 : 0];
    }

    /** -1 when start is after next billing; else how many of the source's relations between the dates hold. */
    static int relations(LocalDate renewal, LocalDate start, LocalDate next, String billingCycle) {
        if (start != null && next != null && start.isAfter(next)) return -1;
        int n = 0;
        if (renewal != null && renewal.equals(next)) n++;
        if (renewal != null && renewal.equals(start)) n++;
        if (start != null && start.equals(next)) n++;
        LocalDate oneCycleOn = start == null ? null : oneCycleAfter(start, billingCycle);
        if (oneCycleOn != null && oneCycleOn.equals(next)) n++;
        if (oneCycleOn != null && oneCycleOn.equals(renewal)) n++;
        return n;
    }

    /** The next billing of a cycle that starts on {@code start}; null when the cycle is unknown. */
    static LocalDate oneCycleAfter(LocalDate start, String billingCycle) {
        if (billingCycle == null) return null;
        return switch (billingCycle) {
            case "DAILY" -> start.plusDays(1);
            case "WEEKLY" -> start.plusDays(7);
            case "SEMIMONTHLY" -> start.plusDays(15);
            case "MONTHLY" -> start.plusMonths(1);
            case "ANNUAL" -> start.plusYears(1);
            default -> null;
        };
    }

    private static String orderReason(LocalDate start, LocalDate next, boolean everyReading) {
        return "start_date " + start + " is after next_billing_date " + next + (everyReading ? " in every reading of its dates" : "");
    }
}
