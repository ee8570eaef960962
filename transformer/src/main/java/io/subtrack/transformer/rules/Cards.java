package io.subtrack.transformer.rules;

import io.subtrack.transformer.rules.Cleaned.Reading;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;

/** Card expiries to their month's last day, and what of a card number may be shown (CardLast4 reads the number). */
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
        LocalDate last = ym.atEndOfMonth();
        return new Cleaned(last, last.toString().equals(s) ? Reading.SAME : ambiguous ? Reading.AMBIGUOUS : Reading.REPAIRED);
    }

    private static final java.util.regex.Pattern EXPIRY_MM_YY = java.util.regex.Pattern.compile("(\\d{1,2})/(\\d{2})");
    private static final java.util.regex.Pattern EXPIRY_MM_YYYY = java.util.regex.Pattern.compile("(\\d{1,2})/(\\d{4})");
    private static final java.util.regex.Pattern EXPIRY_YYYY_MM = java.util.regex.Pattern.compile("(\\d{4})-(\\d{1,2})");

    /** What may be shown of a card value in the quarantine file and report examples: its last four characters. */
    public static String maskCard(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        return s.length() <= 4 ? "****" : "****" + s.substring(s.length() - 4);
    }
}
