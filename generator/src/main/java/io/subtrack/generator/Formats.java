package io.subtrack.generator;

import io.subtrack.common.truth.ExactNumber;

/**
 * Hand-rolled formatting for the hot path: dates, timestamps, ids and amounts are written millions
 * of times, and DateTimeFormatter / String.format cost more than the JSON writing itself. Dates are
 * epoch days and timestamps epoch seconds in UTC, so nothing depends on the machine's zone or locale.
 */
final class Formats {
    private Formats() {}

    static final long SECONDS_PER_DAY = 86_400L;

    /** {@code yyyy-MM-dd} */
    static String isoDate(long epochDay) {
        char[] c = new char[10];
        long ymd = civil(epochDay);
        put4(c, 0, year(ymd));
        c[4] = '-';
        put2(c, 5, monthOf(ymd));
        c[7] = '-';
        put2(c, 8, dayOf(ymd));
        return new String(c);
    }

    /** {@code dd/MM/yyyy} */
    static String dayMonthYear(long epochDay, char sep) {
        char[] c = new char[10];
        long ymd = civil(epochDay);
        put2(c, 0, dayOf(ymd));
        c[2] = sep;
        put2(c, 3, monthOf(ymd));
        c[5] = sep;
        put4(c, 6, year(ymd));
        return new String(c);
    }

    /** {@code MM/dd/yyyy} or {@code MM-dd-yyyy} */
    static String monthDayYear(long epochDay, char sep) {
        char[] c = new char[10];
        long ymd = civil(epochDay);
        put2(c, 0, monthOf(ymd));
        c[2] = sep;
        put2(c, 3, dayOf(ymd));
        c[5] = sep;
        put4(c, 6, year(ymd));
        return new String(c);
    }

    /** {@code yyyy-MM-dd HH:mm:ss} (the source's extraction stamp) or, with {@code 'T'}, the canonical timestamp. */
    static String timestamp(long epochSecond, char dateTimeSeparator) {
        char[] c = new char[19];
        long day = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        long ymd = civil(day);
        put4(c, 0, year(ymd));
        c[4] = '-';
        put2(c, 5, monthOf(ymd));
        c[7] = '-';
        put2(c, 8, dayOf(ymd));
        c[10] = dateTimeSeparator;
        put2(c, 11, secOfDay / 3600);
        c[13] = ':';
        put2(c, 14, (secOfDay / 60) % 60);
        c[16] = ':';
        put2(c, 17, secOfDay % 60);
        return new String(c);
    }

    /** {@code dd/MM/yyyy HH:mm} */
    static String dayMonthYearHourMinute(long epochSecond) {
        long day = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        StringBuilder sb = new StringBuilder(16).append(dayMonthYear(day, '/')).append(' ');
        pad(sb, secOfDay / 3600, 2).append(':');
        pad(sb, (secOfDay / 60) % 60, 2);
        return sb.toString();
    }

    /**
     * Year, month and day of an epoch day packed as year*10000 + month*100 + day, by the proleptic
     * Gregorian civil-from-days algorithm (H. Hinnant): LocalDate.ofEpochDay's result without the object.
     */
    static long civil(long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long d = doy - (153 * mp + 2) / 5 + 1;
        long m = mp < 10 ? mp + 3 : mp - 9;
        long y = yoe + era * 400 + (m <= 2 ? 1 : 0);
        return y * 10_000 + m * 100 + d;
    }

    private static int year(long ymd) { return (int) (ymd / 10_000); }
    private static int monthOf(long ymd) { return (int) (ymd / 100 % 100); }
    private static int dayOf(long ymd) { return (int) (ymd % 100); }

    private static void put2(char[] c, int at, int v) {
        c[at] = (char) ('0' + v / 10);
        c[at + 1] = (char) ('0' + v % 10);
    }

    private static void put4(char[] c, int at, int v) {
        c[at] = (char) ('0' + v / 1000 % 10);
        c[at + 1] = (char) ('0' + v / 100 % 10);
        c[at + 2] = (char) ('0' + v / 10 % 10);
        c[at + 3] = (char) ('0' + v % 10);
    }

    static int dayOfMonth(long epochDay) {
        return dayOf(civil(epochDay));
    }

    static int month(long epochDay) {
        return monthOf(civil(epochDay));
    }

    /** An id such as {@code USR00042}: the prefix, then the number zero-padded to at least {@code width} digits. */
    static String id(String prefix, long number, int width) {
        int digits = digits(number);
        int n = Math.max(width, digits);
        char[] c = new char[prefix.length() + n];
        prefix.getChars(0, prefix.length(), c, 0);
        int end = c.length;
        for (int i = end - 1; i >= prefix.length(); i--) {
            c[i] = (char) ('0' + number % 10);
            number /= 10;
        }
        return new String(c);
    }

    private static int digits(long nonNegative) {
        int d = 1;
        while (nonNegative >= 10) {
            nonNegative /= 10;
            d++;
        }
        return d;
    }

    /** Digits an id needs for {@code count} entities, never fewer than the source's width. */
    static int idWidth(int sourceWidth, long count) {
        return Math.max(sourceWidth, Long.toString(Math.max(count, 1)).length());
    }

    /** Cents as a plain decimal with two places and a point: {@code 8648 -> "86.48"}, {@code -500 -> "-5.00"}. */
    static String amount(long cents) {
        StringBuilder sb = new StringBuilder(12);
        if (cents < 0) {
            sb.append('-');
            cents = -cents;
        }
        sb.append(cents / 100).append('.');
        return pad(sb, cents % 100, 2).toString();
    }

    /** An amount in cents as the exact JSON number with two decimals ({@code -5.00}, {@code 86.48}). */
    static ExactNumber amountNumber(long cents) {
        return new ExactNumber(amount(cents));
    }

    static StringBuilder pad(StringBuilder sb, long value, int width) {
        if (value < 0) return sb.append(value);
        int d = digits(value);
        for (int i = d; i < width; i++) sb.append('0');
        long p = 1;
        for (int i = 1; i < d; i++) p *= 10;
        for (; p > 0; p /= 10) sb.append((char) ('0' + value / p % 10));
        return sb;
    }

    /** Capitalises each word part (after a space, hyphen or apostrophe): {@code "KEVIN" -> "Kevin"}, {@code "le gall" -> "Le Gall"}. */
    static String capitalise(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        boolean start = true;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            sb.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = c == ' ' || c == '-' || c == '\'';
        }
        return sb.toString();
    }
}
