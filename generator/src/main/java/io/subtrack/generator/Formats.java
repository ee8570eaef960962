package io.subtrack.generator;

import java.time.LocalDate;

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
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        StringBuilder sb = new StringBuilder(10);
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2);
        return sb.toString();
    }

    /** {@code dd/MM/yyyy} */
    static String dayMonthYear(long epochDay, char sep) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        StringBuilder sb = new StringBuilder(10);
        pad(sb, d.getDayOfMonth(), 2).append(sep);
        pad(sb, d.getMonthValue(), 2).append(sep);
        pad(sb, d.getYear(), 4);
        return sb.toString();
    }

    /** {@code MM/dd/yyyy} or {@code MM-dd-yyyy} */
    static String monthDayYear(long epochDay, char sep) {
        LocalDate d = LocalDate.ofEpochDay(epochDay);
        StringBuilder sb = new StringBuilder(10);
        pad(sb, d.getMonthValue(), 2).append(sep);
        pad(sb, d.getDayOfMonth(), 2).append(sep);
        pad(sb, d.getYear(), 4);
        return sb.toString();
    }

    /** {@code yyyy-MM-dd HH:mm:ss} (the source's extraction stamp) or, with {@code 'T'}, the canonical timestamp. */
    static String timestamp(long epochSecond, char dateTimeSeparator) {
        StringBuilder sb = new StringBuilder(26);
        appendTimestamp(sb, epochSecond, dateTimeSeparator);
        return sb.toString();
    }

    static StringBuilder appendTimestamp(StringBuilder sb, long epochSecond, char dateTimeSeparator) {
        long day = Math.floorDiv(epochSecond, SECONDS_PER_DAY);
        int secOfDay = (int) Math.floorMod(epochSecond, SECONDS_PER_DAY);
        LocalDate d = LocalDate.ofEpochDay(day);
        pad(sb, d.getYear(), 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2).append(dateTimeSeparator);
        pad(sb, secOfDay / 3600, 2).append(':');
        pad(sb, (secOfDay / 60) % 60, 2).append(':');
        pad(sb, secOfDay % 60, 2);
        return sb;
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

    static int dayOfMonth(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).getDayOfMonth();
    }

    static int month(long epochDay) {
        return LocalDate.ofEpochDay(epochDay).getMonthValue();
    }

    /** An id such as {@code USR00042}: the prefix, then the number zero-padded to at least {@code width} digits. */
    static String id(String prefix, long number, int width) {
        StringBuilder sb = new StringBuilder(prefix.length() + Math.max(width, 12)).append(prefix);
        return pad(sb, number, width).toString();
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

    static StringBuilder pad(StringBuilder sb, long value, int width) {
        String s = Long.toString(value);
        for (int i = s.length(); i < width; i++) sb.append('0');
        return sb.append(s);
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
