package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.source.JdbcRawSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Database mode on real PostgreSQL raw tables (the test dev-db) gives the same cleaned output as file mode; incremental writes only new rows. */
class DatabaseModeTest {
    @TempDir
    Path dir;

    @Test
    void databaseModeAndFileModeGiveByteIdenticalOutputs() throws Exception {
        Fixtures.Run fileRun = Fixtures.runFile(Fixtures.rawSample(), dir.resolve("file"));
        try (Connection c = RawDb.open("db_vs_file")) {
            RawDb.load(c, Fixtures.rawSample());
            Transformer t = new Transformer(Map.of(), null, Fixtures.quietProgress());
            Path cleaned = dir.resolve("db/cleaned.json");
            Path rejected = dir.resolve("db/rejected.json");
            t.run(new JdbcRawSource(c), cleaned, rejected);
            assertArrayEquals(Files.readAllBytes(fileRun.cleaned()), Files.readAllBytes(cleaned));
            assertArrayEquals(Files.readAllBytes(fileRun.rejected()), Files.readAllBytes(rejected));
            assertEquals(1670, t.stats().totalIn());
        }
    }

    @Test
    void incrementalRunWritesOnlyRowsIngestedSinceTheWatermark() throws Exception {
        try (Connection c = RawDb.open("incremental")) {
            RawDb.load(c, Fixtures.rawSample());
            Map<RawTable, Long> none = Watermarks.read(c);
            assertTrue(none.isEmpty());
            Transformer first = new Transformer(none, null, Fixtures.quietProgress());
            first.run(new JdbcRawSource(c), dir.resolve("1/cleaned.json"), dir.resolve("1/rejected.json"));
            Watermarks.write(c, first.maxRowIds());
            assertEquals(1670, first.stats().totalIn());

            Transformer second = new Transformer(Watermarks.read(c), null, Fixtures.quietProgress());
            second.run(new JdbcRawSource(c), dir.resolve("2/cleaned.json"), dir.resolve("2/rejected.json"));
            assertEquals(0, second.stats().totalIn());
            assertEquals(0, second.stats().totalOut());

            // a newer extraction of an existing payment and a payment of a known user and plan arrive
            RawDb.insert(c, RawTable.PAYMENT, Json.MAPPER.readTree("""
                {"raw_id": 201, "idPaiement": "PAY000001", "idAbonnement": "ABN00052", "userId": "USR00041",
                 "methodePaiement": "PayPal", "datePaiement": "2025-06-01", "montantPaiement": "12,50 €",
                 "motifPaiement": "", "statusPaiement": "REUSSI", "date_extraction": "2025-06-01 00:00:00", "source_system": "API_Import"}"""));
            RawDb.insert(c, RawTable.USER_PROFILE, Json.MAPPER.readTree("""
                {"raw_id": 36, "userId": "USR00001", "prenom": "LUCIE", "nom": "mcclain", "telephone": "0612345678",
                 "adresse": "1 rue A; 75001 Paris", "date_extraction": "2025-06-01 00:00:00", "source_system": "Web_Form"}"""));
            Transformer third = new Transformer(Watermarks.read(c), null, Fixtures.quietProgress());
            third.run(new JdbcRawSource(c), dir.resolve("3/cleaned.json"), dir.resolve("3/rejected.json"));
            JsonNode out = Json.MAPPER.readTree(dir.resolve("3/cleaned.json").toFile());
            assertEquals(1, out.get("processed_payments").size());
            assertEquals("12.5", out.get("processed_payments").get(0).get("amount").decimalValue().stripTrailingZeros().toPlainString());
            // the user is written again because their profile is new
            assertEquals(1, out.get("processed_users").size());
            assertEquals("Lucie", out.get("processed_users").get(0).get("first_name").asText());
            assertEquals("+33612345678", out.get("processed_users").get(0).get("phone").asText());
            assertEquals(0, out.get("processed_plans").size());
            assertEquals(2, third.stats().totalIn());
        }
    }
}
