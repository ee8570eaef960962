package io.subtrack.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.RawTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorAcceptanceTest {

    /** Every defect kind the generator injects, per table and field (docs/generator.md lists the same). */
    static final Set<String> CATALOGUE = Set.of(
        "raw_User|email|email_missing_domain", "raw_User|email|email_localhost", "raw_User|email|email_plus_tag",
        "raw_User|motsDePasse|password_padded", "raw_User|motsDePasse|password_weak",
        "raw_User|role|code_variant", "raw_User|role|code_missing",
        "raw_Utilisateur_personnel|prenom|name_missing", "raw_Utilisateur_personnel|prenom|name_upper_case",
        "raw_Utilisateur_personnel|nom|name_lower_case",
        "raw_Utilisateur_personnel|telephone|phone_format_national", "raw_Utilisateur_personnel|telephone|phone_format_spaced",
        "raw_Utilisateur_personnel|telephone|phone_foreign_format", "raw_Utilisateur_personnel|telephone|phone_missing",
        "raw_Utilisateur_personnel|adresse|address_separator", "raw_Utilisateur_personnel|adresse|address_incomplete",
        "raw_Fournisseur|nomFournisseur|name_upper_case", "raw_Fournisseur|emailFournisseur|email_missing",
        "raw_Fournisseur|numTele|phone_format_national", "raw_Fournisseur|numTele|phone_format_national_spaced",
        "raw_Fournisseur|numTele|phone_format_spaced", "raw_Fournisseur|numTele|phone_format_trunk_prefix",
        "raw_Fournisseur|addressFournisseur|address_separator", "raw_Fournisseur|secteurFournisseur|code_variant",
        "raw_Notifications|typeNotification|code_variant", "raw_Notifications|dateEnvoi|timestamp_format_space",
        "raw_Notifications|dateEnvoi|timestamp_format_dmy_hm", "raw_Notifications|dateEnvoi|timestamp_date_only",
        "raw_Notifications|dateEnvoi|timestamp_utc_suffix", "raw_Notifications|dateEnvoi|timestamp_placeholder",
        "raw_Notifications|typeEnvoi|code_variant", "raw_Notifications|typeEnvoi|code_missing",
        "raw_Journal|userId|orphan_reference", "raw_Journal|typeActivite|code_variant",
        "raw_Journal|dateCreationJournal|timestamp_format_space", "raw_Journal|valeurPrécedente|empty_string",
        "raw_Journal|nouvelleValeur|empty_string", "raw_Journal|StatusActivite|code_variant",
        "raw_Journal|Timestamps|timestamp_microseconds",
        "raw_Abonnement|idFournisseur|orphan_reference", "raw_Abonnement|prixAbonnement|amount_format_euro_suffix",
        "raw_Abonnement|prixAbonnement|amount_format_eur_prefix", "raw_Abonnement|prixAbonnement|amount_format_decimal_comma",
        "raw_Abonnement|prixAbonnement|negative_amount", "raw_Abonnement|prixAbonnement|absurd_amount",
        "raw_Abonnement|categorieAbonnement|code_variant",
        "raw_Paiement|idAbonnement|orphan_reference", "raw_Paiement|userId|orphan_reference",
        "raw_Paiement|methodePaiement|code_variant", "raw_Paiement|datePaiement|date_format_dmy",
        "raw_Paiement|datePaiement|date_format_mdy_dash", "raw_Paiement|montantPaiement|amount_format_euro_suffix",
        "raw_Paiement|montantPaiement|amount_format_eur_prefix", "raw_Paiement|montantPaiement|amount_format_decimal_comma",
        "raw_Paiement|montantPaiement|negative_amount", "raw_Paiement|montantPaiement|absurd_amount",
        "raw_Paiement|motifPaiement|empty_string", "raw_Paiement|statusPaiement|code_variant",
        "raw_MethodePaiement|idPaiement|orphan_reference", "raw_MethodePaiement|informationCarte|card_number_full",
        "raw_MethodePaiement|informationCarte|card_number_masked", "raw_MethodePaiement|informationCarte|card_number_invalid",
        "raw_MethodePaiement|dateExpirementCarte|expiry_format_mm_yy",
        "raw_MethodePaiement|dateExpirementCarte|expiry_format_mm_yyyy",
        "raw_MethodePaiement|dateExpirementCarte|expiry_format_full_date", "raw_MethodePaiement|typeMethode|code_variant",
        "raw_UtilisateurNotif|idNotification|orphan_reference", "raw_UtilisateurNotif|estLu|boolean_variant",
        "raw_UtilisateurNotif|estUrgent|boolean_missing",
        "raw_utilisateur_abonement|userId|orphan_reference", "raw_utilisateur_abonement|idAbonnement|orphan_reference",
        "raw_utilisateur_abonement|typeFacturation|code_variant", "raw_utilisateur_abonement|statutAbonnement|code_variant",
        "raw_utilisateur_abonement|dateRenouvelement|date_format_dmy", "raw_utilisateur_abonement|dateRenouvelement|date_format_mdy",
        "raw_utilisateur_abonement|dateDebutFacturation|date_format_dmy",
        "raw_utilisateur_abonement|dateDebutFacturation|date_format_mdy",
        "raw_utilisateur_abonement|prochaineDeFacturation|date_format_dmy",
        "raw_utilisateur_abonement|prochaineDeFacturation|date_format_mdy",
        "raw_utilisateur_abonement|prochaineDeFacturation|end_before_start");

    /** Tables whose duplicates are injected at the default volumes (the smallest ones may get none). */
    static final Set<String> DUPLICATED_AT_DEFAULTS = Set.of("raw_User", "raw_Notifications", "raw_Journal",
        "raw_Abonnement", "raw_Paiement", "raw_UtilisateurNotif", "raw_utilisateur_abonement");

    @TempDir
    static Path dir;
    static Generated run;
    static JsonNode tables;
    static List<JsonNode> truth;

    @BeforeAll
    static void generateAtDefaults() throws IOException {
        run = Generated.run(dir, 42L);
        tables = run.tables();
        truth = run.truthEntries();
    }

    private static JsonNode fixture() throws IOException {
        return Json.MAPPER.readTree(io.subtrack.common.test.Fixtures.rawSample().toFile());
    }

    @Test
    void sameSeedGivesByteIdenticalFiles(@TempDir Path other) throws IOException {
        Generated again = Generated.run(other, 42L);
        assertArrayEquals(Files.readAllBytes(run.output), Files.readAllBytes(again.output));
        assertArrayEquals(Files.readAllBytes(run.groundTruth), Files.readAllBytes(again.groundTruth));
    }

    @Test
    void theThreadCountDoesNotChangeABit(@TempDir Path one, @TempDir Path four) throws IOException {
        TableCounts counts = TableCounts.of(50, 20, 100, 200, 300, 400);
        Generated sequential = Generated.run(one, 42L, counts, GeneratorSettings.DEFAULT_DEFECT_RATE, 1);
        Generated parallel = Generated.run(four, 42L, counts, GeneratorSettings.DEFAULT_DEFECT_RATE, 4);
        assertArrayEquals(Files.readAllBytes(sequential.output), Files.readAllBytes(parallel.output));
        assertArrayEquals(Files.readAllBytes(sequential.groundTruth), Files.readAllBytes(parallel.groundTruth));
        assertArrayEquals(Files.readAllBytes(run.output), Files.readAllBytes(parallel.output));
    }

    @Test
    void anotherSeedGivesOtherData(@TempDir Path other) throws IOException {
        Generated different = Generated.run(other, 43L);
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(run.output), Files.readAllBytes(different.output)));
    }

    @Test
    void tablesAndFieldsAreThoseOfTheFixtureInTheSameOrder() throws IOException {
        JsonNode fixture = fixture();
        assertEquals(names(fixture.fieldNames()), names(tables.fieldNames()));
        for (RawTable table : RawTable.all()) {
            List<String> expected = names(fixture.get(table.tableName()).get(0).fieldNames());
            for (JsonNode record : tables.get(table.tableName())) {
                assertEquals(expected, names(record.fieldNames()), table.tableName());
            }
        }
    }

    @Test
    void everyFieldKeepsTheJsonTypesTheSourceUses() throws IOException {
        JsonNode fixture = fixture();
        for (RawTable table : RawTable.all()) {
            Map<String, Set<String>> sourceTypes = typesByField(fixture.get(table.tableName()));
            Map<String, Set<String>> ourTypes = typesByField(tables.get(table.tableName()));
            for (String field : table.fields()) {
                Set<String> extra = new TreeSet<>(ourTypes.get(field));
                extra.removeAll(sourceTypes.get(field));
                assertTrue(extra.isEmpty(), table.tableName() + "." + field + " has types the source never sends: " + extra);
            }
        }
    }

    @Test
    void defaultVolumesAreTheOriginalsPlusInjectedDuplicates() {
        Map<String, Long> perTable = run.result.recordsPerTable();
        long[] distinct = {50, 35, 5, 10, 20, 300, 400, 100, 200, 40, 360, 150};
        int i = 0;
        for (RawTable table : RawTable.all()) {
            long duplicates = truth.stream().filter(e -> e.get("table").asText().equals(table.tableName())
                && e.get("kind").asText().equals("duplicate_key")).count();
            assertEquals(distinct[i++] + duplicates, perTable.get(table.tableName()), table.tableName());
        }
    }

    @Test
    void everyReferenceResolvesUnlessListedAsAnInjectedOrphan() {
        Set<String> orphans = new HashSet<>();
        for (JsonNode e : truth) {
            if (e.get("kind").asText().equals("orphan_reference")) {
                orphans.add(e.get("table").asText() + "|" + e.get("raw_id").asLong() + "|" + e.get("field").asText());
            }
        }
        Set<String> users = ids("raw_User", "userId");
        Set<String> suppliers = ids("raw_Fournisseur", "idFournisseur");
        Set<String> plans = ids("raw_Abonnement", "idAbonnement");
        Set<String> payments = ids("raw_Paiement", "idPaiement");
        Set<String> notifications = ids("raw_Notifications", "idNotification");
        Object[][] references = {
            {"raw_Utilisateur_personnel", "userId", users}, {"raw_Admin", "userId", users},
            {"raw_Utilisateur_fournisseur", "userId", users}, {"raw_Utilisateur_fournisseur", "idFournisseur", suppliers},
            {"raw_Journal", "userId", users}, {"raw_Journal", "idAbonnement", plans},
            {"raw_Abonnement", "idFournisseur", suppliers},
            {"raw_Paiement", "idAbonnement", plans}, {"raw_Paiement", "userId", users},
            {"raw_MethodePaiement", "idPaiement", payments}, {"raw_MethodePaiement", "userId", users},
            {"raw_UtilisateurNotif", "userId", users}, {"raw_UtilisateurNotif", "idNotification", notifications},
            {"raw_utilisateur_abonement", "userId", users}, {"raw_utilisateur_abonement", "idAbonnement", plans}};
        int orphansSeen = 0;
        for (Object[] ref : references) {
            String table = (String) ref[0];
            String field = (String) ref[1];
            @SuppressWarnings("unchecked") Set<String> parents = (Set<String>) ref[2];
            for (JsonNode record : tables.get(table)) {
                String value = record.get(field).asText();
                boolean listed = orphans.contains(table + "|" + record.get("raw_id").asLong() + "|" + field);
                assertEquals(!listed, parents.contains(value), table + "." + field + "=" + value + " listed as orphan: " + listed);
                if (listed) orphansSeen++;
            }
        }
        assertEquals(orphans.size(), orphansSeen, "every listed orphan is a reference of a generated record");
        assertTrue(orphansSeen > 0);
    }

    @Test
    void naturalKeysAreUniqueExceptListedDuplicates() {
        Set<String> duplicateRows = new HashSet<>();
        for (JsonNode e : truth) {
            if (e.get("kind").asText().equals("duplicate_key")) duplicateRows.add(e.get("table").asText() + "|" + e.get("raw_id").asLong());
        }
        for (RawTable table : RawTable.all()) {
            Set<String> keys = new HashSet<>();
            for (JsonNode record : tables.get(table.tableName())) {
                String key = key(table, record);
                boolean listed = duplicateRows.contains(table.tableName() + "|" + record.get("raw_id").asLong());
                assertEquals(!listed, keys.add(key), table.tableName() + " key " + key);
            }
        }
    }

    @Test
    void everyDefectKindOfTheCatalogueAppearsAtDefaultVolumes() {
        Set<String> seen = new TreeSet<>();
        Set<String> duplicatedTables = new TreeSet<>();
        for (JsonNode e : truth) {
            String kind = e.get("kind").asText();
            if (kind.equals("duplicate_key")) duplicatedTables.add(e.get("table").asText());
            else seen.add(e.get("table").asText() + "|" + e.get("field").asText() + "|" + kind);
        }
        Set<String> missing = new TreeSet<>(CATALOGUE);
        missing.removeAll(seen);
        assertTrue(missing.isEmpty(), "never injected: " + missing);
        Set<String> unknown = new TreeSet<>(seen);
        unknown.removeAll(CATALOGUE);
        assertTrue(unknown.isEmpty(), "not in the catalogue: " + unknown);
        assertTrue(duplicatedTables.containsAll(DUPLICATED_AT_DEFAULTS), "duplicates in " + duplicatedTables);
    }

    @Test
    void everyEntryPointsAtARecordAndFieldHoldingItsRawValue() {
        Map<String, JsonNode> byTableAndRawId = new HashMap<>();
        for (RawTable table : RawTable.all()) {
            for (JsonNode record : tables.get(table.tableName())) {
                byTableAndRawId.put(table.tableName() + "|" + record.get("raw_id").asLong(), record);
            }
        }
        assertFalse(truth.isEmpty());
        for (JsonNode e : truth) {
            RawTable table = RawTable.byName(e.get("table").asText());
            assertNotNull(table, e.toString());
            JsonNode record = byTableAndRawId.get(table.tableName() + "|" + e.get("raw_id").asLong());
            assertNotNull(record, "no record for " + e);
            assertEquals(key(table, record), e.get("key").asText(), e.toString());
            assertTrue(record.has(e.get("field").asText()), e.toString());
            assertEquals(e.get("raw"), record.get(e.get("field").asText()), e.toString());
            assertTrue(e.has("clean") != e.has("expected"), "either clean or expected: " + e);
            if (e.has("clean")) assertNotEquals(e.get("raw"), e.get("clean"), "a defect differs from its clean value: " + e);
            else assertTrue(e.get("expected").asText().matches("(reject|nullify|flag|drop|derive): .+"), e.toString());
        }
    }

    @Test
    void cleanValuesAreInTheProcessedModelsCanonicalForms() {
        Map<String, String> patternByKind = Map.ofEntries(
            Map.entry("date_format_dmy", "\\d{4}-\\d{2}-\\d{2}"), Map.entry("date_format_mdy", "\\d{4}-\\d{2}-\\d{2}"),
            Map.entry("date_format_mdy_dash", "\\d{4}-\\d{2}-\\d{2}"),
            Map.entry("timestamp_format_space", "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"),
            Map.entry("timestamp_format_dmy_hm", "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:00"),
            Map.entry("timestamp_date_only", "\\d{4}-\\d{2}-\\d{2}T00:00:00"),
            Map.entry("timestamp_utc_suffix", "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"),
            Map.entry("timestamp_microseconds", "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}"),
            Map.entry("phone_format_national", "\\+33[1-9]\\d{8}"), Map.entry("phone_format_spaced", "\\+33[1-9]\\d{8}"),
            Map.entry("phone_format_national_spaced", "\\+33[1-9]\\d{8}"),
            Map.entry("phone_format_trunk_prefix", "\\+33[1-9]\\d{8}"),
            Map.entry("card_number_full", "\\d{4}"), Map.entry("card_number_masked", "\\d{4}"),
            Map.entry("expiry_format_mm_yy", "\\d{4}-(0[1-9]|1[0-2])-(28|29|30|31)"),
            Map.entry("expiry_format_mm_yyyy", "\\d{4}-(0[1-9]|1[0-2])-(28|29|30|31)"),
            Map.entry("expiry_format_full_date", "\\d{4}-(0[1-9]|1[0-2])-(28|29|30|31)"),
            Map.entry("code_variant", "[A-Z_]+"), Map.entry("email_plus_tag", "[^+@\\s]+@[a-z0-9.-]+\\.[a-z]+"),
            Map.entry("name_upper_case", "\\p{Lu}.*"), Map.entry("name_lower_case", "\\p{Lu}.*"),
            Map.entry("address_separator", "\\d+ [^;]+, [^;]+"));
        int checked = 0;
        for (JsonNode e : truth) {
            if (!e.has("clean")) continue;
            String kind = e.get("kind").asText();
            JsonNode clean = e.get("clean");
            if (kind.startsWith("amount_format_")) {
                // The tree reader strips trailing zeros; the file's text is checked for the two places below.
                assertTrue(clean.isNumber() && clean.decimalValue().signum() > 0, e.toString());
            } else if (kind.equals("boolean_variant")) {
                assertTrue(clean.isBoolean(), e.toString());
            } else if (kind.equals("empty_string")) {
                assertTrue(clean.isNull(), e.toString());
            } else if (kind.equals("password_padded")) {
                assertEquals(e.get("raw").asText().trim(), clean.asText());
            } else {
                String pattern = patternByKind.get(kind);
                assertNotNull(pattern, "no canonical form checked for " + kind);
                assertTrue(clean.isTextual() && clean.asText().matches(pattern), e.toString());
            }
            if (kind.equals("name_upper_case") || kind.equals("name_lower_case")) {
                assertEquals(clean.asText().toLowerCase(java.util.Locale.ROOT), e.get("raw").asText().toLowerCase(java.util.Locale.ROOT));
            }
            checked++;
        }
        assertTrue(checked > 1000, "checked " + checked);
    }

    @Test
    void cleanAmountsAreWrittenWithTwoDecimalPlaces() throws IOException {
        long amounts = 0;
        for (String line : Files.readAllLines(run.groundTruth)) {
            if (!line.contains("\"kind\":\"amount_format_")) continue;
            amounts++;
            assertTrue(line.matches(".*\"clean\":\\d+\\.\\d{2}}$"), line);
        }
        assertTrue(amounts > 0);
    }

    @Test
    void ambiguousDatesCarryTheirDayFirstReading() {
        int ambiguous = 0;
        for (JsonNode e : truth) {
            if (!e.has("ambiguous")) continue;
            ambiguous++;
            String raw = e.get("raw").asText();
            String[] parts = raw.split("[/-]");
            // Day-first reading of "a/b/yyyy" is yyyy-b-a.
            assertEquals(parts[2] + "-" + parts[1] + "-" + parts[0], e.get("day_first_reading").asText(), e.toString());
            if (e.get("kind").asText().equals("date_format_dmy")) assertEquals(e.get("clean"), e.get("day_first_reading"));
            else assertNotEquals(e.get("clean").asText(), e.get("day_first_reading").asText());
        }
        assertTrue(ambiguous > 0);
    }

    private static String key(RawTable table, JsonNode record) {
        List<String> parts = new ArrayList<>();
        for (String f : table.keyFields()) parts.add(record.get(f).asText());
        return String.join("|", parts);
    }

    private static Set<String> ids(String table, String field) {
        Set<String> ids = new HashSet<>();
        for (JsonNode record : tables.get(table)) ids.add(record.get(field).asText());
        return ids;
    }

    private static List<String> names(Iterator<String> it) {
        List<String> names = new ArrayList<>();
        it.forEachRemaining(names::add);
        return names;
    }

    private static Map<String, Set<String>> typesByField(JsonNode records) {
        Map<String, Set<String>> types = new HashMap<>();
        for (JsonNode record : records) {
            record.fields().forEachRemaining(f -> types.computeIfAbsent(f.getKey(), k -> new LinkedHashSet<>()).add(type(f.getValue())));
        }
        return types;
    }

    private static String type(JsonNode v) {
        if (v.isNull()) return "null";
        if (v.isIntegralNumber()) return "int";
        if (v.isNumber()) return "float";
        if (v.isTextual()) return "str";
        if (v.isBoolean()) return "bool";
        return v.getNodeType().name();
    }
}
