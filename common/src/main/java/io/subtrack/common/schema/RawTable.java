package io.subtrack.common.schema;

import static io.subtrack.common.schema.RawFields.*;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The twelve tables of the SubTrack raw layout (SPEC section 3), declared once: their source field
 * names ({@link RawFields}) in source order and the natural key that identifies a record. The raw SQL tables
 * (sql/raw/) carry a surrogate row_id, exactly these columns as NVARCHAR, then
 * {@link #RECORD_HASH_COLUMN} and the {@link #LINEAGE_COLUMNS}; a test holds the two together.
 */
public enum RawTable {
    USER("raw_User", keys(USER_ID), sensitive(USER_PASSWORD),
        RAW_ID, USER_ID, USER_EMAIL, USER_PASSWORD, USER_ROLE, EXTRACTED_AT, SOURCE_SYSTEM, USER_QUALITY_FLAG),
    USER_PROFILE("raw_Utilisateur_personnel", keys(USER_ID),
        RAW_ID, USER_ID, PROFILE_FIRST_NAME, PROFILE_LAST_NAME, PROFILE_PHONE, PROFILE_ADDRESS, EXTRACTED_AT, SOURCE_SYSTEM, PROFILE_QUALITY_NOTES),
    ADMIN("raw_Admin", keys(USER_ID),
        RAW_ID, USER_ID, EXTRACTED_AT, SOURCE_SYSTEM),
    USER_SUPPLIER("raw_Utilisateur_fournisseur", keys(USER_ID, SUPPLIER_ID),
        RAW_ID, USER_ID, SUPPLIER_ID, EXTRACTED_AT, SOURCE_SYSTEM),
    SUPPLIER("raw_Fournisseur", keys(SUPPLIER_ID),
        RAW_ID, SUPPLIER_ID, SUPPLIER_NAME, SUPPLIER_EMAIL, SUPPLIER_PHONE, SUPPLIER_ADDRESS,
        SUPPLIER_SECTOR, EXTRACTED_AT, SOURCE_SYSTEM),
    NOTIFICATION("raw_Notifications", keys(NOTIFICATION_ID),
        RAW_ID, NOTIFICATION_ID, NOTIFICATION_TYPE, NOTIFICATION_SENT_AT, NOTIFICATION_CHANNEL, NOTIFICATION_CONTENT, EXTRACTED_AT, SOURCE_SYSTEM),
    JOURNAL("raw_Journal", keys(JOURNAL_ID),
        RAW_ID, JOURNAL_ID, USER_ID, PLAN_ID, JOURNAL_DESCRIPTION, JOURNAL_ACTIVITY_TYPE, JOURNAL_CREATED_AT,
        JOURNAL_PREVIOUS_VALUE, JOURNAL_NEW_VALUE, JOURNAL_STATUS, JOURNAL_EVENT_TIME, EXTRACTED_AT, SOURCE_SYSTEM),
    PLAN("raw_Abonnement", keys(PLAN_ID),
        RAW_ID, PLAN_ID, SUPPLIER_ID, PLAN_TITLE, PLAN_DESCRIPTION, PLAN_PRICE,
        PLAN_CATEGORY, EXTRACTED_AT, SOURCE_SYSTEM),
    PAYMENT("raw_Paiement", keys(PAYMENT_ID),
        RAW_ID, PAYMENT_ID, PLAN_ID, USER_ID, PAYMENT_MEANS, PAYMENT_DATE, PAYMENT_AMOUNT,
        PAYMENT_REASON, PAYMENT_STATUS, EXTRACTED_AT, SOURCE_SYSTEM),
    PAYMENT_METHOD("raw_MethodePaiement", keys(PAYMENT_ID), sensitive(METHOD_CARD),
        RAW_ID, PAYMENT_ID, USER_ID, METHOD_CARD, METHOD_CARD_EXPIRY, METHOD_TYPE, EXTRACTED_AT, SOURCE_SYSTEM),
    USER_NOTIFICATION("raw_UtilisateurNotif", keys(USER_ID, NOTIFICATION_ID),
        RAW_ID, USER_ID, NOTIFICATION_ID, USER_NOTIFICATION_READ, USER_NOTIFICATION_URGENT, EXTRACTED_AT, SOURCE_SYSTEM),
    SUBSCRIPTION("raw_utilisateur_abonement", keys(USER_ID, PLAN_ID),
        RAW_ID, USER_ID, PLAN_ID, SUBSCRIPTION_BILLING_CYCLE, SUBSCRIPTION_STATUS, SUBSCRIPTION_RENEWAL_DATE,
        SUBSCRIPTION_START_DATE, SUBSCRIPTION_NEXT_BILLING_DATE, EXTRACTED_AT, SOURCE_SYSTEM);

    /**
     * Hash of the record as sent (SHA-256, BINARY(32)): a record delivered again by a later run is
     * stored once. Unique together with {@link #SOURCE_ROW_FIELD} (sql/raw, uq_*_record).
     */
    public static final String RECORD_HASH_COLUMN = "record_hash";

    /**
     * The source's row number, the first field of every table. It leads the unique record key
     * (source row, record hash): the hash alone decides (it covers the row number too), but keyed
     * by a number that grows through the file, new records land side by side in the index instead
     * of at random places, which made the raw load several times slower (docs/benchmarks.md).
     */
    public static final String SOURCE_ROW_FIELD = RAW_ID;

    /** Lineage columns every raw SQL table carries after the record hash. */
    public static final List<String> LINEAGE_COLUMNS =
        List.of("kafka_topic", "kafka_partition", "kafka_offset", "ingested_at");

    /**
     * The extract a row arrived in (SPEC 7a), the last column of every raw table: added by a migration
     * to tables that existed before, so it follows the lineage columns; NULL on rows loaded before.
     */
    public static final String EXTRACT_ID_COLUMN = "extract_id";

    private static final List<RawTable> ALL = List.of(values());
    private static final Map<String, RawTable> BY_NAME = new HashMap<>();

    static {
        for (RawTable t : values()) BY_NAME.put(t.tableName, t);
    }

    private final String tableName;
    private final List<String> keyFields;
    private final List<String> fields;
    private final List<String> sensitiveFields;

    RawTable(String tableName, String[] keyFields, String... fields) {
        this(tableName, keyFields, sensitive(), fields);
    }

    RawTable(String tableName, String[] keyFields, Sensitive sensitive, String... fields) {
        this.tableName = tableName;
        this.keyFields = List.of(keyFields);
        this.fields = List.of(fields);
        this.sensitiveFields = List.of(sensitive.fields);
        for (String f : sensitiveFields) {
            // encrypted values cannot key a record or date it: the transformer reads keys and dates without a key
            if (!this.fields.contains(f) || this.keyFields.contains(f) || f.equals(RAW_ID) || f.equals(EXTRACTED_AT)) {
                throw new IllegalArgumentException(tableName + ": sensitive field " + f + " must be a column that is not a key");
            }
        }
    }

    private static String[] keys(String... k) {
        return k;
    }

    /** The fields of a table encrypted from the first hop on (docs/field-encryption.md). */
    private record Sensitive(String... fields) {}

    private static Sensitive sensitive(String... fields) {
        return new Sensitive(fields);
    }

    public String tableName() { return tableName; }
    public List<String> keyFields() { return keyFields; }
    public List<String> fields() { return fields; }

    /**
     * The fields producer-raw encrypts before they leave the source file (card numbers, passwords): Kafka, the raw
     * tables and the dead letters hold their ciphertext; the transformer alone decrypts them. Marking a field is one
     * argument of its table's declaration above.
     */
    public List<String> sensitiveFields() { return sensitiveFields; }

    /** The raw tables, in the order the original generator writes them. */
    public static List<RawTable> all() {
        return ALL;
    }

    /** The table of that source name, or null if the name is not part of the raw layout. */
    public static RawTable byName(String name) {
        return BY_NAME.get(name);
    }
}
