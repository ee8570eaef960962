package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.transformer.rules.Cleaned;
import io.subtrack.transformer.rules.Cleaned.Reading;
import io.subtrack.transformer.rules.SubscriptionDates;
import io.subtrack.transformer.rules.SubscriptionDates.Resolution;
import org.junit.jupiter.api.Test;

/** The readings of a subscription's dates, chosen by the record's evidence before any policy. */
class SubscriptionDatesTest {
    private static void assertRead(Cleaned c, String value, Reading outcome) {
        assertEquals(value == null ? null : java.time.LocalDate.parse(value), c.value(), c.toString());
        assertEquals(outcome, c.outcome(), c.toString());
    }

    @Test
    void theSameDateInIsoFormInAnotherFieldDecides() {
        // the original source: one date in three formats; 06/02 is month first here, 02/06 day first
        Resolution r = SubscriptionDates.resolve("2024-06-02", "06/02/2024", "02/06/2024", "MONTHLY");
        assertRead(r.renewal(), "2024-06-02", Reading.SAME);
        assertRead(r.start(), "2024-06-02", Reading.EVIDENCE);
        assertRead(r.next(), "2024-06-02", Reading.EVIDENCE);
        assertNull(r.violation());
    }

    @Test
    void theDeclaredOrderDecidesWhenOnlyOneReadingKeepsIt() {
        // start 02/07/2025: July 2 would be after the next billing, so February 7 (no other relation needed)
        Resolution r = SubscriptionDates.resolve(null, "02/07/2025", "2025-03-01", null);
        assertRead(r.start(), "2025-02-07", Reading.EVIDENCE);
        assertNull(r.violation());
    }

    @Test
    void theBillingCycleDecidesWhenTheOrderDoesNot() {
        // monthly, next billing 2025-03-07: start 02/07/2025 can be July 2 (after it) or February 7 (one month before)
        Resolution r = SubscriptionDates.resolve("2025-03-07", "02/07/2025", "2025-03-07", "MONTHLY");
        assertRead(r.start(), "2025-02-07", Reading.EVIDENCE);
        // weekly, next billing 2025-05-10: May 3 is one week before it; March 5 keeps the order but not the cycle
        r = SubscriptionDates.resolve(null, "05/03/2025", "2025-05-10", "WEEKLY");
        assertRead(r.start(), "2025-05-03", Reading.EVIDENCE);
        assertEquals(java.time.LocalDate.of(2025, 5, 10), r.next().value());
    }

    @Test
    void aRecordThatReadsConsistentlyBothWaysIsReadByPolicyAndSaysSo() {
        // annual, every date month first: day first it is just as consistent; nothing in the record decides
        Resolution r = SubscriptionDates.resolve("03/05/2026", "03/05/2025", "03/05/2026", "ANNUAL");
        assertRead(r.renewal(), "2026-05-03", Reading.AMBIGUOUS);
        assertRead(r.start(), "2025-05-03", Reading.AMBIGUOUS);
        assertRead(r.next(), "2026-05-03", Reading.AMBIGUOUS);
        // without a cycle and without a second date: nothing decides either
        assertRead(SubscriptionDates.resolve(null, "04/06/2025", null, null).start(), "2025-06-04", Reading.AMBIGUOUS);
    }

    @Test
    void aRecordBrokenInEveryReadingIsRejectedWithTheReason() {
        Resolution r = SubscriptionDates.resolve(null, "05/06/2025", "2025-04-01", "MONTHLY");
        assertTrue(r.violation().startsWith("start_date 2025-06-05 is after next_billing_date 2025-04-01 in every reading"), r.violation());
        // no ambiguity at all: the former reason, word for word
        r = SubscriptionDates.resolve(null, "2025-03-01", "2025-02-01", "MONTHLY");
        assertEquals("start_date 2025-03-01 is after next_billing_date 2025-02-01", r.violation());
    }

    @Test
    void unambiguousDatesAreReadAsBefore() {
        Resolution r = SubscriptionDates.resolve("24/02/2025", "10/23/2024", "", "ANNUAL");
        assertRead(r.renewal(), "2025-02-24", Reading.REPAIRED);
        assertRead(r.start(), "2024-10-23", Reading.REPAIRED);
        assertEquals(Reading.EMPTY, r.next().outcome());
        assertEquals(Reading.INVALID, SubscriptionDates.resolve("31/02/2025", null, null, null).renewal().outcome());
    }

    /** As a record rule: the raw record's fields in, each date field's reading and the rejection out. */
    private static java.util.Map<String, Object> check(java.util.Map<String, String> raw) {
        java.util.Map<String, Object> out = new java.util.TreeMap<>();
        new SubscriptionDates().check(new io.subtrack.transformer.rules.RecordRule.Check() {
            @Override public String raw(String field) { return raw.get(field); }
            @Override public void read(String field, Cleaned reading) { out.put(field, reading); }
            @Override public void count(io.subtrack.transformer.rules.Rule rule, String field) { out.put("count " + rule.id(), field); }
            @Override public void reject(io.subtrack.transformer.rules.Rule rule, String reason) { out.put("reject " + rule.id(), reason); }
        });
        return out;
    }

    @Test
    void asARecordRuleItReadsTheThreeDatesByTheCleanedBillingCycleAndRejectsABrokenOrder() {
        // "hebdomadaire" is the source's spelling of WEEKLY: May 3 is one week before the next billing, March 5 is not
        java.util.Map<String, Object> read = check(java.util.Map.of("dateDebutFacturation", "05/03/2025",
            "prochaineDeFacturation", "2025-05-10", "typeFacturation", "hebdomadaire"));
        assertEquals(new Cleaned(java.time.LocalDate.of(2025, 5, 3), Reading.EVIDENCE), read.get("dateDebutFacturation"));
        assertEquals(new Cleaned(java.time.LocalDate.of(2025, 5, 10), Reading.SAME), read.get("prochaineDeFacturation"));
        assertEquals(Cleaned.EMPTY, read.get("dateRenouvelement"));
        assertEquals(3, read.size(), "three readings, no rejection: " + read);

        read = check(java.util.Map.of("dateDebutFacturation", "2025-03-01", "prochaineDeFacturation", "2025-02-01"));
        assertEquals("start_date 2025-03-01 is after next_billing_date 2025-02-01", read.get("reject SUB-START-AFTER-NEXT-BILLING"));
    }
}
