package io.subtrack.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

class FormatsTest {

    @Test
    void datesMatchJavaTimeOverFourCenturiesOfDays() {
        DateTimeFormatter dmy = DateTimeFormatter.ofPattern("dd/MM/yyyy");
        DateTimeFormatter mdy = DateTimeFormatter.ofPattern("MM-dd-yyyy");
        for (long day = LocalDate.of(1900, 1, 1).toEpochDay(); day <= LocalDate.of(2300, 12, 31).toEpochDay(); day += 7) {
            LocalDate d = LocalDate.ofEpochDay(day);
            assertEquals(d.toString(), Formats.isoDate(day));
            assertEquals(d.format(dmy), Formats.dayMonthYear(day, '/'));
            assertEquals(d.format(mdy), Formats.monthDayYear(day, '-'));
        }
    }

    @Test
    void timestampsAreUtcAndSecondPrecise() {
        LocalDateTime t = LocalDateTime.of(2024, 2, 29, 23, 5, 9);
        long s = t.toEpochSecond(ZoneOffset.UTC);
        assertEquals("2024-02-29T23:05:09", Formats.timestamp(s, 'T'));
        assertEquals("2024-02-29 23:05:09", Formats.timestamp(s, ' '));
        assertEquals("29/02/2024 23:05", Formats.dayMonthYearHourMinute(s));
    }

    @Test
    void idsKeepTheSourceWidthAndWidenWhenTheCountNeedsIt() {
        assertEquals("USR00042", Formats.id("USR", 42, Formats.idWidth(5, 50)));
        assertEquals("FRN0020", Formats.id("FRN", 20, Formats.idWidth(4, 20)));
        assertEquals("USR0000042", Formats.id("USR", 42, Formats.idWidth(5, 2_500_000)));
        assertEquals("USR123456", Formats.id("USR", 123_456, 5));
    }

    @Test
    void amountsHaveTwoDecimalsAndAPoint() {
        assertEquals("86.48", Formats.amount(8648));
        assertEquals("0.05", Formats.amount(5));
        assertEquals("-5.00", Formats.amount(-500));
    }

    @Test
    void namesAreCapitalisedPerWordPart() {
        assertEquals("Kevin", Formats.capitalise("KEVIN"));
        assertEquals("Éric", Formats.capitalise("éric"));
        assertEquals("Le Gall-Morin", Formats.capitalise("le gall-morin"));
        assertEquals("O'Conner", Formats.capitalise("o'conner"));
    }
}
