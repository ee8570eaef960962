package io.subtrack.transformer.rules;

import io.subtrack.transformer.rules.Cleaned.Outcome;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;

/** Card normalisers: only the last four digits of a number ever leave the transformer; expiries to a month's last day. */
public final class Cards {
    private Cards() {}

    /** A card expiry as the last day of its month: MM/yy, MM/yyyy, yyyy-MM, yyyy-MM-dd, dd/MM/yyyy. */
    public static Cleaned cardExpiry(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        String s = raw.strip();
        YearMonth ym;
        boolean ambiguous = false;
        try {
            java.util.regex.Matcher m;
            if ((m = EXPIRY_MM_YY.matcher(s)).matches()) {
                ym = YearMonth.of(2000 + Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
            } else if ((m = EXPIRY_MM_YYYY.matcher(s)).matches()) {
                ym = YearMonth.of(Integer.parseInt(m.group(2)), Integer.parseInt(m.group(1)));
            } else if ((m = EXPIRY_YYYY_MM.matcher(s)).matches()) {
                ym = YearMonth.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            } else {
                LocalDate d = DateTimes.parseDatePart(s);
                if (d == null) return Cleaned.INVALID;
                ym = YearMonth.from(d);
                // 06/04/2026: April or June; nothing else in the record says which, so the policy reads it (day first)
                ambiguous = DateTimes.isAmbiguous(s);
            }
        } catch (DateTimeException e) {
            return Cleaned.INVALID;
        }
        String canonical = ym.atEndOfMonth().toString();
        return new Cleaned(canonical, canonical.equals(s) ? Outcome.SAME : ambiguous ? Outcome.AMBIGUOUS : Outcome.REPAIRED);
    }

    /**
     * The last four digits of a card: a full number of 13 to 19 digits passing the Luhn check, or
     * a masked number whose last group is four digits. Anything else is INVALID.
     */
    private static final java.util.regex.Pattern FULL_CARD = java.util.regex.Pattern.compile("[0-9]{13,19}");
    private static final java.util.regex.Pattern MASKED_CARD = java.util.regex.Pattern.compile("[0-9]{0,6}[X*x]{4,12}[0-9]{4}");
    private static final java.util.regex.Pattern LAST4 = java.util.regex.Pattern.compile("[0-9]{4}");
    private static final java.util.regex.Pattern EXPIRY_MM_YY = java.util.regex.Pattern.compile("(\\d{1,2})/(\\d{2})");
    private static final java.util.regex.Pattern EXPIRY_MM_YYYY = java.util.regex.Pattern.compile("(\\d{1,2})/(\\d{4})");
    private static final java.util.regex.Pattern EXPIRY_YYYY_MM = java.util.regex.Pattern.compile("(\\d{4})-(\\d{1,2})");

    public static Cleaned cardLast4(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        String s = raw.strip().replace(" ", "").replace("-", "");
        if (FULL_CARD.matcher(s).matches()) {
            return luhn(s) ? new Cleaned(s.substring(s.length() - 4), Outcome.REPAIRED) : Cleaned.INVALID;
        }
        if (MASKED_CARD.matcher(s).matches()) return new Cleaned(s.substring(s.length() - 4), Outcome.REPAIRED);
        if (LAST4.matcher(s).matches()) return new Cleaned(s, Outcome.SAME);
        return Cleaned.INVALID;
    }

    static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) { d *= 2; if (d > 9) d -= 9; }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** What may be shown of a card value in the quarantine file and report examples: its last four characters. */
    public static String maskCard(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        return s.length() <= 4 ? "****" : "****" + s.substring(s.length() - 4);
    }
}
