package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.subtrack.transformer.rules.Cards;
import io.subtrack.transformer.rules.Cleaned.Outcome;
import io.subtrack.transformer.rules.Cleaned;
import io.subtrack.transformer.rules.CodeVariants;
import io.subtrack.transformer.rules.DateTimes;
import io.subtrack.transformer.rules.Normalize;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every normaliser both ways: what it changes, and what it leaves alone. */
class NormalizeTest {
    private static void assertCleaned(Cleaned c, String value, Outcome outcome) {
        assertEquals(value, c.value(), "value");
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
        assertCleaned(CodeVariants.code(raw, variants), code, Outcome.REPAIRED);
    }

    @Test
    void canonicalCodesAreLeftAloneAndUnknownOrEmptyOnesAreNotGuessed() {
        assertCleaned(CodeVariants.code("LOGOUT", CodeVariants.ACTIVITY_TYPE), "LOGOUT", Outcome.SAME);
        assertCleaned(CodeVariants.code("COMPLETED", CodeVariants.ACTIVITY_STATUS), "COMPLETED", Outcome.SAME);
        assertCleaned(CodeVariants.code("SMS", CodeVariants.CHANNEL), "SMS", Outcome.SAME);
        assertCleaned(CodeVariants.code("", CodeVariants.CHANNEL), null, Outcome.EMPTY);
        assertCleaned(CodeVariants.code(null, CodeVariants.ROLE), null, Outcome.EMPTY);
        assertCleaned(CodeVariants.code("boss", CodeVariants.ROLE), null, Outcome.INVALID);
    }

    @Test
    void emails() {
        assertCleaned(Normalize.email(" Lucie.McClain@Company.FR "), "lucie.mcclain@company.fr", Outcome.REPAIRED);
        assertCleaned(Normalize.email("carl95+4@example.com"), "carl95+4@example.com", Outcome.SAME);
        assertCleaned(Normalize.email("honoré.munoz@company.fr"), "honoré.munoz@company.fr", Outcome.SAME);
        assertCleaned(Normalize.email("user792"), null, Outcome.INVALID);
        assertCleaned(Normalize.email("tôt@localhost"), null, Outcome.INVALID);
        assertCleaned(Normalize.email("jean.le goff@company.fr"), null, Outcome.INVALID);
        assertCleaned(Normalize.email(""), null, Outcome.EMPTY);
    }

    @Test
    void personNames() {
        assertCleaned(Normalize.personName("KEVIN"), "Kevin", Outcome.REPAIRED);
        assertCleaned(Normalize.personName("THÉRÈSE"), "Thérèse", Outcome.REPAIRED);
        assertCleaned(Normalize.personName("le goff"), "Le Goff", Outcome.REPAIRED);
        assertCleaned(Normalize.personName("bègue"), "Bègue", Outcome.REPAIRED);
        assertCleaned(Normalize.personName("JEAN-PIERRE"), "Jean-Pierre", Outcome.REPAIRED);
        assertCleaned(Normalize.personName("Oconnor"), "Oconnor", Outcome.SAME);
        assertCleaned(Normalize.personName("McDonald"), "McDonald", Outcome.SAME);
        assertCleaned(Normalize.personName("Éric"), "Éric", Outcome.SAME);
        assertCleaned(Normalize.personName(""), null, Outcome.EMPTY);
    }

    @Test
    void companyNames() {
        assertCleaned(Normalize.companyName("TEXIER"), "Texier", Outcome.REPAIRED);
        assertCleaned(Normalize.companyName("GODARD S.A.S."), "Godard S.A.S.", Outcome.REPAIRED);
        assertCleaned(Normalize.companyName("NAVARRO ET FILS"), "Navarro et Fils", Outcome.REPAIRED);
        assertCleaned(Normalize.companyName("VASSEUR & LE ROUX"), "Vasseur & Le Roux", Outcome.REPAIRED);
        assertCleaned(Normalize.companyName("CAFÉ DE LA GARE"), "Café de la Gare", Outcome.REPAIRED);
        assertCleaned(Normalize.companyName("ROBINSON, CLARK AND MEADOWS"), "Robinson, Clark and Meadows", Outcome.REPAIRED);
        assertCleaned(Normalize.companyName("Diaz SA"), "Diaz SA", Outcome.SAME);
        assertCleaned(Normalize.companyName("Pierce-Harding"), "Pierce-Harding", Outcome.SAME);
        assertCleaned(Normalize.companyName(" "), null, Outcome.EMPTY);
    }

    @Test
    void addresses() {
        assertCleaned(Normalize.address("3888 Sean Lock; Bartonshire, UT 66098", "; "), "3888 Sean Lock, Bartonshire, UT 66098", Outcome.REPAIRED);
        assertCleaned(Normalize.address("18, chemin Durand - 26701 Chrétien", " - "), "18, chemin Durand, 26701 Chrétien", Outcome.REPAIRED);
        assertCleaned(Normalize.address("12 rue de Saint-Malo, 35000 Rennes", " - "), "12 rue de Saint-Malo, 35000 Rennes", Outcome.SAME);
    }

    @ParameterizedTest
    @CsvSource({"0437064353, +33437064353", "'+33 247463522', +33247463522", "'+33 (0)1 72 33 97 40', +33172339740",
        "'+33 2 69 44 47 21', +33269444721", "'02 44 01 43 88', +33244014388", "+1-725-853-7147, +17258537147",
        "001-210-569-0331x1907, +12105690331", "+1-872-843-4266x17979, +18728434266"})
    void phonesWithAKnowableCountryBecomeE164(String raw, String e164) {
        assertCleaned(Normalize.phone(raw), e164, Outcome.REPAIRED);
    }

    @Test
    void phonesWithoutAKnowableCountryAreNotGuessed() {
        assertCleaned(Normalize.phone("+33247463522"), "+33247463522", Outcome.SAME);
        assertCleaned(Normalize.phone("682.408.7653"), null, Outcome.INVALID);
        assertCleaned(Normalize.phone("(50) 8149-9379"), null, Outcome.INVALID);
        assertCleaned(Normalize.phone("(428)873-3427x0866"), null, Outcome.INVALID);
        assertCleaned(Normalize.phone("N/A"), null, Outcome.EMPTY);
        assertCleaned(Normalize.phone("+33 1234"), null, Outcome.INVALID);
    }

    @Test
    void booleans() {
        assertCleaned(Normalize.bool("1"), "true", Outcome.SAME);
        assertCleaned(Normalize.bool("0"), "false", Outcome.SAME);
        assertCleaned(Normalize.bool("true"), "true", Outcome.REPAIRED);
        assertCleaned(Normalize.bool("false"), "false", Outcome.REPAIRED);
        assertCleaned(Normalize.bool("Oui"), "true", Outcome.REPAIRED);
        assertCleaned(Normalize.bool("Non"), "false", Outcome.REPAIRED);
        assertCleaned(Normalize.bool(null), null, Outcome.EMPTY);
        assertCleaned(Normalize.bool("peut-être"), null, Outcome.INVALID);
    }

    @ParameterizedTest
    @CsvSource({"'54.25 €', 54.25", "'EUR 92.58', 92.58", "'26,35', 26.35", "'19,0', 19.00", "'9.9 €', 9.90", "'EUR 9.9', 9.90"})
    void decoratedAmountsAreRepaired(String raw, String amount) {
        assertCleaned(Normalize.money(raw), amount, Outcome.REPAIRED);
    }

    @Test
    void plainAmountsAreKeptAndUnusableOnesRefused() {
        assertCleaned(Normalize.money("86.48"), "86.48", Outcome.SAME);
        assertCleaned(Normalize.money("74"), "74.00", Outcome.SAME);
        assertCleaned(Normalize.money("-12.50"), null, Outcome.INVALID);
        assertCleaned(Normalize.money("250000"), null, Outcome.INVALID);
        assertCleaned(Normalize.money("USD 12.00"), null, Outcome.INVALID);
        assertCleaned(Normalize.money("12.345"), null, Outcome.INVALID);
        assertCleaned(Normalize.money(null), null, Outcome.EMPTY);
    }

    @Test
    void datesAndTheAmbiguousDayMonthPolicy() {
        assertCleaned(DateTimes.date("2025-02-24"), "2025-02-24", Outcome.SAME);
        assertCleaned(DateTimes.date("24/02/2025"), "2025-02-24", Outcome.REPAIRED);
        assertCleaned(DateTimes.date("10/23/2024"), "2024-10-23", Outcome.REPAIRED);
        // both parts <= 12: slash form is read day first, and flagged ambiguous
        assertCleaned(DateTimes.date("01/07/2025"), "2025-07-01", Outcome.AMBIGUOUS);
        // dash form with the year last is the source's US export: month first when ambiguous
        assertCleaned(DateTimes.date("03-04-2025"), "2025-03-04", Outcome.AMBIGUOUS);
        assertCleaned(DateTimes.date("07-25-2024"), "2024-07-25", Outcome.REPAIRED);
        // the same number twice is not ambiguous
        assertCleaned(DateTimes.date("05/05/2025"), "2025-05-05", Outcome.REPAIRED);
        assertCleaned(DateTimes.date("31/02/2025"), null, Outcome.INVALID);
        assertCleaned(DateTimes.date("13/13/2025"), null, Outcome.INVALID);
        assertCleaned(DateTimes.date("soon"), null, Outcome.INVALID);
    }

    @Test
    void timestamps() {
        assertCleaned(DateTimes.timestamp("2025-04-18 03:30:30"), "2025-04-18T03:30:30", Outcome.SAME);
        assertCleaned(DateTimes.timestamp("2025-04-18T03:30:30"), "2025-04-18T03:30:30", Outcome.SAME);
        assertCleaned(DateTimes.timestamp("2025-02-17 00:51:37.000000"), "2025-02-17T00:51:37", Outcome.REPAIRED);
        assertCleaned(DateTimes.timestamp("2025-01-05T10:00:00.123Z"), "2025-01-05T10:00:00", Outcome.REPAIRED);
        assertCleaned(DateTimes.timestamp("2025-04-22"), "2025-04-22T00:00:00", Outcome.REPAIRED);
        assertCleaned(DateTimes.timestamp("22/04/2025 12:19"), "2025-04-22T12:19:00", Outcome.REPAIRED);
        assertCleaned(DateTimes.timestamp("12/04/2025 12:19"), "2025-04-12T12:19:00", Outcome.AMBIGUOUS);
        assertCleaned(DateTimes.timestamp("2025-04-22 25:00:00"), null, Outcome.INVALID);
        assertEquals(true, DateTimes.isSentinel("2023-12-31T23:59:59.999Z"));
        assertEquals(false, DateTimes.isSentinel("2023-12-31T23:59:58.999Z"));
    }

    @ParameterizedTest
    @CsvSource({"06/25, 2025-06-30", "04/2028, 2028-04-30", "2026-03, 2026-03-31", "2028-03-28, 2028-03-31",
        "22/08/2027, 2027-08-31", "02/2028, 2028-02-29"})
    void cardExpiryIsTheLastDayOfItsMonth(String raw, String expiry) {
        assertCleaned(Cards.cardExpiry(raw), expiry, Outcome.REPAIRED);
    }

    @Test
    void aCardExpiryWithTwoReadingsIsReadByPolicyAndSaysSo() {
        // April (day first) or June: the record holds no other date that could decide
        assertCleaned(Cards.cardExpiry("06/04/2026"), "2026-04-30", Outcome.AMBIGUOUS);
    }

    @Test
    void cardExpiryAlreadyCanonicalOrUnreadable() {
        assertCleaned(Cards.cardExpiry("2026-04-30"), "2026-04-30", Outcome.SAME);
        assertCleaned(Cards.cardExpiry("13/2026"), null, Outcome.INVALID);
    }

    @Test
    void cardsKeepOnlyTheirLastFourDigits() {
        assertCleaned(Cards.cardLast4("2260119393250120"), "0120", Outcome.REPAIRED);
        assertCleaned(Cards.cardLast4("340902559056169"), "6169", Outcome.REPAIRED);
        assertCleaned(Cards.cardLast4("4591123829651"), "9651", Outcome.REPAIRED);
        assertCleaned(Cards.cardLast4("7366 XXXX XXXX 9026"), "9026", Outcome.REPAIRED);
        assertCleaned(Cards.cardLast4("**** **** **** 9730"), "9730", Outcome.REPAIRED);
        assertCleaned(Cards.cardLast4("9730"), "9730", Outcome.SAME);
        // X in place of the last digit, or a Luhn failure: not a card number we can trust
        assertCleaned(Cards.cardLast4("226011939325012X"), null, Outcome.INVALID);
        assertCleaned(Cards.cardLast4("2260119393250121"), null, Outcome.INVALID);
        assertEquals("****012X", Cards.maskCard("226011939325012X"));
        assertNull(Cards.maskCard(null));
    }

    @Test
    void freeText() {
        assertCleaned(Normalize.text("  Basic plan "), "Basic plan", Outcome.REPAIRED);
        assertCleaned(Normalize.text("Basic plan"), "Basic plan", Outcome.SAME);
        assertCleaned(Normalize.text(""), null, Outcome.EMPTY);
    }
}
