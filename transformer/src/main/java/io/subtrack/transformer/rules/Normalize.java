package io.subtrack.transformer.rules;

import io.subtrack.transformer.rules.Cleaned.Outcome;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.YearMonth;
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

    /** The email without its plus-tag (local+tag@domain -> local@domain); the same string when there is none. */
    public static String withoutPlusTag(String email) {
        int at = email.indexOf('@');
        int plus = email.indexOf('+');
        if (at < 0 || plus <= 0 || plus > at) return email;
        return email.substring(0, plus) + email.substring(at);
    }

    private static final Set<String> COMMON_PASSWORDS = Set.of(
        "password", "motdepasse", "azerty", "qwerty", "123456", "abc123", "admin", "letmein", "welcome", "bonjour", "soleil");
    private static final java.util.regex.Pattern TRAILING_DIGITS = java.util.regex.Pattern.compile("[0-9]{0,4}$");

    /** Shorter than 8 characters, digits only, or a common password with at most four digits appended. */
    public static boolean weakPassword(String raw) {
        if (raw == null) return false;
        String s = raw.strip();
        if (s.length() < 8 || s.chars().allMatch(c -> c >= '0' && c <= '9')) return true;
        String lower = s.toLowerCase(Locale.ROOT);
        return COMMON_PASSWORDS.contains(lower) || COMMON_PASSWORDS.contains(TRAILING_DIGITS.matcher(lower).replaceFirst(""));
    }

    private static final java.util.regex.Pattern HOUSE_NUMBER = java.util.regex.Pattern.compile("^[0-9]+(\\s?(bis|ter|[A-Za-z]))?\\b.*");

    /** True when the first line of the (cleaned) address starts with a house number. */
    public static boolean hasHouseNumber(String address) {
        return address != null && HOUSE_NUMBER.matcher(address.strip()).matches();
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
            case "1": return new Cleaned("true", Outcome.SAME);
            case "0": return new Cleaned("false", Outcome.SAME);
            case "true": case "oui": case "yes": case "vrai": return new Cleaned("true", Outcome.REPAIRED);
            case "false": case "non": case "no": case "faux": return new Cleaned("false", Outcome.REPAIRED);
            default: return Cleaned.INVALID;
        }
    }

    // ---------------------------------------------------------------- money

    /**
     * Amount to a plain 2-decimal string: a number, "x €", "x EUR", "EUR x", "€x", decimal comma.
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
        String canonical = amount.setScale(2, RoundingMode.UNNECESSARY).toPlainString();
        return new Cleaned(canonical, decorated ? Outcome.REPAIRED : Outcome.SAME);
    }

    // ---------------------------------------------------------------- dates and times

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
        String canonical = d.toString();
        if (canonical.equals(s)) return new Cleaned(canonical, Outcome.SAME);
        return new Cleaned(canonical, isAmbiguous(datePart) ? Outcome.AMBIGUOUS : Outcome.REPAIRED);
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
            return new Cleaned(canonical, Outcome.SAME);
        }
        int sep = indexOfTimeSeparator(s);
        return new Cleaned(canonical, isAmbiguous(sep > 0 ? s.substring(0, sep) : s) ? Outcome.AMBIGUOUS : Outcome.REPAIRED);
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
                LocalDate d = parseDatePart(s);
                if (d == null) return Cleaned.INVALID;
                ym = YearMonth.from(d);
                // 06/04/2026: April or June; nothing else in the record says which, so the policy reads it (day first)
                ambiguous = isAmbiguous(s);
            }
        } catch (DateTimeException e) {
            return Cleaned.INVALID;
        }
        String canonical = ym.atEndOfMonth().toString();
        return new Cleaned(canonical, canonical.equals(s) ? Outcome.SAME : ambiguous ? Outcome.AMBIGUOUS : Outcome.REPAIRED);
    }

    // ---------------------------------------------------------------- cards

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
