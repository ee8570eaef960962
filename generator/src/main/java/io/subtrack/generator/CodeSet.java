package io.subtrack.generator;

import io.subtrack.common.truth.EncodedString;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An enumerated field: its canonical upper-case English codes (the processed model's) and, for
 * each, the variants the SubTrack source sends for it (as seen in the fixture).
 */
final class CodeSet {
    final String[] codes;
    /** The codes pre-encoded for the JSON writer. */
    final EncodedString[] encoded;
    final String[][] variants;
    private final int[] codesWithVariants;

    private CodeSet(String[] codes, String[][] variants) {
        this.codes = codes;
        this.encoded = new EncodedString[codes.length];
        for (int i = 0; i < codes.length; i++) encoded[i] = new EncodedString(codes[i]);
        this.variants = variants;
        List<Integer> with = new ArrayList<>();
        for (int i = 0; i < codes.length; i++) if (variants[i].length > 0) with.add(i);
        this.codesWithVariants = with.stream().mapToInt(Integer::intValue).toArray();
    }

    int randomCode(SplittableRandom r) {
        return r.nextInt(codes.length);
    }

    /** A code that has at least one source variant, so a variant can be written for it. */
    int randomCodeWithVariant(SplittableRandom r) {
        return codesWithVariants[r.nextInt(codesWithVariants.length)];
    }

    String randomVariant(SplittableRandom r, int code) {
        String[] v = variants[code];
        return v[r.nextInt(v.length)];
    }

    /** The index of {@code code} in this set. */
    int indexOf(String code) {
        for (int i = 0; i < codes.length; i++) if (codes[i].equals(code)) return i;
        throw new IllegalArgumentException(code);
    }

    private static CodeSet of(Object... codeThenVariants) {
        List<String> codes = new ArrayList<>();
        List<String[]> variants = new ArrayList<>();
        for (int i = 0; i < codeThenVariants.length; i += 2) {
            codes.add((String) codeThenVariants[i]);
            variants.add((String[]) codeThenVariants[i + 1]);
        }
        return new CodeSet(codes.toArray(String[]::new), variants.toArray(String[][]::new));
    }

    private static String[] v(String... variants) {
        return variants;
    }

    static final CodeSet ROLE = of(
        "USER", v("utilisateur"), "ADMIN", v("admin"), "SUPPLIER", v("fournisseur"), "MANAGER", v("manager"));
    static final CodeSet SECTOR = of(
        "TECHNOLOGY", v("Technologie", "tech"), "HEALTH", v("Santé"), "CONSTRUCTION", v("Construction"),
        "TRANSPORT", v("Transport"), "INDUSTRY", v("Industrie", "INDUSTRIE"), "COMMERCE", v("Commerce"),
        "AGRICULTURE", v("Agriculture"), "FINANCE", v("Finance"), "EDUCATION", v("Éducation"), "OTHER", v("Autre"));
    static final CodeSet NOTIFICATION_TYPE = of(
        "PAYMENT_REMINDER", v("payment_reminder"), "SUBSCRIPTION_EXPIRY", v("Subscription Expiry"),
        "SYSTEM_ALERT", v(), "URGENT", v(), "INFO", v());
    static final CodeSet CHANNEL = of(
        "EMAIL", v("email"), "SMS", v(), "PUSH", v("push"), "IN_APP", v("In-App"));
    static final CodeSet ACTIVITY_TYPE = of(
        "SUBSCRIPTION_CREATED", v("creation abonnement", "CREATION_ABONEMMENT"),
        "SUBSCRIPTION_CANCELLED", v("annulation", "ANNULATION_ABONEMMENT"),
        "PRICE_CHANGED", v("PRIX_ABONEMENT_CHANGE"), "PAYMENT_SUCCEEDED", v("PAIMENT_SUCCCES"),
        "PAYMENT_FAILED", v("ECHOUE_PAIEMENT"), "PROFILE_UPDATED", v("MODIFICATION_PROFIL"),
        "LOGIN", v("login"), "LOGOUT", v());
    static final CodeSet ACTIVITY_STATUS = of(
        "COMPLETED", v(), "FAILED", v("failed"), "PENDING", v(), "IN_PROGRESS", v("In Progress"));
    static final CodeSet PLAN_CATEGORY = of(
        "STREAMING", v("streaming"), "MUSIC", v(), "CLOUD", v("Cloud Storage"), "TELECOM", v("FORFAIT APPEL CONX"));
    static final CodeSet BILLING_CYCLE = of(
        "DAILY", v("QUOTIDIEN"), "WEEKLY", v("HEBDOMADAIRE"), "SEMIMONTHLY", v("Bi-Mensuel"),
        "MONTHLY", v("mensuel", "MENSUAL"), "ANNUAL", v("ANNUEL", "Annual"));
    static final CodeSet SUBSCRIPTION_STATUS = of(
        "ACTIVE", v("actif", "ACTIF"), "INACTIVE", v("Inactif"), "PENDING", v(), "SUSPENDED", v("SUSPENDU"),
        "EXPIRED", v("EXPIRE"), "CANCELLED", v("ANNULE"));
    static final CodeSet PAYMENT_METHOD = of(
        "CREDIT_CARD", v("CARTE_CREDIT", "carte crédit"), "BANK_TRANSFER", v("VIREMENT", "Virement Bancaire"),
        "DIRECT_DEBIT", v("Prélèvement"), "PAYPAL", v("PayPal"), "APPLE_PAY", v("Apple Pay"));
    static final CodeSet PAYMENT_STATUS = of(
        "SUCCEEDED", v("REUSSI", "success"), "FAILED", v("ECHOUE", "Failed"), "PENDING", v("En attente"),
        "CANCELLED", v("Annulé"), "REFUNDED", v("Remboursé"));
    static final CodeSet METHOD_TYPE = of(
        "CREDIT_CARD", v("CARTE_CREDIT", "Carte Bancaire"), "VISA", v(), "MASTERCARD", v("MasterCard"),
        "AMEX", v(), "PAYPAL", v("PayPal"), "BANK_TRANSFER", v("VIREMENT"));
}
