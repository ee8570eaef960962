package io.subtrack.common.extract;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads a record's date_extraction for the extract's default date: the ISO forms the source writes
 * ({@code 2025-05-28 12:47:43}, with a T, with fractions, or a bare date). Anything else (the source's
 * messy variants, which the transformer repairs or rejects per record) is not used for the extract's
 * date: it returns null rather than guessing.
 */
public final class ExtractDates {
    private ExtractDates() {}

    public static LocalDateTime parse(String text) {
        if (text == null) return null;
        String s = text.strip();
        if (s.length() < 10) return null;
        try {
            if (s.length() == 10) return LocalDate.parse(s).atStartOfDay();
            return LocalDateTime.parse(s.replace(' ', 'T'));
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The form extract dates travel in (JSON, Kafka headers, SQL parameters as text). */
    public static String format(LocalDateTime t) {
        return t.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }
}
