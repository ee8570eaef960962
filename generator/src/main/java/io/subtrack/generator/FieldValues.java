package io.subtrack.generator;

import io.subtrack.common.truth.ExactNumber;
import io.subtrack.common.truth.Expected;
import java.time.LocalDate;
import java.util.SplittableRandom;

/**
 * Value families several tables share (codes, amounts, dates, empty strings): each writes the canonical
 * value, or a source defect of it listed with its clean value or expected outcome.
 */
final class FieldValues {
    private FieldValues() {}

    static final String CODE_VARIANT = "code_variant";
    static final String CODE_MISSING = "code_missing";
    private static final Expected NEGATIVE_AMOUNT = Expected.reject("negative amount");
    private static final Expected ABSURD_AMOUNT = Expected.reject("absurd amount (above 100000.00 EUR)");

    /** A code: canonical, or (when the dice fire) one of its source variants. Returns the code's index in {@code set}. */
    static int code(TableSink t, int field, EnumeratedField set, DefectDice dice, SplittableRandom r) {
        if (dice.fire()) return variant(t, field, set, r);
        int c = set.randomCode(r);
        t.set(field, set.encoded[c]);
        return c;
    }

    /** A source variant of a code that has one. Returns the code's index in {@code set}. */
    static int variant(TableSink t, int field, EnumeratedField set, SplittableRandom r) {
        int c = set.randomCodeWithVariant(r);
        t.repairable(field, CODE_VARIANT, set.randomVariant(r, c), set.codes[c]);
        return c;
    }

    /** An amount in EUR: canonical, in a source format, or (with {@code reject}) negative or absurd. */
    static void amount(TableSink t, int field, long cents, DefectDice format, DefectDice reject, SplittableRandom r) {
        if (reject.fire()) {
            if (reject.kind(2) == 0) {
                t.unrepairable(field, "negative_amount", Formats.amountNumber(-cents), NEGATIVE_AMOUNT);
            } else {
                long absurd = 100_000_000L + r.nextLong(900_000_000L);
                t.unrepairable(field, "absurd_amount", Formats.amountNumber(absurd), ABSURD_AMOUNT);
            }
            return;
        }
        ExactNumber clean = Formats.amountNumber(cents);
        if (format.fire()) {
            switch (format.kind(3)) {
                case 0 -> t.repairable(field, "amount_format_euro_suffix", clean.text() + " €", clean);
                case 1 -> t.repairable(field, "amount_format_eur_prefix", "EUR " + clean.text(), clean);
                default -> t.repairable(field, "amount_format_decimal_comma", clean.text().replace('.', ','), clean);
            }
            return;
        }
        // Whole amounts come as JSON integers, as in the source: same number, not a defect.
        t.set(field, cents % 100 == 0 ? (Object) (cents / 100) : clean);
    }

    /** A date whose canonical form is yyyy-MM-dd, sometimes written dd/MM/yyyy or month first. */
    static void date(TableSink t, int field, long day, DefectDice dice, char monthFirstSeparator) {
        date(t, field, day, dice, monthFirstSeparator, false);
    }

    /**
     * As above; with {@code noAmbiguousForm}, a date whose day and month are both 12 or less is written in ISO form
     * (no defect) instead of a slash form (used where another injected defect depends on this date having one reading).
     */
    static void date(TableSink t, int field, long day, DefectDice dice, char monthFirstSeparator, boolean noAmbiguousForm) {
        String clean = Formats.isoDate(day);
        if (!dice.fire()) {
            t.set(field, clean);
            return;
        }
        boolean ambiguous = ambiguousDay(day);
        if (ambiguous && noAmbiguousForm) {
            t.set(field, clean);
            return;
        }
        if (dice.kind(2) == 0) {
            String raw = Formats.dayMonthYear(day, '/');
            if (ambiguous) t.repairableAmbiguous(field, "date_format_dmy", raw, clean, clean);
            else t.repairable(field, "date_format_dmy", raw, clean);
        } else {
            String raw = Formats.monthDayYear(day, monthFirstSeparator);
            String kind = monthFirstSeparator == '/' ? "date_format_mdy" : "date_format_mdy_dash";
            if (ambiguous) t.repairableAmbiguous(field, kind, raw, clean, dayFirstReading(day));
            else t.repairable(field, kind, raw, clean);
        }
    }

    /** Day and month both 12 or less and different: a slash form of this day reads two ways. */
    static boolean ambiguousDay(long day) {
        int dd = Formats.dayOfMonth(day);
        return dd <= 12 && dd != Formats.month(day);
    }

    /** An ambiguous day written as a slash date, day first or month first, listed with its day-first reading. */
    static void ambiguousDate(TableSink t, int field, long day, boolean dayFirst) {
        String clean = Formats.isoDate(day);
        if (dayFirst) t.repairableAmbiguous(field, "date_format_dmy", Formats.dayMonthYear(day, '/'), clean, clean);
        else t.repairableAmbiguous(field, "date_format_mdy", Formats.monthDayYear(day, '/'), clean, dayFirstReading(day));
    }

    /** What the day-first policy reads in the month-first form of an ambiguous day: day and month swapped. */
    private static String dayFirstReading(long day) {
        LocalDate d = LocalDate.ofEpochDay(day);
        return Formats.isoDate(LocalDate.of(d.getYear(), d.getDayOfMonth(), d.getMonthValue()).toEpochDay());
    }

    /** The source sends "" where it means "no value": a defect only where the clean value is null. */
    static void emptyOrValue(TableSink t, int field, String value, DefectDice dice) {
        if (value == null && dice.fire()) t.repairable(field, "empty_string", "", null);
        else t.set(field, value);
    }
}
