package io.subtrack.transformer.rules;

import static io.subtrack.common.schema.RawFields.*;

import java.util.Set;

/** What of a raw value may appear in the quarantine file and the report's examples. */
public final class Masking {
    private static final Set<String> PERSONAL = Set.of(PROFILE_FIRST_NAME, PROFILE_LAST_NAME);
    private static final Set<String> PHONES = Set.of(PROFILE_PHONE, SUPPLIER_PHONE);
    private static final Set<String> EMAILS = Set.of(USER_EMAIL, SUPPLIER_EMAIL);

    private Masking() {}

    /** Passwords are never shown, cards keep their last four characters, personal data is partly hidden. */
    public static String forExample(String field, String value) {
        if (value == null) return null;
        if (field.equals(USER_PASSWORD)) return "(dropped)";
        if (field.equals(METHOD_CARD)) return Cards.maskCard(value);
        if (EMAILS.contains(field)) {
            int at = value.indexOf('@');
            if (at < 0) return value.isEmpty() ? value : value.charAt(0) + "***";
            return (at > 0 ? value.charAt(0) : "") + "***" + value.substring(at);
        }
        if (PHONES.contains(field)) {
            return value.length() <= 3 ? value : value.replaceAll("[0-9](?=.*[0-9].*[0-9].*[0-9])", "•");
        }
        if (field.equals(PROFILE_ADDRESS) || field.equals(SUPPLIER_ADDRESS)) return value.replaceAll("[0-9]", "•");
        if (PERSONAL.contains(field)) return shape(value);
        return value;
    }

    /** First letter kept, then only the case of each letter: "KEVIN" -> "KXXXX", "le goff" -> "lx xxxx". */
    static String shape(String value) {
        if (value.isEmpty()) return value;
        StringBuilder sb = new StringBuilder(value.length());
        sb.append(value.charAt(0));
        for (int i = 1; i < value.length(); i++) {
            char c = value.charAt(i);
            sb.append(Character.isUpperCase(c) ? 'X' : Character.isLowerCase(c) ? 'x' : c);
        }
        return sb.toString();
    }

    /** For the quarantine file: raw values kept for repair, except the password (dropped) and the card (last four). */
    public static boolean dropInQuarantine(String field) {
        return field.equals(USER_PASSWORD);
    }

    public static String forQuarantine(String field, String value) {
        if (value == null) return null;
        if (field.equals(METHOD_CARD)) return Cards.maskCard(value);
        return value;
    }
}
