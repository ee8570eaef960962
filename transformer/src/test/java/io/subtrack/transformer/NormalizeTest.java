package io.subtrack.transformer;

import static io.subtrack.transformer.rules.Cleaned.Reading.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.subtrack.transformer.rules.Cards;
import io.subtrack.transformer.rules.Cleaned.Reading;
import io.subtrack.transformer.rules.Cleaned;
import io.subtrack.transformer.rules.CodeVariants;
import io.subtrack.transformer.rules.DateTimes;
import io.subtrack.transformer.rules.Normalize;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Every normaliser both ways: what it changes, and what it leaves alone. */
class NormalizeTest {
    @Test
    void valuesAreTypedAsTheirColumnsStoreThem() {
        assertEquals(new java.math.BigDecimal("54.25"), Normalize.money("54.25 €").value());
        assertEquals(2, ((java.math.BigDecimal) Normalize.money("74").value()).scale(), "two decimals");
        assertEquals(Boolean.TRUE, Normalize.bool("Oui").value());
        assertEquals(Boolean.FALSE, Normalize.bool("0").value());
        assertEquals(java.time.LocalDate.of(2025, 2, 24), io.subtrack.transformer.rules.DateTimes.date("24/02/2025").value());
        assertEquals(java.time.LocalDateTime.of(2025, 4, 12, 12, 19), io.subtrack.transformer.rules.DateTimes.timestamp("12/04/2025 12:19").value());
        assertEquals(java.time.LocalDate.of(2025, 6, 30), Cards.cardExpiry("06/25").value());
        assertEquals("2025-04-12T12:19:00", io.subtrack.transformer.rules.ValueText.of(java.time.LocalDateTime.of(2025, 4, 12, 12, 19)),
            "a timestamp is written with its seconds");
    }

    private static void assertCleaned(Cleaned c, String value, Reading outcome) {
        assertEquals(value, io.subtrack.transformer.rules.ValueText.of(c.value()), "value");
        assertEquals(outcome, c.outcome(), "outcome");
    }

    @ParameterizedTest
    @CsvSource({
        "utilisateur, USER, ROLE", "fournisseur, SUPPLIER, ROLE", "admin, ADMIN, ROLE", "manager, MANAGER, ROLE",
        "FORFAIT APPEL CONX, TELECOM, CATEGORY", "Cloud Storage, CLOUD, CATEGORY", "streaming, STREAMING, CATEGORY",
        "QUOTIDIEN, DAILY, BILLING", "HEBDOMADAIRE, WEEKLY, BILLING", "Bi-Mensuel, SEMIMONTHLY, BILLING", "MENSUAL, MONTHLY, BILLING",
        "mensuel, MONTHLY, BILLING", "ANNUEL, ANNUAL, BILLING", "Annual, ANNUAL, BILLING",
        "actif, ACTIVE, SUBSCRIPTION_STATUS", "ACTIF, ACTIVE, SUBSCRIPTION_STATUS", "Inactif, INACTIVE, SUBSCRIPTION_STATUS",
        "SUSPENDU, SUSPENDED, SUBSCRIPTION_STATUS", "EXPIRE, EXPIRED, SUBSCRIPTION_STATUS", "ANNULE, CANCELLED, SUBSCRIPTION_STATUS",
        "CARTE_CREDIT, CREDIT_CARD, PAYMENT_METHOD", "carte crédit, CREDIT_CARD, PAYMENT_METHOD", "VIREMENT, BANK_TRANSFER, PAYMENT_METHOD",
        "Virement Bancaire, BANK_TRANSFER, PAYMENT_METHOD", "Prélèvement, DIRECT_DEBIT, PAYMENT_METHOD", "PayPal, PAYPAL, PAYMENT_METHOD",
        "Apple Pay, APPLE_PAY, PAYMENT_METHOD",
        "REUSSI, SUCCEEDED, PAYMENT_STATUS", "success, SUCCEEDED, PAYMENT_STATUS", "ECHOUE, FAILED, PAYMENT_STATUS",
        "Failed, FAILED, PAYMENT_STATUS", "En attente, PENDING, PAYMENT_STATUS", "Annulé, CANCELLED, PAYMENT_STATUS",
        "Remboursé, REFUNDED, PAYMENT_STATUS",
        "Carte Bancaire, CREDIT_CARD, METHOD_TYPE", "CARTE_CREDIT, CREDIT_CARD, METHOD_TYPE", "VIREMENT, BANK_TRANSFER, METHOD_TYPE",
        "MasterCard, MASTERCARD, METHOD_TYPE", "PayPal, PAYPAL, METHOD_TYPE",
        "payment_reminder, PAYMENT_REMINDER, NOTIFICATION_TYPE", "Subscription Expiry, SUBSCRIPTION_EXPIRY, NOTIFICATION_TYPE",
        "email, EMAIL, CHANNEL", "push, PUSH, CHANNEL", "In-App, IN_APP, CHANNEL",
        "creation abonnement, SUBSCRIPTION_CREATED, ACTIVITY_TYPE", "CREATION_ABONEMMENT, SUBSCRIPTION_CREATED, ACTIVITY_TYPE",
        "annulation, SUBSCRIPTION_CANCELLED, ACTIVITY_TYPE", "ANNULATION_ABONEMMENT, SUBSCRIPTION_CANCELLED, ACTIVITY_TYPE",
        "PRIX_ABONEMENT_CHANGE, PRICE_CHANGED, ACTIVITY_TYPE", "PAIMENT_SUCCCES, PAYMENT_SUCCEEDED, ACTIVITY_TYPE",
        "ECHOUE_PAIEMENT, PAYMENT_FAILED, ACTIVITY_TYPE", "MODIFICATION_PROFIL, PROFILE_UPDATED, ACTIVITY_TYPE", "login, LOGIN, ACTIVITY_TYPE",
        "failed, FAILED, ACTIVITY_STATUS", "In Progress, IN_PROGRESS, ACTIVITY_STATUS",
        "Technologie, TECHNOLOGY, SECTOR", "tech, TECHNOLOGY, SECTOR", "Santé, HEALTH, SECTOR", "INDUSTRIE, INDUSTRY, SECTOR",
        "Industrie, INDUSTRY, SECTOR", "Autre, OTHER, SECTOR", "Construction, CONSTRUCTION, SECTOR"})
    void codeVariantsMapToTheirCanonicalCode(String raw, String code, String set) throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, String> variants = (Map<String, String>) CodeVariants.class.getField(set).get(null);
        assertCleaned(CodeVariants.code(raw, variants), code, Reading.REPAIRED);
    }

    @ParameterizedTest
    @CsvSource({"0437064353, +33437064353", "'+33 247463522', +33247463522", "'+33 (0)1 72 33 97 40', +33172339740",
        "'+33 2 69 44 47 21', +33269444721", "'02 44 01 43 88', +33244014388", "+1-725-853-7147, +17258537147",
        "001-210-569-0331x1907, +12105690331", "+1-872-843-4266x17979, +18728434266"})
    void phonesWithAKnowableCountryBecomeE164(String raw, String e164) {
        assertCleaned(Normalize.phone(raw), e164, Reading.REPAIRED);
    }

    @ParameterizedTest
    @CsvSource({"'54.25 €', 54.25", "'EUR 92.58', 92.58", "'26,35', 26.35", "'19,0', 19.00", "'9.9 €', 9.90", "'EUR 9.9', 9.90"})
    void decoratedAmountsAreRepaired(String raw, String amount) {
        assertCleaned(Normalize.money(raw), amount, Reading.REPAIRED);
    }

    @Test
    void theSourcesTimestampPlaceholdersAreRecognised() {
        assertEquals(true, DateTimes.isSentinel("2023-12-31T23:59:59.999Z"));
        assertEquals(false, DateTimes.isSentinel("2023-12-31T23:59:58.999Z"));
    }

    @ParameterizedTest
    @CsvSource({"06/25, 2025-06-30", "04/2028, 2028-04-30", "2026-03, 2026-03-31", "2028-03-28, 2028-03-31",
        "22/08/2027, 2027-08-31", "02/2028, 2028-02-29"})
    void cardExpiryIsTheLastDayOfItsMonth(String raw, String expiry) {
        assertCleaned(Cards.cardExpiry(raw), expiry, Reading.REPAIRED);
    }

    @Test
    void aMaskedCardKeepsOnlyItsLastFour() {
        assertEquals("****012X", Cards.maskCard("226011939325012X"));
        assertNull(Cards.maskCard(null));
    }

    /** One case: its group (the behaviour it shows), the normaliser, a raw value, what it must give and how it says it got there. */
    private static Arguments c(String group, Function<String, Cleaned> f, String raw, String value, Reading outcome) {
        return Arguments.of(group, f, raw, value, outcome);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
            c("timestamps", DateTimes::timestamp, "2025-04-18 03:30:30", "2025-04-18T03:30:30", SAME),
            c("timestamps", DateTimes::timestamp, "2025-04-18T03:30:30", "2025-04-18T03:30:30", SAME),
            c("timestamps", DateTimes::timestamp, "2025-02-17 00:51:37.000000", "2025-02-17T00:51:37", REPAIRED),
            c("timestamps", DateTimes::timestamp, "2025-01-05T10:00:00.123Z", "2025-01-05T10:00:00", REPAIRED),
            c("timestamps", DateTimes::timestamp, "2025-04-22", "2025-04-22T00:00:00", REPAIRED),
            c("timestamps", DateTimes::timestamp, "22/04/2025 12:19", "2025-04-22T12:19:00", REPAIRED),
            c("timestamps", DateTimes::timestamp, "12/04/2025 12:19", "2025-04-12T12:19:00", AMBIGUOUS),
            c("timestamps", DateTimes::timestamp, "2025-04-22 25:00:00", null, INVALID),
            c("codes kept or refused", s -> CodeVariants.code(s, CodeVariants.ACTIVITY_TYPE), "LOGOUT", "LOGOUT", SAME),
            c("codes kept or refused", s -> CodeVariants.code(s, CodeVariants.ACTIVITY_STATUS), "COMPLETED", "COMPLETED", SAME),
            c("codes kept or refused", s -> CodeVariants.code(s, CodeVariants.CHANNEL), "SMS", "SMS", SAME),
            c("codes kept or refused", s -> CodeVariants.code(s, CodeVariants.CHANNEL), "", null, EMPTY),
            c("codes kept or refused", s -> CodeVariants.code(s, CodeVariants.ROLE), null, null, EMPTY),
            c("codes kept or refused", s -> CodeVariants.code(s, CodeVariants.ROLE), "boss", null, INVALID),
            c("emails", Normalize::email, " Lucie.McClain@Company.FR ", "lucie.mcclain@company.fr", REPAIRED),
            c("emails", Normalize::email, "carl95+4@example.com", "carl95+4@example.com", SAME),
            c("emails", Normalize::email, "honoré.munoz@company.fr", "honoré.munoz@company.fr", SAME),
            c("emails", Normalize::email, "user792", null, INVALID),
            c("emails", Normalize::email, "tôt@localhost", null, INVALID),
            c("emails", Normalize::email, "jean.le goff@company.fr", null, INVALID),
            c("emails", Normalize::email, "", null, EMPTY),
            c("personNames", Normalize::personName, "KEVIN", "Kevin", REPAIRED),
            c("personNames", Normalize::personName, "THÉRÈSE", "Thérèse", REPAIRED),
            c("personNames", Normalize::personName, "le goff", "Le Goff", REPAIRED),
            c("personNames", Normalize::personName, "bègue", "Bègue", REPAIRED),
            c("personNames", Normalize::personName, "JEAN-PIERRE", "Jean-Pierre", REPAIRED),
            c("personNames", Normalize::personName, "Oconnor", "Oconnor", SAME),
            c("personNames", Normalize::personName, "McDonald", "McDonald", SAME),
            c("personNames", Normalize::personName, "Éric", "Éric", SAME),
            c("personNames", Normalize::personName, "", null, EMPTY),
            c("companyNames", Normalize::companyName, "TEXIER", "Texier", REPAIRED),
            c("companyNames", Normalize::companyName, "GODARD S.A.S.", "Godard S.A.S.", REPAIRED),
            c("companyNames", Normalize::companyName, "NAVARRO ET FILS", "Navarro et Fils", REPAIRED),
            c("companyNames", Normalize::companyName, "VASSEUR & LE ROUX", "Vasseur & Le Roux", REPAIRED),
            c("companyNames", Normalize::companyName, "CAFÉ DE LA GARE", "Café de la Gare", REPAIRED),
            c("companyNames", Normalize::companyName, "ROBINSON, CLARK AND MEADOWS", "Robinson, Clark and Meadows", REPAIRED),
            c("companyNames", Normalize::companyName, "Diaz SA", "Diaz SA", SAME),
            c("companyNames", Normalize::companyName, "Pierce-Harding", "Pierce-Harding", SAME),
            c("companyNames", Normalize::companyName, " ", null, EMPTY),
            c("addresses", s -> Normalize.address(s, "; "), "3888 Sean Lock; Bartonshire, UT 66098", "3888 Sean Lock, Bartonshire, UT 66098", REPAIRED),
            c("addresses", s -> Normalize.address(s, " - "), "18, chemin Durand - 26701 Chrétien", "18, chemin Durand, 26701 Chrétien", REPAIRED),
            c("addresses", s -> Normalize.address(s, " - "), "12 rue de Saint-Malo, 35000 Rennes", "12 rue de Saint-Malo, 35000 Rennes", SAME),
            c("phones not guessed", Normalize::phone, "+33247463522", "+33247463522", SAME),
            c("phones not guessed", Normalize::phone, "682.408.7653", null, INVALID),
            c("phones not guessed", Normalize::phone, "(50) 8149-9379", null, INVALID),
            c("phones not guessed", Normalize::phone, "(428)873-3427x0866", null, INVALID),
            c("phones not guessed", Normalize::phone, "N/A", null, EMPTY),
            c("phones not guessed", Normalize::phone, "+33 1234", null, INVALID),
            c("booleans", Normalize::bool, "1", "true", SAME),
            c("booleans", Normalize::bool, "0", "false", SAME),
            c("booleans", Normalize::bool, "true", "true", REPAIRED),
            c("booleans", Normalize::bool, "false", "false", REPAIRED),
            c("booleans", Normalize::bool, "Oui", "true", REPAIRED),
            c("booleans", Normalize::bool, "Non", "false", REPAIRED),
            c("booleans", Normalize::bool, null, null, EMPTY),
            c("booleans", Normalize::bool, "peut-être", null, INVALID),
            c("amounts kept or refused", Normalize::money, "86.48", "86.48", SAME),
            c("amounts kept or refused", Normalize::money, "74", "74.00", SAME),
            c("amounts kept or refused", Normalize::money, "-12.50", null, INVALID),
            c("amounts kept or refused", Normalize::money, "250000", null, INVALID),
            c("amounts kept or refused", Normalize::money, "USD 12.00", null, INVALID),
            c("amounts kept or refused", Normalize::money, "12.345", null, INVALID),
            c("amounts kept or refused", Normalize::money, null, null, EMPTY),
            c("dates, day/month policy", DateTimes::date, "2025-02-24", "2025-02-24", SAME),
            c("dates, day/month policy", DateTimes::date, "24/02/2025", "2025-02-24", REPAIRED),
            c("dates, day/month policy", DateTimes::date, "10/23/2024", "2024-10-23", REPAIRED),
            // both parts <= 12: slash form is read day first, and flagged ambiguous
            c("dates, day/month policy", DateTimes::date, "01/07/2025", "2025-07-01", AMBIGUOUS),
            // dash form with the year last is the source's US export: month first when ambiguous
            c("dates, day/month policy", DateTimes::date, "03-04-2025", "2025-03-04", AMBIGUOUS),
            c("dates, day/month policy", DateTimes::date, "07-25-2024", "2024-07-25", REPAIRED),
            // the same number twice is not ambiguous
            c("dates, day/month policy", DateTimes::date, "05/05/2025", "2025-05-05", REPAIRED),
            c("dates, day/month policy", DateTimes::date, "31/02/2025", null, INVALID),
            c("dates, day/month policy", DateTimes::date, "13/13/2025", null, INVALID),
            c("dates, day/month policy", DateTimes::date, "soon", null, INVALID),
            // April (day first) or June: the record holds no other date that could decide
            c("card expiry by policy", Cards::cardExpiry, "06/04/2026", "2026-04-30", AMBIGUOUS),
            c("card expiry kept or refused", Cards::cardExpiry, "2026-04-30", "2026-04-30", SAME),
            c("card expiry kept or refused", Cards::cardExpiry, "13/2026", null, INVALID),
            c("freeText", Normalize::text, "  Basic plan ", "Basic plan", REPAIRED),
            c("freeText", Normalize::text, "Basic plan", "Basic plan", SAME),
            c("freeText", Normalize::text, "", null, EMPTY)
        );
    }

    @ParameterizedTest(name = "{0}({2}) -> {3} {4}")
    @MethodSource("cases")
    void normalises(String group, Function<String, Cleaned> f, String raw, String value, Reading outcome) {
        assertCleaned(f.apply(raw), value, outcome);
    }
}
