package io.subtrack.transformer.rules;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The source spellings of every code set, mapped to the processed model's codes. The codes themselves are declared
 * with their columns (ProcessedTable); each code column's rule (CodeValue, in Rules) names its variants here, and a
 * test holds every declared code to a variant and every variant's code to the declaration.
 */
public final class CodeVariants {
    private CodeVariants() {}

    private static final java.util.regex.Pattern MARKS = java.util.regex.Pattern.compile("\\p{M}+");
    private static final java.util.regex.Pattern NON_ALNUM = java.util.regex.Pattern.compile("[^A-Z0-9]+");
    private static final java.util.regex.Pattern EDGE_UNDERSCORES = java.util.regex.Pattern.compile("^_|_$");
    /** A code set; remembers the raw spellings it has already mapped (the source repeats a handful of variants). */
    static final class CodeSet extends HashMap<String, String> {
        final java.util.concurrent.ConcurrentHashMap<String, String> seen = new java.util.concurrent.ConcurrentHashMap<>();
    }
    private static final int MAX_SEEN = 10_000;
    private static final String UNKNOWN = "\u0000unknown";

    /** Lookup key of a code variant: accents removed, upper case, separators collapsed to '_'. */
    static String codeKey(String raw) {
        String s = Normalizer.normalize(raw.strip(), Normalizer.Form.NFD);
        s = MARKS.matcher(s).replaceAll("").toUpperCase(Locale.ROOT);
        s = NON_ALNUM.matcher(s).replaceAll("_");
        return EDGE_UNDERSCORES.matcher(s).replaceAll("");
    }


    private static Map<String, String> codes(String... pairs) {
        CodeSet m = new CodeSet();
        for (int i = 0; i < pairs.length; i += 2) m.put(codeKey(pairs[i]), pairs[i + 1]);
        return m;
    }

    public static final Map<String, String> ROLE = codes("USER", "USER", "utilisateur", "USER", "ADMIN", "ADMIN",
        "administrateur", "ADMIN", "SUPPLIER", "SUPPLIER", "fournisseur", "SUPPLIER", "MANAGER", "MANAGER", "gestionnaire", "MANAGER");
    public static final Map<String, String> CATEGORY = codes("STREAMING", "STREAMING", "MUSIC", "MUSIC", "musique", "MUSIC",
        "CLOUD", "CLOUD", "Cloud Storage", "CLOUD", "TELECOM", "TELECOM", "FORFAIT APPEL CONX", "TELECOM", "telecommunications", "TELECOM");
    public static final Map<String, String> BILLING = codes("DAILY", "DAILY", "QUOTIDIEN", "DAILY", "WEEKLY", "WEEKLY",
        "HEBDOMADAIRE", "WEEKLY", "SEMIMONTHLY", "SEMIMONTHLY", "Bi-Mensuel", "SEMIMONTHLY", "BIMENSUEL", "SEMIMONTHLY",
        "SEMI_MONTHLY", "SEMIMONTHLY", "MONTHLY", "MONTHLY", "MENSUEL", "MONTHLY", "MENSUAL", "MONTHLY",
        "ANNUAL", "ANNUAL", "ANNUEL", "ANNUAL", "YEARLY", "ANNUAL");
    public static final Map<String, String> SUBSCRIPTION_STATUS = codes("ACTIVE", "ACTIVE", "ACTIF", "ACTIVE",
        "INACTIVE", "INACTIVE", "INACTIF", "INACTIVE", "PENDING", "PENDING", "EN ATTENTE", "PENDING",
        "SUSPENDED", "SUSPENDED", "SUSPENDU", "SUSPENDED", "EXPIRED", "EXPIRED", "EXPIRE", "EXPIRED",
        "CANCELLED", "CANCELLED", "CANCELED", "CANCELLED", "ANNULE", "CANCELLED");
    public static final Map<String, String> PAYMENT_METHOD = codes("CREDIT_CARD", "CREDIT_CARD", "CARTE_CREDIT", "CREDIT_CARD",
        "carte crédit", "CREDIT_CARD", "carte de crédit", "CREDIT_CARD", "BANK_TRANSFER", "BANK_TRANSFER", "VIREMENT", "BANK_TRANSFER",
        "Virement Bancaire", "BANK_TRANSFER", "DIRECT_DEBIT", "DIRECT_DEBIT", "Prélèvement", "DIRECT_DEBIT",
        "PAYPAL", "PAYPAL", "APPLE_PAY", "APPLE_PAY", "Apple Pay", "APPLE_PAY");
    public static final Map<String, String> PAYMENT_STATUS = codes("SUCCEEDED", "SUCCEEDED", "REUSSI", "SUCCEEDED",
        "success", "SUCCEEDED", "SUCCESS", "SUCCEEDED", "FAILED", "FAILED", "ECHOUE", "FAILED", "PENDING", "PENDING",
        "En attente", "PENDING", "CANCELLED", "CANCELLED", "Annulé", "CANCELLED", "REFUNDED", "REFUNDED", "Remboursé", "REFUNDED");
    public static final Map<String, String> METHOD_TYPE = codes("CREDIT_CARD", "CREDIT_CARD", "Carte Bancaire", "CREDIT_CARD",
        "CARTE_CREDIT", "CREDIT_CARD", "VISA", "VISA", "MASTERCARD", "MASTERCARD", "Master Card", "MASTERCARD",
        "AMEX", "AMEX", "American Express", "AMEX", "PAYPAL", "PAYPAL", "BANK_TRANSFER", "BANK_TRANSFER", "VIREMENT", "BANK_TRANSFER");
    public static final Map<String, String> NOTIFICATION_TYPE = codes("PAYMENT_REMINDER", "PAYMENT_REMINDER",
        "SUBSCRIPTION_EXPIRY", "SUBSCRIPTION_EXPIRY", "SYSTEM_ALERT", "SYSTEM_ALERT", "URGENT", "URGENT", "INFO", "INFO");
    public static final Map<String, String> CHANNEL = codes("EMAIL", "EMAIL", "E-MAIL", "EMAIL", "SMS", "SMS",
        "PUSH", "PUSH", "IN_APP", "IN_APP", "In-App", "IN_APP");
    public static final Map<String, String> ACTIVITY_TYPE = codes("SUBSCRIPTION_CREATED", "SUBSCRIPTION_CREATED",
        "creation abonnement", "SUBSCRIPTION_CREATED", "CREATION_ABONEMMENT", "SUBSCRIPTION_CREATED", "CREATION_ABONNEMENT", "SUBSCRIPTION_CREATED",
        "SUBSCRIPTION_CANCELLED", "SUBSCRIPTION_CANCELLED", "annulation", "SUBSCRIPTION_CANCELLED",
        "ANNULATION_ABONEMMENT", "SUBSCRIPTION_CANCELLED", "ANNULATION_ABONNEMENT", "SUBSCRIPTION_CANCELLED",
        "PRICE_CHANGED", "PRICE_CHANGED", "PRIX_ABONEMENT_CHANGE", "PRICE_CHANGED", "PRIX_ABONNEMENT_CHANGE", "PRICE_CHANGED",
        "PAYMENT_SUCCEEDED", "PAYMENT_SUCCEEDED", "PAIMENT_SUCCCES", "PAYMENT_SUCCEEDED", "PAIEMENT_SUCCES", "PAYMENT_SUCCEEDED",
        "PAYMENT_FAILED", "PAYMENT_FAILED", "ECHOUE_PAIEMENT", "PAYMENT_FAILED", "PROFILE_UPDATED", "PROFILE_UPDATED",
        "MODIFICATION_PROFIL", "PROFILE_UPDATED", "LOGIN", "LOGIN", "LOGOUT", "LOGOUT");
    public static final Map<String, String> ACTIVITY_STATUS = codes("COMPLETED", "COMPLETED", "FAILED", "FAILED",
        "PENDING", "PENDING", "IN_PROGRESS", "IN_PROGRESS", "In Progress", "IN_PROGRESS");
    public static final Map<String, String> SECTOR = codes("TECHNOLOGY", "TECHNOLOGY", "Technologie", "TECHNOLOGY", "tech", "TECHNOLOGY",
        "HEALTH", "HEALTH", "Santé", "HEALTH", "CONSTRUCTION", "CONSTRUCTION", "TRANSPORT", "TRANSPORT",
        "INDUSTRY", "INDUSTRY", "INDUSTRIE", "INDUSTRY", "COMMERCE", "COMMERCE", "AGRICULTURE", "AGRICULTURE",
        "FINANCE", "FINANCE", "EDUCATION", "EDUCATION", "Éducation", "EDUCATION", "OTHER", "OTHER", "Autre", "OTHER");

    /** Maps a code variant; the canonical code itself is SAME, empty EMPTY, anything unknown INVALID. */
    public static Cleaned code(String raw, Map<String, String> variants) {
        if (raw == null || raw.isBlank()) return Cleaned.EMPTY;
        var seen = variants instanceof CodeSet cs ? cs.seen : null;
        String code = seen == null ? null : seen.get(raw);
        if (code == null) {
            code = variants.get(codeKey(raw));
            if (code == null) code = UNKNOWN;
            if (seen != null && seen.size() < MAX_SEEN) seen.put(raw, code);
        }
        return code == UNKNOWN ? Cleaned.INVALID : Cleaned.of(raw, code);
    }
}
