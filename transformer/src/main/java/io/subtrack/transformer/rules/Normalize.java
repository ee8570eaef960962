package io.subtrack.transformer.rules;

import io.subtrack.transformer.rules.Cleaned.Reading;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Set;

/**
 * Pure value normalisers: one raw text in, a {@link Cleaned} out. Raw values arrive as text
 * (the raw database stores every JSON value as its text), so 1 and "1" are the same input here,
 * which keeps database mode and file mode byte-identical.
 */
public final class Normalize {
    private Normalize() {}

    public static final BigDecimal MAX_AMOUNT = new BigDecimal("100000");

    // ---------------------------------------------------------------- text

    /** Trimmed text with inner whitespace runs collapsed; blank is EMPTY. */
    public static Cleaned text(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        return Cleaned.of(raw, raw.strip());
    }

    /** Free text kept verbatim; only "" means "no value". */
    public static Cleaned verbatim(String raw) {
        if (raw == null || raw.isEmpty()) return Cleaned.EMPTY;
        return new Cleaned(raw, Reading.SAME);
    }

    public static Cleaned email(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        String s = raw.strip().toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at <= 0 || at != s.lastIndexOf('@') || s.chars().anyMatch(Character::isWhitespace)) return Cleaned.INVALID;
        String domain = s.substring(at + 1);
        int dot = domain.lastIndexOf('.');
        if (dot <= 0 || dot == domain.length() - 1 || domain.startsWith("-") || domain.contains("..")) return Cleaned.INVALID;
        return Cleaned.of(raw, s);
    }

    /** Person names: a word entirely upper or lower case is capitalised; mixed case is left alone. */
    public static Cleaned personName(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        String s = raw.strip().replaceAll("\\s+", " ");
        StringBuilder out = new StringBuilder(s.length());
        int start = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == ' ' || s.charAt(i) == '-' || s.charAt(i) == '\'') {
                out.append(capitaliseWord(s.substring(start, i)));
                if (i < s.length()) out.append(s.charAt(i));
                start = i + 1;
            }
        }
        return Cleaned.of(raw, out.toString());
    }

    private static String capitaliseWord(String w) {
        if (w.isEmpty()) return w;
        boolean allUpper = w.equals(w.toUpperCase(Locale.ROOT));
        boolean allLower = w.equals(w.toLowerCase(Locale.ROOT));
        if (!allUpper && !allLower) return w;
        String lower = w.toLowerCase(Locale.ROOT);
        return lower.substring(0, 1).toUpperCase(Locale.ROOT) + lower.substring(1);
    }

    private static final Set<String> LEGAL_FORMS = Set.of("SA", "SAS", "SARL", "SNC", "EURL", "LLC", "PLC", "LLP", "GMBH");
    private static final Set<String> LOWER_WORDS = Set.of("AND", "ET", "DE", "DU", "DES", "OF");
    /** Articles: lower case after a preposition ("Café de la Gare"), else the particle of a surname ("Le Roux"). */
    private static final Set<String> ARTICLES = Set.of("LA", "LE", "LES");
    private static final Set<String> PREPOSITIONS = Set.of("DE", "À", "A");

    /** Company names: only a name written entirely in upper case is a defect to repair. */
    public static Cleaned companyName(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        String s = raw.strip().replaceAll("\\s+", " ");
        boolean hasLetter = s.chars().anyMatch(Character::isLetter);
        if (!hasLetter || !s.equals(s.toUpperCase(Locale.ROOT))) return Cleaned.of(raw, s);
        String[] words = s.split(" ");
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < words.length; i++) {
            String w = words[i];
            String bare = w.replaceAll("[^\\p{L}]", "");
            if (i > 0) out.append(' ');
            if (w.contains(".") || LEGAL_FORMS.contains(bare)) {
                out.append(w);
            } else if (i > 0 && (LOWER_WORDS.contains(w) || ARTICLES.contains(w) && PREPOSITIONS.contains(words[i - 1]))) {
                out.append(w.toLowerCase(Locale.ROOT));
            } else {
                StringBuilder word = new StringBuilder();
                int start = 0;
                for (int j = 0; j <= w.length(); j++) {
                    if (j == w.length() || w.charAt(j) == '-' || w.charAt(j) == '\'') {
                        word.append(capitaliseWord(w.substring(start, j)));
                        if (j < w.length()) word.append(w.charAt(j));
                        start = j + 1;
                    }
                }
                out.append(word);
            }
        }
        return Cleaned.of(raw, out.toString());
    }

    /** Address lines joined by "; " or " - " become ", "-separated. */
    public static Cleaned address(String raw, String joiner) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        String s = raw.strip().replaceAll("\\s+", " ");
        s = s.replace(joiner.strip().equals(";") ? ";" : joiner, joiner.strip().equals(";") ? "," : ", ");
        s = s.replaceAll("\\s+,", ",").replaceAll(",(?=\\S)", ", ").replaceAll("\\s+", " ");
        return Cleaned.of(raw, s);
    }

    // ---------------------------------------------------------------- phones

    /**
     * E.164 where the country is knowable: French national numbers (0 + 9 digits) and +33 forms
     * (with an optional "(0)" trunk digit) become +33 and 9 digits; any other number written with
     * an explicit international prefix (+ or 00) keeps its digits; an extension is dropped.
     * A national number of another country (no prefix) cannot be placed: INVALID.
     */
    private static final java.util.regex.Pattern PHONE_CHARS = java.util.regex.Pattern.compile("[+0-9 ().\\-/]+");
    private static final java.util.regex.Pattern NON_DIGITS = java.util.regex.Pattern.compile("[^0-9]");

    public static Cleaned phone(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        String s = raw.strip();
        String up = s.toUpperCase(Locale.ROOT);
        if (up.equals("N/A") || up.equals("NA") || up.equals("-") || up.equals("NULL")) return Cleaned.EMPTY;
        int ext = up.indexOf('X');
        if (ext >= 0) s = s.substring(0, ext);
        s = s.replace("(0)", "");
        if (!PHONE_CHARS.matcher(s).matches()) return Cleaned.INVALID;
        boolean plus = s.startsWith("+");
        String digits = NON_DIGITS.matcher(s).replaceAll("");
        String e164;
        if (plus) {
            e164 = "+" + digits;
        } else if (digits.startsWith("00")) {
            e164 = "+" + digits.substring(2);
        } else if (digits.length() == 10 && digits.charAt(0) == '0' && digits.charAt(1) != '0') {
            e164 = "+33" + digits.substring(1);
        } else {
            return Cleaned.INVALID;
        }
        if (e164.startsWith("+330") && e164.length() == 13) e164 = "+33" + e164.substring(4);
        if (e164.startsWith("+33") && e164.length() != 12) return Cleaned.INVALID;
        if (e164.length() < 8 || e164.length() > 16 || e164.charAt(1) == '0') return Cleaned.INVALID;
        return Cleaned.of(raw, e164);
    }

    // ---------------------------------------------------------------- booleans

    public static Cleaned bool(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        switch (raw.strip().toLowerCase(Locale.ROOT)) {
            case "1": return new Cleaned(Boolean.TRUE, Reading.SAME);
            case "0": return new Cleaned(Boolean.FALSE, Reading.SAME);
            case "true": case "oui": case "yes": case "vrai": return new Cleaned(Boolean.TRUE, Reading.REPAIRED);
            case "false": case "non": case "no": case "faux": return new Cleaned(Boolean.FALSE, Reading.REPAIRED);
            default: return Cleaned.INVALID;
        }
    }

    // ---------------------------------------------------------------- money

    /**
     * Amount with two decimals: a number, "x €", "x EUR", "EUR x", "€x", decimal comma.
     * Another currency symbol, a negative or an absurd amount (> 100000) is INVALID.
     */
    private static final java.util.regex.Pattern DECIMAL_COMMA = java.util.regex.Pattern.compile("-?[0-9]+,[0-9]{1,2}");
    private static final java.util.regex.Pattern DECIMAL_POINT = java.util.regex.Pattern.compile("-?[0-9]+(\\.[0-9]+)?");

    public static Cleaned money(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        String s = raw.strip();
        String body = s;
        boolean decorated = false;
        String up = body.toUpperCase(Locale.ROOT);
        if (up.startsWith("EUR")) { body = body.substring(3); decorated = true; }
        else if (up.endsWith("EUR")) { body = body.substring(0, body.length() - 3); decorated = true; }
        body = body.strip();
        if (body.startsWith("€")) { body = body.substring(1); decorated = true; }
        else if (body.endsWith("€")) { body = body.substring(0, body.length() - 1); decorated = true; }
        body = body.strip();
        if (body.indexOf(' ') >= 0 || body.indexOf('\u00a0') >= 0) body = body.replace(" ", "").replace("\u00a0", "");
        if (DECIMAL_COMMA.matcher(body).matches()) { body = body.replace(',', '.'); decorated = true; }
        if (!DECIMAL_POINT.matcher(body).matches()) return Cleaned.INVALID;
        BigDecimal amount = new BigDecimal(body);
        if (amount.signum() < 0 || amount.compareTo(MAX_AMOUNT) > 0) return Cleaned.INVALID;
        if (amount.scale() > 2 && amount.stripTrailingZeros().scale() > 2) return Cleaned.INVALID;
        return new Cleaned(amount.setScale(2, RoundingMode.UNNECESSARY), decorated ? Reading.REPAIRED : Reading.SAME);
    }
}
