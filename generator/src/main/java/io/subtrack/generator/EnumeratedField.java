package io.subtrack.generator;

import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.truth.EncodedString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * An enumerated raw field: the canonical codes of the processed column it feeds, taken from that
 * column's declaration ({@link Column#codes()}, in declaration order), and for each code the
 * variants the SubTrack source sends for it (as seen in the fixture). A code added to the
 * declaration is generated without a change here; a variant of a code the declaration does not
 * have stops the generator at class initialisation.
 */
final class EnumeratedField {
    final RawTable rawTable;
    final String rawField;
    final ProcessedTable processedTable;
    final Column column;
    final String[] codes;
    /** The codes pre-encoded for the JSON writer. */
    final EncodedString[] encoded;
    final String[][] variants;
    private final int[] codesWithVariants;

    private EnumeratedField(RawTable rawTable, String rawField, ProcessedTable processedTable, String column, Variants... sourceForms) {
        this.rawTable = rawTable;
        this.rawField = rawField;
        this.processedTable = processedTable;
        this.column = processedTable.column(column);
        if (this.column == null || !this.column.isCode()) {
            throw new IllegalStateException(processedTable.tableName() + "." + column + " is not a declared code column");
        }
        this.codes = this.column.codes().toArray(String[]::new);
        this.encoded = Arrays.stream(codes).map(EncodedString::new).toArray(EncodedString[]::new);
        this.variants = new String[codes.length][0];
        for (Variants v : sourceForms) {
            int i = this.column.codes().indexOf(v.code);
            if (i < 0) throw new IllegalStateException(v.code + " is not a code of " + processedTable.tableName() + "." + column);
            variants[i] = v.sourceForms;
        }
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

    /** The source's forms of one code. */
    private record Variants(String code, String[] sourceForms) {}

    private static Variants code(String code, String... sourceForms) {
        return new Variants(code, sourceForms);
    }

    static final EnumeratedField ROLE = new EnumeratedField(RawTable.USER, RawFields.USER_ROLE, ProcessedTable.USERS, "role",
        code("USER", "utilisateur"), code("ADMIN", "admin"), code("SUPPLIER", "fournisseur"), code("MANAGER", "manager"));
    static final EnumeratedField SECTOR = new EnumeratedField(RawTable.SUPPLIER, RawFields.SUPPLIER_SECTOR, ProcessedTable.SUPPLIERS, "sector",
        code("TECHNOLOGY", "Technologie", "tech"), code("HEALTH", "Santé"), code("CONSTRUCTION", "Construction"),
        code("TRANSPORT", "Transport"), code("INDUSTRY", "Industrie", "INDUSTRIE"), code("COMMERCE", "Commerce"),
        code("AGRICULTURE", "Agriculture"), code("FINANCE", "Finance"), code("EDUCATION", "Éducation"), code("OTHER", "Autre"));
    static final EnumeratedField NOTIFICATION_TYPE = new EnumeratedField(RawTable.NOTIFICATION, RawFields.NOTIFICATION_TYPE,
        ProcessedTable.NOTIFICATIONS, "type",
        code("PAYMENT_REMINDER", "payment_reminder"), code("SUBSCRIPTION_EXPIRY", "Subscription Expiry"));
    static final EnumeratedField CHANNEL = new EnumeratedField(RawTable.NOTIFICATION, RawFields.NOTIFICATION_CHANNEL,
        ProcessedTable.NOTIFICATIONS, "channel",
        code("EMAIL", "email"), code("PUSH", "push"), code("IN_APP", "In-App"));
    static final EnumeratedField ACTIVITY_TYPE = new EnumeratedField(RawTable.JOURNAL, RawFields.JOURNAL_ACTIVITY_TYPE,
        ProcessedTable.ACTIVITY_LOG, "activity_type",
        code("SUBSCRIPTION_CREATED", "creation abonnement", "CREATION_ABONEMMENT"),
        code("SUBSCRIPTION_CANCELLED", "annulation", "ANNULATION_ABONEMMENT"),
        code("PRICE_CHANGED", "PRIX_ABONEMENT_CHANGE"), code("PAYMENT_SUCCEEDED", "PAIMENT_SUCCCES"),
        code("PAYMENT_FAILED", "ECHOUE_PAIEMENT"), code("PROFILE_UPDATED", "MODIFICATION_PROFIL"), code("LOGIN", "login"));
    static final EnumeratedField ACTIVITY_STATUS = new EnumeratedField(RawTable.JOURNAL, RawFields.JOURNAL_STATUS,
        ProcessedTable.ACTIVITY_LOG, "status",
        code("FAILED", "failed"), code("IN_PROGRESS", "In Progress"));
    static final EnumeratedField PLAN_CATEGORY = new EnumeratedField(RawTable.PLAN, RawFields.PLAN_CATEGORY, ProcessedTable.PLANS, "category",
        code("STREAMING", "streaming"), code("CLOUD", "Cloud Storage"), code("TELECOM", "FORFAIT APPEL CONX"));
    static final EnumeratedField BILLING_CYCLE = new EnumeratedField(RawTable.SUBSCRIPTION, RawFields.SUBSCRIPTION_BILLING_CYCLE,
        ProcessedTable.SUBSCRIPTIONS, "billing_cycle",
        code("DAILY", "QUOTIDIEN"), code("WEEKLY", "HEBDOMADAIRE"), code("SEMIMONTHLY", "Bi-Mensuel"),
        code("MONTHLY", "mensuel", "MENSUAL"), code("ANNUAL", "ANNUEL", "Annual"));
    static final EnumeratedField SUBSCRIPTION_STATUS = new EnumeratedField(RawTable.SUBSCRIPTION, RawFields.SUBSCRIPTION_STATUS,
        ProcessedTable.SUBSCRIPTIONS, "status",
        code("ACTIVE", "actif", "ACTIF"), code("INACTIVE", "Inactif"), code("SUSPENDED", "SUSPENDU"),
        code("EXPIRED", "EXPIRE"), code("CANCELLED", "ANNULE"));
    static final EnumeratedField PAYMENT_METHOD = new EnumeratedField(RawTable.PAYMENT, RawFields.PAYMENT_MEANS, ProcessedTable.PAYMENTS, "method",
        code("CREDIT_CARD", "CARTE_CREDIT", "carte crédit"), code("BANK_TRANSFER", "VIREMENT", "Virement Bancaire"),
        code("DIRECT_DEBIT", "Prélèvement"), code("PAYPAL", "PayPal"), code("APPLE_PAY", "Apple Pay"));
    static final EnumeratedField PAYMENT_STATUS = new EnumeratedField(RawTable.PAYMENT, RawFields.PAYMENT_STATUS, ProcessedTable.PAYMENTS, "status",
        code("SUCCEEDED", "REUSSI", "success"), code("FAILED", "ECHOUE", "Failed"), code("PENDING", "En attente"),
        code("CANCELLED", "Annulé"), code("REFUNDED", "Remboursé"));
    static final EnumeratedField METHOD_TYPE = new EnumeratedField(RawTable.PAYMENT_METHOD, RawFields.METHOD_TYPE,
        ProcessedTable.PAYMENT_METHODS, "method_type",
        code("CREDIT_CARD", "CARTE_CREDIT", "Carte Bancaire"), code("MASTERCARD", "MasterCard"), code("PAYPAL", "PayPal"),
        code("BANK_TRANSFER", "VIREMENT"));

    /** Every code set the generator writes, one per enumerated raw field. */
    static List<EnumeratedField> all() {
        return List.of(ROLE, SECTOR, NOTIFICATION_TYPE, CHANNEL, ACTIVITY_TYPE, ACTIVITY_STATUS, PLAN_CATEGORY, BILLING_CYCLE,
            SUBSCRIPTION_STATUS, PAYMENT_METHOD, PAYMENT_STATUS, METHOD_TYPE);
    }
}
