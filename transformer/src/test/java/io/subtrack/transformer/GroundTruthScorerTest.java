package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.transformer.report.GroundTruthScorer;
import io.subtrack.transformer.source.FileRawSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The scorer against a small hand-made ground truth for the DedupAndCascadeTest input. */
class GroundTruthScorerTest {
    @TempDir
    Path dir;

    static final String[] ENTRIES = {
        "{\"table\":\"raw_Abonnement\",\"key\":\"ABN00001\",\"raw_id\":1,\"field\":\"prixAbonnement\",\"kind\":\"price_format\",\"raw\":\"9,99\",\"clean\":9.99}",
        "{\"table\":\"raw_User\",\"key\":\"USR00002\",\"raw_id\":3,\"field\":\"email\",\"kind\":\"email_no_domain\",\"raw\":\"user792\",\"expected\":\"nullify: no domain\"}",
        "{\"table\":\"raw_Abonnement\",\"key\":\"ABN00003\",\"raw_id\":3,\"field\":\"prixAbonnement\",\"kind\":\"negative_amount\",\"raw\":\"-5\",\"expected\":\"reject: negative price\"}",
        "{\"table\":\"raw_User\",\"key\":\"USR00001\",\"raw_id\":1,\"field\":\"date_extraction\",\"kind\":\"duplicate\",\"raw\":\"2025-03-01 00:00:00\",\"expected\":\"drop: superseded\"}",
        "{\"table\":\"raw_Paiement\",\"key\":\"PAY000001\",\"raw_id\":1,\"field\":\"statusPaiement\",\"kind\":\"status_variant\",\"raw\":\"En attente\",\"clean\":\"PENDING\"}",
        // a wrong expectation on purpose: the rule fired (caught) but the value differs (not exact)
        "{\"table\":\"raw_Paiement\",\"key\":\"PAY000001\",\"raw_id\":1,\"field\":\"methodePaiement\",\"kind\":\"method_variant\",\"raw\":\"carte crédit\",\"clean\":\"PAYPAL\"}",
        "{\"table\":\"raw_Paiement\",\"key\":\"PAY000001\",\"raw_id\":1,\"field\":\"datePaiement\",\"kind\":\"date_format\",\"raw\":\"03-04-2025\",\"clean\":\"2025-03-04\"}",
        "{\"table\":\"raw_MethodePaiement\",\"key\":\"PAY000001\",\"raw_id\":1,\"field\":\"informationCarte\",\"kind\":\"full_card\",\"raw\":\"5555213760375482\",\"clean\":\"5482\"}",
        // a record that is not in the input at all: missed
        "{\"table\":\"raw_Notifications\",\"key\":\"NOT000001\",\"raw_id\":1,\"field\":\"typeEnvoi\",\"kind\":\"channel_variant\",\"raw\":\"push\",\"clean\":\"PUSH\"}",
        "{\"table\":\"raw_User\",\"key\":\"USR00001\",\"raw_id\":2,\"field\":\"motsDePasse\",\"kind\":\"padded_password\",\"raw\":\"***\",\"clean\":\"***\"}",
        // a value defect in a record that is rejected as an orphan: caught with its record, not repairable
        "{\"table\":\"raw_Paiement\",\"key\":\"PAY000002\",\"raw_id\":2,\"field\":\"statusPaiement\",\"kind\":\"status_variant\",\"raw\":\"success\",\"clean\":\"SUCCEEDED\"}",
    };

    GroundTruthScorer scoreWith(Path gt) throws Exception {
        Path input = Fixtures.writeRaw(dir.resolve("in"),
            "{" + DedupAndCascadeTest.SUPPLIERS + "," + DedupAndCascadeTest.USERS + "," + DedupAndCascadeTest.PLANS + "}");
        GroundTruthScorer scorer = GroundTruthScorer.load(gt);
        Transformer t = new Transformer(Map.of(), scorer, Fixtures.quietProgress());
        try (FileRawSource s = new FileRawSource(input)) {
            t.run(s, dir.resolve("out/c.json"), dir.resolve("out/r.json"));
        }
        return scorer;
    }

    @Test
    void scoresCaughtExactMissedAndChangedByMistake() throws Exception {
        Path gt = dir.resolve("gt.jsonl");
        Files.writeString(gt, String.join("\n", ENTRIES) + "\n");
        GroundTruthScorer scorer = scoreWith(gt);
        assertEquals(11, scorer.size());
        JsonNode s = scorer.toJson();
        assertEquals(11, s.get("injected").asInt());
        assertEquals(10, s.get("caught").asInt(), s.toString());
        assertEquals(1, s.get("by_kind").get("status_variant").get("quarantined_with_record").asInt());
        assertEquals(1, s.get("missed").asInt());
        // repairable: price, status, method, date, card, channel (password is never repairable)
        assertEquals(6, s.get("repairable").asInt());
        assertEquals(4, s.get("repaired_exact").asInt(), s.toString());
        JsonNode kinds = s.get("by_kind");
        assertEquals(1, kinds.get("method_variant").get("caught").asInt());
        assertEquals(0, kinds.get("method_variant").get("repaired_exact").asInt());
        assertEquals(1, kinds.get("duplicate").get("caught").asInt());
        assertEquals(1, kinds.get("negative_amount").get("caught").asInt());
        assertEquals(1, kinds.get("email_no_domain").get("caught").asInt());
        assertEquals(1, kinds.get("channel_variant").get("missed").asInt());
        // the category of ABN00001 ("streaming") is repaired but not in the ground truth: a clean value changed
        JsonNode byRule = s.get("clean_values_changed_by_rule");
        assertEquals(1, byRule.get("PLN-CATEGORY-VARIANT").asInt());
        // format-only repairs never count as mistakes
        assertFalse(byRule.has("PLN-PRICE-FORMAT"));
        assertFalse(byRule.has("PMT-EXPIRY-FORMAT"));
        assertTrue(s.get("clean_values_changed").asLong() >= byRule.size());
    }

    static final String SUBSCRIPTIONS = """
        "raw_utilisateur_abonement": [
          {"raw_id": 1, "userId": "USR00001", "idAbonnement": "ABN00003", "typeFacturation": "MONTHLY", "statutAbonnement": "ACTIVE",
           "dateRenouvelement": null, "dateDebutFacturation": null, "prochaineDeFacturation": null,
           "date_extraction": "2025-01-01 00:00:00", "source_system": "API_Import"},
          {"raw_id": 2, "userId": "USR00001", "idAbonnement": "ABN00002", "typeFacturation": "MONTHLY", "statutAbonnement": "ACTIVE",
           "dateRenouvelement": null, "dateDebutFacturation": null, "prochaineDeFacturation": null,
           "date_extraction": "2025-01-01 00:00:00", "source_system": "API_Import"},
          {"raw_id": 3, "userId": "USR00003", "idAbonnement": "ABN00001", "typeFacturation": "MONTHLY", "statutAbonnement": "ACTIVE",
           "dateRenouvelement": "03/09/2025", "dateDebutFacturation": "02/07/2025", "prochaineDeFacturation": null,
           "date_extraction": "2025-01-01 00:00:00", "source_system": "API_Import"}
        ]""";

    @Test
    void flagsAmbiguousDatesByPolicyAndCascadesAreCountedApartNeverHidden() throws Exception {
        Path gt = dir.resolve("gt.jsonl");
        Files.writeString(gt, String.join("\n",
            "{\"table\":\"raw_Abonnement\",\"key\":\"ABN00003\",\"raw_id\":3,\"field\":\"prixAbonnement\",\"kind\":\"negative_amount\",\"raw\":\"-5\",\"expected\":\"reject: negative amount\"}",
            // read day first by policy (nothing in the record decides): resolved by policy, and wrong
            "{\"table\":\"raw_utilisateur_abonement\",\"key\":\"USR00003|ABN00001\",\"raw_id\":3,\"field\":\"dateDebutFacturation\",\"kind\":\"date_format_mdy\",\"raw\":\"02/07/2025\",\"clean\":\"2025-02-07\",\"ambiguous\":true,\"day_first_reading\":\"2025-07-02\"}",
            // an ambiguous date whose output is neither reading stays repairable and not exact
            "{\"table\":\"raw_utilisateur_abonement\",\"key\":\"USR00003|ABN00001\",\"raw_id\":3,\"field\":\"dateRenouvelement\",\"kind\":\"date_format_mdy\",\"raw\":\"03/09/2025\",\"clean\":\"2025-03-09\",\"ambiguous\":true,\"day_first_reading\":\"2025-09-04\"}",
            "{\"table\":\"raw_User\",\"key\":\"USR00002\",\"raw_id\":3,\"field\":\"motsDePasse\",\"kind\":\"password_weak\",\"raw\":\"x\",\"expected\":\"flag: weak password\"}",
            "{\"table\":\"raw_User\",\"key\":\"USR00001\",\"raw_id\":2,\"field\":\"motsDePasse\",\"kind\":\"password_weak\",\"raw\":\"hunter2hunter2\",\"expected\":\"flag: weak password\"}"));
        Path input = Fixtures.writeRaw(dir.resolve("in"), "{" + DedupAndCascadeTest.SUPPLIERS + "," + DedupAndCascadeTest.USERS + ","
            + DedupAndCascadeTest.PLANS + "," + SUBSCRIPTIONS + "}");
        GroundTruthScorer scorer = GroundTruthScorer.load(gt);
        Transformer t = new Transformer(Map.of(), scorer, Fixtures.quietProgress());
        try (FileRawSource src = new FileRawSource(input)) {
            t.run(src, dir.resolve("out/c.json"), dir.resolve("out/r.json"));
        }
        JsonNode s = scorer.toJson();
        JsonNode mdy = s.get("by_kind").get("date_format_mdy");
        assertEquals(2, mdy.get("resolved_by_policy").asInt(), s.toString());
        // a policy reading is no excuse: both dates differ from their clean value, both are wrong
        assertEquals(2, mdy.get("repairable").asInt(), s.toString());
        assertEquals(0, mdy.get("repaired_exact").asInt(), s.toString());
        assertEquals(2, s.get("resolved_by_policy").asInt());
        assertEquals(2, s.get("decided_by_policy").asInt(), s.toString());
        assertEquals(2, s.get("wrong_by_policy").asInt(), s.toString());
        assertEquals(s.get("wrong").asInt(), s.get("wrong_exact").asInt() + s.get("wrong_by_evidence").asInt() + s.get("wrong_by_policy").asInt());
        assertTrue(s.get("wrong").asInt() >= 2, s.toString());
        // the weak "x" is recognised; a strong password listed as weak is not caught by the drop rule alone
        assertEquals(1, s.get("by_kind").get("password_weak").get("caught").asInt(), s.toString());
        assertEquals(1, s.get("by_kind").get("password_weak").get("missed").asInt(), s.toString());
        // the child of the negative-price plan is a cascade of an expected rejection; the child of ABN00002 (rejected
        // because its supplier has no name, which no ground-truth entry lists) is still a clean value changed
        assertEquals(1, s.get("rejected_by_cascade").asInt(), s.toString());
        assertEquals(1, s.get("clean_values_changed_by_rule").get("SUB-ORPHAN-PLAN").asInt(), s.toString());
        assertEquals(1, s.get("clean_values_changed_by_rule").get("PLN-ORPHAN-SUPPLIER").asInt(), s.toString());
    }

    @Test
    void readsTheGeneratorsFormatOnlyAndSaysWhereAnythingElseFails() throws Exception {
        Path lines = dir.resolve("gt.jsonl");
        Files.writeString(lines, String.join("\n", ENTRIES) + "\n");
        assertEquals(11, GroundTruthScorer.load(lines).size());
        // an array of entries is no format the generator writes
        Path wrapped = dir.resolve("gt-array.json");
        Files.writeString(wrapped, "[" + String.join(",", ENTRIES) + "]");
        StageFailure f = assertThrows(StageFailure.class, () -> GroundTruthScorer.load(wrapped));
        assertTrue(f.getMessage().contains(wrapped.toString()), f.getMessage());
        // nor an entry without its raw_id
        Path noRawId = dir.resolve("gt-no-raw-id.jsonl");
        Files.writeString(noRawId, ENTRIES[1].replace("\"raw_id\":3,", "") + "\n");
        f = assertThrows(StageFailure.class, () -> GroundTruthScorer.load(noRawId));
        assertTrue(f.getMessage().contains("raw_id"), f.getMessage());
    }
}
