package io.subtrack.transformer.rules;

import static io.subtrack.common.schema.RawFields.USER_PASSWORD;

import io.subtrack.common.schema.RawTable;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** A weak password is counted as a quality issue; like every password it is dropped. */
public final class WeakPassword extends RecordRule {
    private static final Set<String> COMMON_PASSWORDS = Set.of(
        "password", "motdepasse", "azerty", "qwerty", "123456", "abc123", "admin", "letmein", "welcome", "bonjour", "soleil");
    private static final Pattern TRAILING_DIGITS = Pattern.compile("[0-9]{0,4}$");

    public WeakPassword() {
        super("USR-PASSWORD-WEAK", RawTable.USER, USER_PASSWORD, Action.NULLIFY, false,
            "Weak password (shorter than 8 characters, digits only, or a common password such as password/motdepasse/azerty/qwerty/123456 with at most a few digits appended): counted as a quality issue. Like every password it is dropped (never reaches the processed layer), hence NULLIFY.",
            "\"password123\" -> (dropped, counted weak)", "\"azerty\" -> (dropped, counted weak)");
    }

    @Override
    public void check(Check record) {
        String password = record.raw(USER_PASSWORD);
        if (password != null && weak(password)) record.count(this, USER_PASSWORD);
    }

    /** Shorter than 8 characters, digits only, or a common password with at most four digits appended. */
    static boolean weak(String raw) {
        String s = raw.strip();
        if (s.length() < 8 || s.chars().allMatch(c -> c >= '0' && c <= '9')) return true;
        String lower = s.toLowerCase(Locale.ROOT);
        return COMMON_PASSWORDS.contains(lower) || COMMON_PASSWORDS.contains(TRAILING_DIGITS.matcher(lower).replaceFirst(""));
    }
}
