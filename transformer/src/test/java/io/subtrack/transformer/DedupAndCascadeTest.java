package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.schema.RawTable;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Deduplication (latest extraction wins), the referential cascade, rejects and merges on small hand-made inputs. */
class DedupAndCascadeTest {
    @TempDir
    Path dir;

    static final String SUPPLIERS = """
        "raw_Fournisseur": [
          {"raw_id": 1, "idFournisseur": "FRN0001", "nomFournisseur": "ACME", "emailFournisseur": "", "numTele": "0310939685",
           "addressFournisseur": "1 rue A - 75001 Paris", "secteurFournisseur": "tech", "date_extraction": "2025-01-01 00:00:00", "source_system": "CRM_System"},
          {"raw_id": 2, "idFournisseur": "FRN0002", "nomFournisseur": "", "emailFournisseur": "", "numTele": null,
           "addressFournisseur": null, "secteurFournisseur": "Autre", "date_extraction": "2025-01-01 00:00:00", "source_system": "CRM_System"}
        ]""";

    static final String USERS = """
        "raw_User": [
          {"raw_id": 1, "userId": "USR00001", "email": "OLD@example.com", "motsDePasse": "hunter2hunter2", "role": "utilisateur",
           "date_extraction": "2025-03-01 00:00:00", "source_system": "Web_Form", "data_quality_flag": 0},
          {"raw_id": 2, "userId": "USR00001", "email": "new@example.com", "motsDePasse": "hunter2hunter2", "role": "admin",
           "date_extraction": "2025-04-01 00:00:00", "source_system": "Web_Form", "data_quality_flag": 0},
          {"raw_id": 3, "userId": "USR00002", "email": "user792", "motsDePasse": "x", "role": "",
           "date_extraction": "2025-01-01 00:00:00", "source_system": "Web_Form", "data_quality_flag": null},
          {"raw_id": 4, "userId": "USR00003", "email": "c@example.com", "motsDePasse": "x", "role": "",
           "date_extraction": "2025-01-01 00:00:00", "source_system": "Web_Form", "data_quality_flag": null},
          {"raw_id": 5, "userId": null, "email": "nokey@example.com", "motsDePasse": "x", "role": "admin",
           "date_extraction": "2025-01-01 00:00:00", "source_system": "Web_Form", "data_quality_flag": null}
        ],
        "raw_Admin": [ {"raw_id": 1, "userId": "USR00003", "date_extraction": "2025-01-01 00:00:00", "source_system": "CRM_System"},
                       {"raw_id": 2, "userId": "USR09999", "date_extraction": "2025-01-01 00:00:00", "source_system": "CRM_System"} ],
        "raw_Utilisateur_fournisseur": [
          {"raw_id": 1, "userId": "USR00002", "idFournisseur": "FRN0001", "date_extraction": "2025-01-01 00:00:00", "source_system": "CRM_System"},
          {"raw_id": 2, "userId": "USR00001", "idFournisseur": "FRN0002", "date_extraction": "2025-01-01 00:00:00", "source_system": "CRM_System"}
        ]""";

    static final String PLANS = """
        "raw_Abonnement": [
          {"raw_id": 1, "idAbonnement": "ABN00001", "idFournisseur": "FRN0001", "titreAbonnement": "Basic", "descriptionAbonnement": "",
           "prixAbonnement": "9,99", "categorieAbonnement": "streaming", "date_extraction": "2025-01-01 00:00:00", "source_system": "API_Import"},
          {"raw_id": 2, "idAbonnement": "ABN00002", "idFournisseur": "FRN0002", "titreAbonnement": "Orphan", "descriptionAbonnement": "x",
           "prixAbonnement": 10, "categorieAbonnement": "MUSIC", "date_extraction": "2025-01-01 00:00:00", "source_system": "API_Import"},
          {"raw_id": 3, "idAbonnement": "ABN00003", "idFournisseur": "FRN0001", "titreAbonnement": "Negative", "descriptionAbonnement": "x",
           "prixAbonnement": "-5", "categorieAbonnement": "MUSIC", "date_extraction": "2025-01-01 00:00:00", "source_system": "API_Import"}
        ],
        "raw_Paiement": [
          {"raw_id": 1, "idPaiement": "PAY000001", "idAbonnement": "ABN00001", "userId": "USR00001", "methodePaiement": "carte crédit",
           "datePaiement": "03-04-2025", "montantPaiement": "EUR 9.99", "motifPaiement": "", "statusPaiement": "En attente",
           "date_extraction": "2025-01-01 00:00:00", "source_system": "API_Import"},
          {"raw_id": 2, "idPaiement": "PAY000002", "idAbonnement": "ABN00002", "userId": "USR00001", "methodePaiement": "PayPal",
           "datePaiement": "2025-01-01", "montantPaiement": 10, "motifPaiement": "x", "statusPaiement": "success",
           "date_extraction": "2025-01-01 00:00:00", "source_system": "API_Import"},
          {"raw_id": 3, "idPaiement": "PAY000003", "idAbonnement": "ABN00001", "userId": "USR00001", "methodePaiement": "PayPal",
           "datePaiement": "2025-01-01", "montantPaiement": 250000, "motifPaiement": "x", "statusPaiement": "success",
           "date_extraction": "2025-01-01 00:00:00", "source_system": "API_Import"}
        ],
        "raw_MethodePaiement": [
          {"raw_id": 1, "idPaiement": "PAY000001", "userId": "USR00001", "informationCarte": "5555213760375482", "dateExpirementCarte": "06/25",
           "typeMethode": "MasterCard", "date_extraction": "2025-01-01 00:00:00", "source_system": "Web_Form"},
          {"raw_id": 2, "idPaiement": "PAY000002", "userId": "USR00001", "informationCarte": "4164 XXXX XXXX 9621", "dateExpirementCarte": "2026-03",
           "typeMethode": "VISA", "date_extraction": "2025-01-01 00:00:00", "source_system": "Web_Form"}
        ],
        "raw_utilisateur_abonement": [
          {"raw_id": 1, "userId": "USR00001", "idAbonnement": "ABN00001", "typeFacturation": "mensuel", "statutAbonnement": "actif",
           "dateRenouvelement": "2025-02-01", "dateDebutFacturation": "2025-03-01", "prochaineDeFacturation": "2025-02-01",
           "date_extraction": "2025-01-01 00:00:00", "source_system": "Web_Form"},
          {"raw_id": 2, "userId": "USR00002", "idAbonnement": "ABN00001", "typeFacturation": "Annual", "statutAbonnement": "ANNULE",
           "dateRenouvelement": "2025-02-01", "dateDebutFacturation": "01/02/2025", "prochaineDeFacturation": "02/13/2025",
           "date_extraction": "2025-01-01 00:00:00", "source_system": "Web_Form"}
        ]""";

    Fixtures.Run run() throws Exception {
        return Fixtures.runFile(Fixtures.writeRaw(dir, "{" + SUPPLIERS + "," + USERS + "," + PLANS + "}"), dir.resolve("out"));
    }

    static JsonNode find(JsonNode rows, String field, String value) {
        for (JsonNode r : rows) if (value.equals(r.get(field).asText())) return r;
        return null;
    }

    @Test
    void latestExtractionWinsAndTheOlderRecordIsQuarantinedAsSuperseded() throws Exception {
        Fixtures.Run run = run();
        JsonNode users = run.cleanedJson().get("processed_users");
        JsonNode u1 = find(users, "user_id", "USR00001");
        assertEquals("new@example.com", u1.get("email").asText());
        assertEquals("ADMIN", u1.get("role").asText());
        JsonNode rejectedUsers = run.rejectedJson().get("raw_User");
        JsonNode superseded = find(rejectedUsers, "raw_id", "1");
        assertEquals("SUPERSEDED", superseded.get("outcome").asText());
        assertEquals("ALL-DUPLICATE-SUPERSEDED", superseded.get("rules").get(0).asText());
        assertFalse(superseded.get("record").has("motsDePasse"));
        assertEquals(1, run.transformer().stats().tables().get(RawTable.USER).superseded);
    }

    @Test
    void aRecordWithoutItsKeyIsRejected() throws Exception {
        Fixtures.Run run = run();
        JsonNode r = find(run.rejectedJson().get("raw_User"), "raw_id", "5");
        assertEquals("ALL-KEY-MISSING", r.get("rules").get(0).asText());
    }

    @Test
    void rolesComeFromTheRecordOrMembershipNeverFromNowhere() throws Exception {
        JsonNode users = run().cleanedJson().get("processed_users");
        assertTrue(find(users, "user_id", "USR00002").get("role").asText().equals("SUPPLIER"));
        assertEquals("FRN0001", find(users, "user_id", "USR00002").get("supplier_id").asText());
        assertTrue(find(users, "user_id", "USR00002").get("email").isNull(), "email without a domain is nullified");
        assertEquals("ADMIN", find(users, "user_id", "USR00003").get("role").asText());
    }

    @Test
    void rejectedParentsCascadeToTheirChildren() throws Exception {
        Fixtures.Run run = run();
        JsonNode rejected = run.rejectedJson();
        JsonNode cleaned = run.cleanedJson();
        // FRN0002 has no name -> rejected; its plan ABN00002 -> orphan; the payment on that plan -> orphan; its method -> orphan
        assertEquals("SUP-NAME-MISSING", find(rejected.get("raw_Fournisseur"), "key", "FRN0002").get("rules").get(0).asText());
        assertEquals("orphan reference: idFournisseur=FRN0002",
            find(rejected.get("raw_Abonnement"), "key", "ABN00002").get("reasons").get(0).asText());
        assertEquals("orphan reference: idAbonnement=ABN00002",
            find(rejected.get("raw_Paiement"), "key", "PAY000002").get("reasons").get(0).asText());
        assertEquals("orphan reference: idPaiement=PAY000002",
            find(rejected.get("raw_MethodePaiement"), "key", "PAY000002").get("reasons").get(0).asText());
        assertEquals("orphan reference: idFournisseur=FRN0002",
            find(rejected.get("raw_Utilisateur_fournisseur"), "key", "USR00001|FRN0002").get("reasons").get(0).asText());
        assertEquals("orphan reference: userId=USR09999", find(rejected.get("raw_Admin"), "key", "USR09999").get("reasons").get(0).asText());
        // the parents that survived keep their children
        assertEquals("5482", find(cleaned.get("processed_payment_methods"), "payment_id", "PAY000001").get("card_last4").asText());
        assertEquals("2025-06-30", find(cleaned.get("processed_payment_methods"), "payment_id", "PAY000001").get("card_expiry").asText());
        assertEquals("****9621", find(rejected.get("raw_MethodePaiement"), "key", "PAY000002").get("record").get("informationCarte").asText());
    }

    @Test
    void unusableMeasuresAndDateOrderAreRejectedNotGuessed() throws Exception {
        Fixtures.Run run = run();
        JsonNode rejected = run.rejectedJson();
        assertEquals("PLN-PRICE-INVALID", find(rejected.get("raw_Abonnement"), "key", "ABN00003").get("rules").get(0).asText());
        assertEquals("PAY-AMOUNT-INVALID", find(rejected.get("raw_Paiement"), "key", "PAY000003").get("rules").get(0).asText());
        JsonNode badOrder = find(rejected.get("raw_utilisateur_abonement"), "key", "USR00001|ABN00001");
        assertEquals("SUB-START-AFTER-NEXT-BILLING", badOrder.get("rules").get(0).asText());
        JsonNode sub = find(run.cleanedJson().get("processed_subscriptions"), "user_id", "USR00002");
        assertEquals("2025-02-01", sub.get("start_date").asText(), "01/02/2025 is read as the renewal date 2025-02-01 of the record");
        assertEquals("2025-02-13", sub.get("next_billing_date").asText());
        assertEquals("ANNUAL", sub.get("billing_cycle").asText());
        assertEquals("CANCELLED", sub.get("status").asText());
        JsonNode pay = find(run.cleanedJson().get("processed_payments"), "payment_id", "PAY000001");
        assertEquals("2025-03-04", pay.get("payment_date").asText(), "ambiguous 03-04-2025 is read month first");
        assertEquals("PENDING", pay.get("status").asText());
        assertTrue(pay.get("reason").isNull());
        // the payment date has no evidence: by policy; the subscription's start has the renewal date as evidence
        assertEquals(1, run.transformer().stats().totalAmbiguous());
        assertEquals(1, run.transformer().stats().totalResolvedByEvidence());
    }
}
