package io.subtrack.transformer.rules;

import io.subtrack.transformer.rules.Cleaned.Reading;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Set;

/**
 * Date and timestamp normalisers: the source's date and time spellings read to yyyy-MM-dd and yyyy-MM-ddTHH:mm:ss,
 * with the day/month order decided by a part above 12 or, when both parts could be either, by the documented policy.
 */
public final class DateTimes {
    private DateTimes() {}

    private static final java.util.regex.Pattern ISO_DATE = java.util.regex.Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final java.util.regex.Pattern SLASH_DATE = java.util.regex.Pattern.compile("(\\d{1,2})/(\\d{1,2})/(\\d{4})");
    private static final java.util.regex.Pattern DASH_DATE = java.util.regex.Pattern.compile("(\\d{1,2})-(\\d{1,2})-(\\d{4})");
    private static final java.util.regex.Pattern TIME =
        java.util.regex.Pattern.compile("(\\d{2}):(\\d{2})(?::(\\d{2})(?:[.,](\\d{1,9}))?)?(Z|[+-]00:?00)?");

    /**
     * A calendar date. yyyy-MM-dd is canonical. dd/MM/yyyy vs MM/dd/yyyy: a part above 12 decides;
     * both 12 or less is AMBIGUOUS and read day first (French source). MM-dd-yyyy (the source's dash
     * form) is read month first when ambiguous. A time part after the date is ignored.
     */
    public static Cleaned date(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        String s = raw.strip();
        String datePart = s;
        int sep = indexOfTimeSeparator(s);
        if (sep > 0) datePart = s.substring(0, sep);
        LocalDate d = parseDatePart(datePart);
        if (d == null) return Cleaned.INVALID;
        if (d.toString().equals(s)) return new Cleaned(d, Reading.SAME);
        return new Cleaned(d, isAmbiguous(datePart) ? Reading.AMBIGUOUS : Reading.REPAIRED);
    }

    private static int indexOfTimeSeparator(String s) {
        int t = s.indexOf('T');
        int sp = s.indexOf(' ');
        if (t > 0 && (sp < 0 || t < sp)) return t;
        return sp;
    }

    static boolean isAmbiguous(String datePart) {
        if (datePart.length() == 10 && datePart.charAt(4) == '-') return false;
        java.util.regex.Matcher m = SLASH_DATE.matcher(datePart);
        if (!m.matches()) m = DASH_DATE.matcher(datePart);
        if (!m.matches()) return false;
        int a = Integer.parseInt(m.group(1));
        int b = Integer.parseInt(m.group(2));
        return a <= 12 && b <= 12 && a != b;
    }

    static LocalDate parseDatePart(String p) {
        if (p.length() == 10 && p.charAt(4) == '-' && p.charAt(7) == '-') {
            int y = digits(p, 0, 4), m = digits(p, 5, 2), d = digits(p, 8, 2);
            if (y < 0 || m < 0 || d < 0) return null;
            try {
                return LocalDate.of(y, m, d);
            } catch (DateTimeException e) {
                return null;
            }
        }
        try {
            java.util.regex.Matcher m = ISO_DATE.matcher(p);
            if (m.matches()) return LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            boolean slash;
            m = SLASH_DATE.matcher(p);
            if (m.matches()) {
                slash = true;
            } else {
                m = DASH_DATE.matcher(p);
                if (!m.matches()) return null;
                slash = false;
            }
            int a = Integer.parseInt(m.group(1));
            int b = Integer.parseInt(m.group(2));
            int y = Integer.parseInt(m.group(3));
            boolean dayFirst;
            if (a > 12 && b > 12) return null;
            if (a > 12) dayFirst = true;
            else if (b > 12) dayFirst = false;
            else dayFirst = slash;
            return dayFirst ? LocalDate.of(y, b, a) : LocalDate.of(y, a, b);
        } catch (DateTimeException | NumberFormatException e) {
            return null;
        }
    }

    private static final Set<String> SENTINELS = Set.of("2023-12-31T23:59:59.999Z", "1970-01-01", "1970-01-01T00:00:00",
        "1970-01-01 00:00:00", "9999-12-31", "9999-12-31 23:59:59", "9999-12-31T23:59:59", "1900-01-01");

    /** A placeholder that a source writes for "unknown". */
    public static boolean isSentinel(String raw) {
        return raw != null && SENTINELS.contains(raw.strip());
    }

    /**
     * A timestamp as yyyy-MM-ddTHH:mm:ss. "yyyy-MM-dd HH:mm:ss" and the T form are canonical;
     * a date alone is midnight; fractions of a second are dropped; Z / +00:00 are UTC, the zone of
     * every other source timestamp, so the wall-clock time is kept.
     */
    public static Cleaned timestamp(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        String s = raw.strip();
        java.time.LocalDateTime t = parseTimestamp(s);
        if (t == null) return Cleaned.INVALID;
        String canonical = formatTimestamp(t);
        if (canonical.equals(s) || (s.length() == 19 && s.charAt(10) == ' ' && canonical.regionMatches(0, s, 0, 10)
            && canonical.regionMatches(11, s, 11, 8))) {
            return new Cleaned(t, Reading.SAME);
        }
        int sep = indexOfTimeSeparator(s);
        return new Cleaned(t, isAmbiguous(sep > 0 ? s.substring(0, sep) : s) ? Reading.AMBIGUOUS : Reading.REPAIRED);
    }

    /** The instant of a readable timestamp (see {@link #timestamp}), to the second; null when unreadable. */
    public static java.time.LocalDateTime parseTimestamp(String raw) {
        if (raw == null) return null;
        String s = raw.strip();
        if (s.isEmpty()) return null;
        if (s.length() == 19 && (s.charAt(10) == ' ' || s.charAt(10) == 'T')) {
            java.time.LocalDateTime fast = fixedTimestamp(s);
            if (fast != null) return fast;
        }
        int sep = indexOfTimeSeparator(s);
        String datePart = sep > 0 ? s.substring(0, sep) : s;
        String timePart = sep > 0 ? s.substring(sep + 1).strip() : "";
        LocalDate d = parseDatePart(datePart);
        if (d == null) return null;
        int h = 0, min = 0, sec = 0;
        if (!timePart.isEmpty()) {
            java.util.regex.Matcher m = TIME.matcher(timePart);
            if (!m.matches()) return null;
            h = Integer.parseInt(m.group(1));
            min = Integer.parseInt(m.group(2));
            sec = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            if (h > 23 || min > 59 || sec > 59) return null;
        }
        return d.atTime(h, min, sec);
    }

    /** yyyy-MM-dd HH:mm:ss (or T) read without a regex: the form of nearly every source timestamp. */
    private static java.time.LocalDateTime fixedTimestamp(String s) {
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(13) != ':' || s.charAt(16) != ':') return null;
        int y = digits(s, 0, 4), mo = digits(s, 5, 2), d = digits(s, 8, 2), h = digits(s, 11, 2), mi = digits(s, 14, 2), se = digits(s, 17, 2);
        if (y < 0 || mo < 0 || d < 0 || h < 0 || mi < 0 || se < 0 || h > 23 || mi > 59 || se > 59) return null;
        try {
            return java.time.LocalDateTime.of(y, mo, d, h, mi, se);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static int digits(String s, int from, int n) {
        int v = 0;
        for (int i = from; i < from + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    static String formatTimestamp(java.time.LocalDateTime t) {
        char[] c = "0000-00-00T00:00:00".toCharArray();
        put(c, 0, t.getYear(), 4);
        put(c, 5, t.getMonthValue(), 2);
        put(c, 8, t.getDayOfMonth(), 2);
        put(c, 11, t.getHour(), 2);
        put(c, 14, t.getMinute(), 2);
        put(c, 17, t.getSecond(), 2);
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
