package io.subtrack.transformer.rules;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * A cleaned value as the outputs write it in text (the repair log's stored value, an example, a row hash): an amount
 * with its two decimals, a date yyyy-MM-dd, a timestamp yyyy-MM-ddTHH:mm:ss (seconds always written).
 */
public final class ValueText {
    private ValueText() {}

    public static String of(Object value) {
        if (value == null) return null;
        if (value instanceof String s) return s;
        if (value instanceof BigDecimal d) return d.toPlainString();
        if (value instanceof LocalDateTime t) return DateTimes.formatTimestamp(t);
        if (value instanceof LocalDate d) return d.toString();
        return value.toString();
    }
}
