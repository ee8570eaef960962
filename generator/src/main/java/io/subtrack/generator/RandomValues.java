package io.subtrack.generator;

import java.util.SplittableRandom;

/** Random digits in the shapes the source sends: French and foreign phone numbers, Luhn-valid card numbers, addresses. */
final class RandomValues {
    private RandomValues() {}

    static String digits(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) ('0' + r.nextInt(10)));
        return sb.toString();
    }

    /** The nine digits after the country code of a French number, the first one never 0. */
    static String frenchDigits(SplittableRandom r) {
        StringBuilder sb = new StringBuilder(9).append((char) ('1' + r.nextInt(9)));
        for (int i = 0; i < 8; i++) sb.append((char) ('0' + r.nextInt(10)));
        return sb.toString();
    }

    /** "247463522" -> "2 47 46 35 22" */
    static String spacedPairs(String nineDigits) {
        StringBuilder sb = new StringBuilder(13).append(nineDigits.charAt(0));
        for (int i = 1; i < 9; i += 2) sb.append(' ').append(nineDigits, i, i + 2);
        return sb.toString();
    }

    /**
     * An area code of a foreign national number: never starting with 0 (as in North America and Brazil), so that the
     * digits cannot also read as a French national number (0 and nine digits).
     */
    static String foreignDigits(SplittableRandom r, int n) {
        return (char) ('1' + r.nextInt(9)) + digits(r, n - 1);
    }

    /** The digits followed by the Luhn check digit that makes the whole number pass the check. */
    static String withLuhnCheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            // Counted from the right of the final number, whose last digit is the check digit (not doubled).
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return digits + (char) ('0' + (10 - sum % 10) % 10);
    }

    /** Street (with a house number unless {@code withNumber} is false), the separator, postcode and town. */
    static String address(TextPools pools, SplittableRandom r, boolean withNumber, String separator) {
        String street = TextPools.pick(pools.streets, r);
        String town = TextPools.pick(pools.postcodeTowns, r);
        return (withNumber ? (1 + r.nextInt(250)) + " " : "") + street + separator + town;
    }
}
