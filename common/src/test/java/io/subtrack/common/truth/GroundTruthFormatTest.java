package io.subtrack.common.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.json.MalformedInputException;
import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroundTruthFormatTest {
    private static final Expected ORPHAN = Expected.reject("orphan reference");

    /** One of each shape: clean text, clean null, clean boolean, exact number, expected outcome, ambiguous date, non-ASCII. */
    static final List<GroundTruthEntry> ENTRIES = List.of(
        GroundTruthEntry.repairable("raw_User", "USR00002", 2, RawFields.USER_EMAIL, "email_plus_tag",
            "camille.blanc+21@company.fr", "camille.blanc@company.fr"),
        GroundTruthEntry.unrepairable("raw_User", "USR00005", 6, RawFields.USER_EMAIL, "email_missing_domain", "user549",
            Expected.nullify("email without domain")),
        GroundTruthEntry.ambiguous("raw_utilisateur_abonement", "USR00016|ABN00024", 7,
            RawFields.SUBSCRIPTION_NEXT_BILLING_DATE, "date_format_mdy", "02/07/2025", "2025-02-07", "2025-07-02"),
        GroundTruthEntry.repairable("raw_Journal", "JRN00003", 3, RawFields.JOURNAL_PREVIOUS_VALUE, "empty_string", "", null),
        GroundTruthEntry.repairable("raw_UtilisateurNotif", "USR00001|NOT000009", 4, RawFields.USER_NOTIFICATION_READ,
            "boolean_variant", "Oui", true),
        GroundTruthEntry.unrepairable("raw_UtilisateurNotif", "USR00001|NOT000010", 5, RawFields.USER_NOTIFICATION_URGENT,
            "boolean_missing", null, Expected.nullify("missing flag")),
        GroundTruthEntry.unrepairable("raw_Abonnement", "ABN00001", 1, RawFields.PLAN_PRICE, "negative_amount",
            new ExactNumber("-86.00"), Expected.reject("negative amount")),
        GroundTruthEntry.repairable("raw_Abonnement", "ABN00002", 2, RawFields.PLAN_PRICE, "amount_format_euro_suffix",
            "54.25 €", new ExactNumber("54.25")),
        GroundTruthEntry.unrepairable("raw_Paiement", "PAY000001", 1, RawFields.USER_ID, "orphan_reference", "USR00051", ORPHAN),
        GroundTruthEntry.unrepairable("raw_Admin", "USR00007", 9, RawFields.EXTRACTED_AT, "duplicate_key", "2025-03-15 12:41:01",
            Expected.drop("superseded by a later date_extraction of the same key")),
        GroundTruthEntry.repairable("raw_Paiement", "PAY000002", 2, RawFields.PAYMENT_AMOUNT, "x", 12L, "quote \" tab\t"));

    @TempDir
    Path dir;

    @Test
    void whatTheWriterWritesTheReaderReadsBackEqual() throws IOException {
        Path file = dir.resolve("truth.jsonl");
        try (GroundTruthWriter w = new GroundTruthWriter(Files.newOutputStream(file))) {
            for (GroundTruthEntry e : ENTRIES) w.write(e);
            assertEquals(ENTRIES.size(), w.entries());
        }
        assertEquals(ENTRIES, GroundTruthReader.readAll(file));
        assertEquals(ENTRIES.size(), Files.readAllLines(file).size(), "one line per entry");
    }

    @Test
    void linesAreTheDocumentedOnes() throws IOException {
        assertEquals("{\"table\":\"raw_utilisateur_abonement\",\"key\":\"USR00016|ABN00024\",\"raw_id\":7,"
                + "\"field\":\"prochaineDeFacturation\",\"kind\":\"date_format_mdy\",\"raw\":\"02/07/2025\",\"clean\":\"2025-02-07\","
                + "\"ambiguous\":true,\"day_first_reading\":\"2025-07-02\"}\n"
                + "{\"table\":\"raw_User\",\"key\":\"USR00005\",\"raw_id\":6,\"field\":\"email\",\"kind\":\"email_missing_domain\","
                + "\"raw\":\"user549\",\"expected\":\"nullify: email without domain\"}\n",
            written(w -> {
                w.write(ENTRIES.get(2));
                w.write(ENTRIES.get(1));
            }));
    }

    /** The generator's path (table and field as declared, names pre-encoded) writes the bytes the entry path writes. */
    @Test
    void theDeclaredTablePathWritesTheSameBytes() throws IOException {
        String general = written(w -> {
            for (GroundTruthEntry e : ENTRIES) w.write(e);
        });
        String declared = written(w -> {
            for (GroundTruthEntry e : ENTRIES) {
                RawTable t = RawTable.byName(e.table());
                w.write(t, e.key(), e.rawId(), t.fields().indexOf(e.field()), e.kind(), e.raw(), e.clean(), e.expected(),
                    e.dayFirstReading());
            }
        });
        assertEquals(general, declared);
    }

    @Test
    void anExpectedOutcomeIsDataNotText() {
        Expected e = Expected.parse("reject: next billing date before start date");
        assertEquals(Outcome.REJECT, e.outcome());
        assertEquals("next billing date before start date", e.reason());
        assertEquals(Expected.reject("next billing date before start date"), e);
        assertThrows(IllegalArgumentException.class, () -> Expected.parse("quarantine: orphan reference"));
        assertThrows(IllegalArgumentException.class, () -> Expected.parse("reject"));
    }

    @Test
    void anEntryIsEitherRepairableOrExpected() {
        assertThrows(IllegalArgumentException.class, () -> new GroundTruthEntry("raw_User", "U", 1, "email", "k", "x", "y", ORPHAN, null));
        assertThrows(IllegalArgumentException.class, () -> new GroundTruthEntry("raw_User", "U", 1, "email", "k", 86.48, "y", null, null));
        assertTrue(ENTRIES.get(0).hasClean());
        assertEquals(Outcome.REJECT, ENTRIES.get(8).outcome());
        assertTrue(ENTRIES.get(2).ambiguous());
    }

    @Test
    void linesOutsideTheFormatAreRefusedWithTheirLine() throws IOException {
        String good = written(w -> w.write(ENTRIES.get(0)));
        for (String bad : List.of(
                good.replace("\"kind\"", "\"defect\""),                                   // an alias no writer produces
                good.replace(",\"clean\":\"camille.blanc@company.fr\"", ""),              // neither clean nor expected
                good.replace("}", ",\"expected\":\"reject: x\"}"),                        // both
                good.replace("\"raw_id\":2", "\"raw_id\":\"2\""),
                good.replace("\"clean\":\"camille.blanc@company.fr\"", "\"expected\":\"quarantine: x\""),
                good.replace("}", ",\"ambiguous\":true}"),
                good.substring(0, good.indexOf(",\"clean\"")))) {                         // cut short
            Path file = Files.writeString(dir.resolve("bad.jsonl"), good + bad);
            MalformedInputException e = assertThrows(MalformedInputException.class, () -> GroundTruthReader.readAll(file), bad);
            assertTrue(e.getMessage().startsWith(file + ":2:"), e.getMessage());
        }
    }

    private interface Writing {
        void run(GroundTruthWriter w) throws IOException;
    }

    private static String written(Writing writing) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GroundTruthWriter w = new GroundTruthWriter(bytes)) {
            writing.run(w);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
