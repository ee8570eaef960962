package io.subtrack.common.truth;

/**
 * A JSON number kept as its exact text ({@code 86.48}, {@code -5.00}): going through a double
 * would print 86.48000000000002-style artefacts or drop the scale, and the ground truth compares
 * and the raw file carries the source's digits as written.
 */
public record ExactNumber(String text) {
    public ExactNumber {
        if (!isJsonNumber(text)) throw new IllegalArgumentException("not a JSON number: " + text);
    }

    /** A cheap shape check (the hot path builds amounts): sign, digits, at most a fraction and an exponent. */
    private static boolean isJsonNumber(String s) {
        if (s == null || s.isEmpty()) return false;
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i == s.length() || !digit(s.charAt(i))) return false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!digit(c) && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') return false;
        }
        return true;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    @Override
    public String toString() {
        return text;
    }
}
