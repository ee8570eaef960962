package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import io.subtrack.transformer.source.FileRawSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every rule of the registry, both ways, end to end: one input where each table has a clean record
 * (on which no rule may fire) and records that carry each defect (on which the expected rule must
 * fire). A registry entry that nothing can trigger fails this test.
 */
class RuleCoverageTest {
    @TempDir
    Path dir;

    static final String D = "\"date_extraction\": \"2025-01-01 00:00:00\", \"source_system\": \"CRM_System\"";

    static String rec(String body) {
        return "{" + body + ", " + D + "}";
    }

    static final String INPUT = "{"
        + "\"raw_Fournisseur\": ["
        + rec("\"raw_id\": 1, \"idFournisseur\": \"FRN0001\", \"nomFournisseur\": \"Acme\", \"emailFournisseur\": \"contact@acme.fr\", \"numTele\": \"+33310939685\", \"addressFournisseur\": \"1 rue A, 75001 Paris\", \"secteurFournisseur\": \"TECHNOLOGY\"") + ","
        + rec("\"raw_id\": 2, \"idFournisseur\": \"FRN0002\", \"nomFournisseur\": \"\", \"emailFournisseur\": null, \"numTele\": null, \"addressFournisseur\": null, \"secteurFournisseur\": null") + ","
        + "{\"raw_id\": 3, \"idFournisseur\": \"FRN0003\", \"nomFournisseur\": \"BETA\", \"emailFournisseur\": \"Contact@Beta.FR\", \"numTele\": \"(428)873-3427\", \"addressFournisseur\": \"1 rue B - 75002 Paris\", \"secteurFournisseur\": \"Spatial\", \"date_extraction\": \"yesterday\", \"source_system\": \"CRM_System\"},"
        + rec("\"raw_id\": 4, \"idFournisseur\": \"FRN0004\", \"nomFournisseur\": \"Gamma\", \"emailFournisseur\": \"\", \"numTele\": \"0310939685\", \"addressFournisseur\": null, \"secteurFournisseur\": \"tech\"") + ","
        + rec("\"raw_id\": 5, \"idFournisseur\": null, \"nomFournisseur\": \"Nokey\", \"emailFournisseur\": null, \"numTele\": null, \"addressFournisseur\": null, \"secteurFournisseur\": null") + ","
        + "{\"raw_id\": 6, \"idFournisseur\": \"FRN0001\", \"nomFournisseur\": \"Old\", \"emailFournisseur\": null, \"numTele\": null, \"addressFournisseur\": null, \"secteurFournisseur\": null, \"date_extraction\": \"2024-01-01 00:00:00\", \"source_system\": \"CRM_System\"}],"
        + "\"raw_User\": ["
        + rec("\"raw_id\": 1, \"userId\": \"USR00001\", \"email\": \"a@example.com\", \"motsDePasse\": \"Xk7#pQ9!mZ2w\", \"role\": \"USER\", \"data_quality_flag\": 0") + ","
        + rec("\"raw_id\": 2, \"userId\": \"USR00002\", \"email\": \" B@Example.com \", \"motsDePasse\": \"x\", \"role\": \"utilisateur\", \"data_quality_flag\": 0") + ","
        + rec("\"raw_id\": 3, \"userId\": \"USR00003\", \"email\": \"user792\", \"motsDePasse\": \"x\", \"role\": \"\", \"data_quality_flag\": 0") + ","
        + rec("\"raw_id\": 4, \"userId\": \"USR00004\", \"email\": null, \"motsDePasse\": \"x\", \"role\": \"\", \"data_quality_flag\": 0") + ","
        + rec("\"raw_id\": 5, \"userId\": \"USR00005\", \"email\": \"c+news@example.com\", \"motsDePasse\": \"password123\", \"role\": \"USER\", \"data_quality_flag\": 0") + "],"
        + "\"raw_Admin\": [" + rec("\"raw_id\": 1, \"userId\": \"USR00004\"") + "," + rec("\"raw_id\": 2, \"userId\": \"USR09999\"") + "],"
        + "\"raw_Utilisateur_fournisseur\": ["
        + rec("\"raw_id\": 1, \"userId\": \"USR00002\", \"idFournisseur\": \"FRN0001\"") + ","
        + rec("\"raw_id\": 2, \"userId\": \"USR00002\", \"idFournisseur\": \"FRN0004\"") + ","
        + rec("\"raw_id\": 3, \"userId\": \"USR09999\", \"idFournisseur\": \"FRN0001\"") + ","
        + rec("\"raw_id\": 4, \"userId\": \"USR00001\", \"idFournisseur\": \"FRN0002\"") + "],"
        + "\"raw_Utilisateur_personnel\": ["
        + rec("\"raw_id\": 1, \"userId\": \"USR00001\", \"prenom\": \"Anne\", \"nom\": \"Martin\", \"telephone\": \"+33612345678\", \"adresse\": \"1 rue A, 75001 Paris\", \"data_quality_notes\": null") + ","
        + rec("\"raw_id\": 2, \"userId\": \"USR00002\", \"prenom\": \"ANNE\", \"nom\": \"\", \"telephone\": \"0612345678\", \"adresse\": \"1 rue A; 75001 Paris\", \"data_quality_notes\": null") + ","
        + rec("\"raw_id\": 3, \"userId\": \"USR00003\", \"prenom\": null, \"nom\": null, \"telephone\": \"N/A\", \"adresse\": null, \"data_quality_notes\": null") + ","
        + rec("\"raw_id\": 4, \"userId\": \"USR09999\", \"prenom\": \"Zed\", \"nom\": null, \"telephone\": null, \"adresse\": \"rue Sans Numéro, 75003 Paris\", \"data_quality_notes\": null") + "],"
        + "\"raw_Abonnement\": ["
        + rec("\"raw_id\": 1, \"idAbonnement\": \"ABN00001\", \"idFournisseur\": \"FRN0001\", \"titreAbonnement\": \"Basic\", \"descriptionAbonnement\": \"Plan\", \"prixAbonnement\": 9.99, \"categorieAbonnement\": \"STREAMING\"") + ","
        + rec("\"raw_id\": 2, \"idAbonnement\": \"ABN00002\", \"idFournisseur\": \"FRN0001\", \"titreAbonnement\": \" Pro \", \"descriptionAbonnement\": \"\", \"prixAbonnement\": \"9,99 €\", \"categorieAbonnement\": \"streaming\"") + ","
        + rec("\"raw_id\": 3, \"idAbonnement\": \"ABN00003\", \"idFournisseur\": \"FRN0001\", \"titreAbonnement\": \"X\", \"descriptionAbonnement\": null, \"prixAbonnement\": \"abc\", \"categorieAbonnement\": \"MUSIC\"") + ","
        + rec("\"raw_id\": 4, \"idAbonnement\": \"ABN00004\", \"idFournisseur\": \"FRN0001\", \"titreAbonnement\": \"" + "X".repeat(201) + "\", \"descriptionAbonnement\": null, \"prixAbonnement\": 5, \"categorieAbonnement\": \"Gaming\"") + ","
        + rec("\"raw_id\": 5, \"idAbonnement\": \"ABN00005\", \"idFournisseur\": \"FRN0002\", \"titreAbonnement\": \"X\", \"descriptionAbonnement\": null, \"prixAbonnement\": 5, \"categorieAbonnement\": \"MUSIC\"") + "],"
        + "\"raw_Notifications\": ["
        + rec("\"raw_id\": 1, \"idNotification\": \"NOT000001\", \"typeNotification\": \"INFO\", \"dateEnvoi\": \"2025-01-01 10:00:00\", \"typeEnvoi\": \"EMAIL\", \"contenu\": \"Hello\"") + ","
        + rec("\"raw_id\": 2, \"idNotification\": \"NOT000002\", \"typeNotification\": \"payment_reminder\", \"dateEnvoi\": \"12/04/2025 12:19\", \"typeEnvoi\": \"push\", \"contenu\": \"x\"") + ","
        + rec("\"raw_id\": 3, \"idNotification\": \"NOT000003\", \"typeNotification\": \"\", \"dateEnvoi\": \"2023-12-31T23:59:59.999Z\", \"typeEnvoi\": \"\", \"contenu\": \"x\"") + ","
        + rec("\"raw_id\": 4, \"idNotification\": \"NOT000004\", \"typeNotification\": \"INFO\", \"dateEnvoi\": \"32/13/2025\", \"typeEnvoi\": \"SMS\", \"contenu\": \"x\"") + "],"
        + "\"raw_utilisateur_abonement\": ["
        + rec("\"raw_id\": 1, \"userId\": \"USR00001\", \"idAbonnement\": \"ABN00001\", \"typeFacturation\": \"MONTHLY\", \"statutAbonnement\": \"ACTIVE\", \"dateRenouvelement\": \"2025-02-01\", \"dateDebutFacturation\": \"2025-01-01\", \"prochaineDeFacturation\": \"2025-02-01\"") + ","
        + rec("\"raw_id\": 2, \"userId\": \"USR00002\", \"idAbonnement\": \"ABN00001\", \"typeFacturation\": \"mensuel\", \"statutAbonnement\": \"actif\", \"dateRenouvelement\": null, \"dateDebutFacturation\": \"24/01/2025\", \"prochaineDeFacturation\": \"2025-02-24\"") + ","
        + rec("\"raw_id\": 3, \"userId\": \"USR00003\", \"idAbonnement\": \"ABN00001\", \"typeFacturation\": \"SOMETIMES\", \"statutAbonnement\": \"\", \"dateRenouvelement\": \"31/02/2025\", \"dateDebutFacturation\": null, \"prochaineDeFacturation\": null") + ","
        + rec("\"raw_id\": 4, \"userId\": \"USR00004\", \"idAbonnement\": \"ABN00001\", \"typeFacturation\": \"MONTHLY\", \"statutAbonnement\": \"ACTIVE\", \"dateRenouvelement\": null, \"dateDebutFacturation\": \"2025-03-01\", \"prochaineDeFacturation\": \"2025-02-01\"") + ","
        + rec("\"raw_id\": 5, \"userId\": \"USR09999\", \"idAbonnement\": \"ABN00001\", \"typeFacturation\": \"MONTHLY\", \"statutAbonnement\": \"ACTIVE\", \"dateRenouvelement\": null, \"dateDebutFacturation\": null, \"prochaineDeFacturation\": null") + ","
        + rec("\"raw_id\": 6, \"userId\": \"USR00001\", \"idAbonnement\": \"ABN00003\", \"typeFacturation\": \"MONTHLY\", \"statutAbonnement\": \"ACTIVE\", \"dateRenouvelement\": null, \"dateDebutFacturation\": null, \"prochaineDeFacturation\": null") + "],"
        + "\"raw_Paiement\": ["
        + rec("\"raw_id\": 1, \"idPaiement\": \"PAY000001\", \"idAbonnement\": \"ABN00001\", \"userId\": \"USR00001\", \"methodePaiement\": \"PAYPAL\", \"datePaiement\": \"2025-01-01\", \"montantPaiement\": 9.99, \"motifPaiement\": \"Renouvellement\", \"statusPaiement\": \"SUCCEEDED\"") + ","
        + rec("\"raw_id\": 2, \"idPaiement\": \"PAY000002\", \"idAbonnement\": \"ABN00001\", \"userId\": \"USR00001\", \"methodePaiement\": \"carte crédit\", \"datePaiement\": \"05/01/2025\", \"montantPaiement\": \"9,99\", \"motifPaiement\": \"\", \"statusPaiement\": \"REUSSI\"") + ","
        + rec("\"raw_id\": 3, \"idPaiement\": \"PAY000003\", \"idAbonnement\": \"ABN00001\", \"userId\": \"USR00001\", \"methodePaiement\": \"PAYPAL\", \"datePaiement\": null, \"montantPaiement\": \"-1\", \"motifPaiement\": null, \"statusPaiement\": null") + ","
        + rec("\"raw_id\": 4, \"idPaiement\": \"PAY000004\", \"idAbonnement\": \"ABN00001\", \"userId\": \"USR00001\", \"methodePaiement\": \"Bitcoin\", \"datePaiement\": \"13-13-2025\", \"montantPaiement\": 5, \"motifPaiement\": null, \"statusPaiement\": \"Lost\"") + ","
        + rec("\"raw_id\": 5, \"idPaiement\": \"PAY000005\", \"idAbonnement\": \"ABN00001\", \"userId\": \"USR09999\", \"methodePaiement\": null, \"datePaiement\": null, \"montantPaiement\": 5, \"motifPaiement\": null, \"statusPaiement\": null") + ","
        + rec("\"raw_id\": 6, \"idPaiement\": \"PAY000006\", \"idAbonnement\": \"ABN00099\", \"userId\": \"USR00001\", \"methodePaiement\": null, \"datePaiement\": null, \"montantPaiement\": 5, \"motifPaiement\": null, \"statusPaiement\": null") + ","
        + rec("\"raw_id\": 7, \"idPaiement\": \"PAY000007\", \"idAbonnement\": \"ABN00001\", \"userId\": \"USR00001\", \"methodePaiement\": null, \"datePaiement\": null, \"montantPaiement\": 5, \"motifPaiement\": null, \"statusPaiement\": null") + "],"
        + "\"raw_MethodePaiement\": ["
        + rec("\"raw_id\": 1, \"idPaiement\": \"PAY000001\", \"userId\": \"USR00001\", \"informationCarte\": \"9730\", \"dateExpirementCarte\": \"2026-04-30\", \"typeMethode\": \"VISA\"") + ","
        + rec("\"raw_id\": 2, \"idPaiement\": \"PAY000002\", \"userId\": \"USR00001\", \"informationCarte\": \"5555213760375482\", \"dateExpirementCarte\": \"06/25\", \"typeMethode\": \"MasterCard\"") + ","
        + rec("\"raw_id\": 3, \"idPaiement\": \"PAY000004\", \"userId\": \"USR00001\", \"informationCarte\": \"226011939325012X\", \"dateExpirementCarte\": \"13/2026\", \"typeMethode\": \"Crypto\"") + ","
        + rec("\"raw_id\": 4, \"idPaiement\": \"PAY000003\", \"userId\": \"USR00001\", \"informationCarte\": null, \"dateExpirementCarte\": null, \"typeMethode\": null") + ","
        + rec("\"raw_id\": 5, \"idPaiement\": \"PAY000007\", \"userId\": \"USR09999\", \"informationCarte\": null, \"dateExpirementCarte\": null, \"typeMethode\": null") + "],"
        + "\"raw_UtilisateurNotif\": ["
        + rec("\"raw_id\": 1, \"userId\": \"USR00001\", \"idNotification\": \"NOT000001\", \"estLu\": 1, \"estUrgent\": 0") + ","
        + rec("\"raw_id\": 2, \"userId\": \"USR00002\", \"idNotification\": \"NOT000001\", \"estLu\": \"Oui\", \"estUrgent\": \"maybe\"") + ","
        + rec("\"raw_id\": 3, \"userId\": \"USR09999\", \"idNotification\": \"NOT000001\", \"estLu\": 1, \"estUrgent\": 0") + ","
        + rec("\"raw_id\": 4, \"userId\": \"USR00001\", \"idNotification\": \"NOT000099\", \"estLu\": 1, \"estUrgent\": 0") + "],"
        + "\"raw_Journal\": ["
        + rec("\"raw_id\": 1, \"idJournal\": \"JRN00001\", \"userId\": \"USR00001\", \"idAbonnement\": \"ABN00001\", \"descriptionJournal\": \"Login\", \"typeActivite\": \"LOGIN\", \"dateCreationJournal\": \"2025-01-01 10:00:00\", \"valeurPrécedente\": \"a\", \"nouvelleValeur\": \"b\", \"StatusActivite\": \"COMPLETED\", \"Timestamps\": \"2025-01-01 10:00:00\"") + ","
        + rec("\"raw_id\": 2, \"idJournal\": \"JRN00002\", \"userId\": \"USR00001\", \"idAbonnement\": null, \"descriptionJournal\": \"x\", \"typeActivite\": \"login\", \"dateCreationJournal\": \"2025-01-01 10:00:00\", \"valeurPrécedente\": \"\", \"nouvelleValeur\": null, \"StatusActivite\": \"failed\", \"Timestamps\": \"2025-01-01 10:00:00.000000\"") + ","
        + rec("\"raw_id\": 3, \"idJournal\": \"JRN00003\", \"userId\": \"USR00001\", \"idAbonnement\": null, \"descriptionJournal\": \"x\", \"typeActivite\": \"dance\", \"dateCreationJournal\": \"soon\", \"valeurPrécedente\": null, \"nouvelleValeur\": null, \"StatusActivite\": \"?\", \"Timestamps\": null") + ","
        + rec("\"raw_id\": 4, \"idJournal\": \"JRN00004\", \"userId\": \"USR09999\", \"idAbonnement\": null, \"descriptionJournal\": \"x\", \"typeActivite\": \"LOGIN\", \"dateCreationJournal\": null, \"valeurPrécedente\": null, \"nouvelleValeur\": null, \"StatusActivite\": null, \"Timestamps\": null") + ","
        + rec("\"raw_id\": 5, \"idJournal\": \"JRN00005\", \"userId\": \"USR00001\", \"idAbonnement\": \"ABN00099\", \"descriptionJournal\": \"x\", \"typeActivite\": \"LOGIN\", \"dateCreationJournal\": null, \"valeurPrécedente\": null, \"nouvelleValeur\": null, \"StatusActivite\": null, \"Timestamps\": null") + ","
        + rec("\"raw_id\": 6, \"idJournal\": \"JRN00006\", \"userId\": \"USR00001\", \"idAbonnement\": null, \"descriptionJournal\": \"x\", \"typeActivite\": \"annulation\", \"dateCreationJournal\": null, \"valeurPrécedente\": null, \"nouvelleValeur\": null, \"StatusActivite\": null, \"Timestamps\": null") + "]"
        + "}";

    /** The clean record of every table: raw_id 1 (and raw_User's password, which is always dropped). */
    @Test
    void everyRuleFiresOnItsDefectAndNoneOnACleanRecord() throws Exception {
        Path input = Fixtures.writeRaw(dir, INPUT);
        Transformer t = new Transformer(Map.of(), null, Fixtures.quietProgress());
        Set<String> fired = new TreeSet<>();
        Map<String, List<String>> onClean = new HashMap<>();
        t.observe(ctx -> {
            for (var e : ctx.events()) fired.add(e.rule().id());
            if (ctx.outcome() == RecordContext.Verdict.SUPERSEDED) fired.add(Rules.DUPLICATE.id());
            if ("1".equals(ctx.row().get("raw_id"))) {
                List<String> ids = new ArrayList<>();
                for (var e : ctx.events()) if (e.rule() != Rules.USR_PASSWORD_DROPPED) ids.add(e.rule().id() + " on " + e.field());
                if (!ids.isEmpty() || ctx.rejected()) onClean.put(ctx.row().table().tableName(), ids);
            }
        });
        try (FileRawSource s = new FileRawSource(input)) {
            t.run(s, dir.resolve("c.json"), dir.resolve("r.json"));
        }
        List<String> neverFired = new ArrayList<>();
        for (Rule r : Rules.all()) if (!fired.contains(r.id())) neverFired.add(r.id());
        assertEquals(List.of(), neverFired, "rules that no defect triggered");
        assertTrue(onClean.isEmpty(), "rules fired on clean records: " + onClean);
    }
}
