package io.subtrack.transformer.rules;

import static io.subtrack.common.schema.RawFields.METHOD_CARD;

import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.rules.Cleaned.Reading;
import java.util.regex.Pattern;

/** Only the last four digits of a card number ever leave the transformer. */
public final class CardLast4 extends ValueRule {
    private static final Pattern FULL_CARD = Pattern.compile("[0-9]{12,19}");
    private static final Pattern MASKED_CARD = Pattern.compile("[0-9]{0,6}[X*x]{4,12}[0-9]{4}");
    private static final Pattern LAST4 = Pattern.compile("[0-9]{4}");

    public CardLast4() {
        super("PMT-CARD-LAST4", RawTable.PAYMENT_METHOD, METHOD_CARD, Action.REPAIR, false,
            "Card number reduced to its last four digits: a full number (12-19 digits, as Maestro allows, Luhn-valid) or a masked one (\"1234 XXXX XXXX 5678\", \"**** **** **** 5678\"). The full number never leaves the transformer.",
            "\"4164 XXXX XXXX 9621\" -> \"9621\"", "\"5555213760375482\" -> \"5482\"");
    }

    /**
     * The last four digits of a card: a full number passing the Luhn check, or a masked number whose last group is
     * four digits. Anything else is INVALID.
     */
    @Override
    public Cleaned clean(String raw) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        String s = raw.strip().replace(" ", "").replace("-", "");
        if (FULL_CARD.matcher(s).matches()) {
            return luhn(s) ? new Cleaned(s.substring(s.length() - 4), Reading.REPAIRED) : Cleaned.INVALID;
        }
        if (MASKED_CARD.matcher(s).matches()) return new Cleaned(s.substring(s.length() - 4), Reading.REPAIRED);
        if (LAST4.matcher(s).matches()) return new Cleaned(s, Reading.SAME);
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
}
