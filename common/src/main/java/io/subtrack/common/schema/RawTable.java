package io.subtrack.common.schema;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The twelve tables of the SubTrack raw layout (SPEC section 3), declared once: their source field
 * names in source order and the natural key that identifies a record. The raw SQL tables
 * (sql/raw/) carry a surrogate row_id, exactly these columns as NVARCHAR, then
 * {@link #RECORD_HASH_COLUMN} and the {@link #LINEAGE_COLUMNS}; a test holds the two together.
 */
public enum RawTable {
    USER("raw_User", keys("userId"),
        "raw_id", "userId", "email", "motsDePasse", "role", "date_extraction", "source_system", "data_quality_flag"),
    USER_PROFILE("raw_Utilisateur_personnel", keys("userId"),
        "raw_id", "userId", "prenom", "nom", "telephone", "adresse", "date_extraction", "source_system", "data_quality_notes"),
    ADMIN("raw_Admin", keys("userId"),
        "raw_id", "userId", "date_extraction", "source_system"),
    USER_SUPPLIER("raw_Utilisateur_fournisseur", keys("userId", "idFournisseur"),
        "raw_id", "userId", "idFournisseur", "date_extraction", "source_system"),
    SUPPLIER("raw_Fournisseur", keys("idFournisseur"),
        "raw_id", "idFournisseur", "nomFournisseur", "emailFournisseur", "numTele", "addressFournisseur",
        "secteurFournisseur", "date_extraction", "source_system"),
    NOTIFICATION("raw_Notifications", keys("idNotification"),
        "raw_id", "idNotification", "typeNotification", "dateEnvoi", "typeEnvoi", "contenu", "date_extraction", "source_system"),
    JOURNAL("raw_Journal", keys("idJournal"),
        "raw_id", "idJournal", "userId", "idAbonnement", "descriptionJournal", "typeActivite", "dateCreationJournal",
        "valeurPrécedente", "nouvelleValeur", "StatusActivite", "Timestamps", "date_extraction", "source_system"),
    PLAN("raw_Abonnement", keys("idAbonnement"),
        "raw_id", "idAbonnement", "idFournisseur", "titreAbonnement", "descriptionAbonnement", "prixAbonnement",
        "categorieAbonnement", "date_extraction", "source_system"),
    PAYMENT("raw_Paiement", keys("idPaiement"),
        "raw_id", "idPaiement", "idAbonnement", "userId", "methodePaiement", "datePaiement", "montantPaiement",
        "motifPaiement", "statusPaiement", "date_extraction", "source_system"),
    PAYMENT_METHOD("raw_MethodePaiement", keys("idPaiement"),
        "raw_id", "idPaiement", "userId", "informationCarte", "dateExpirementCarte", "typeMethode", "date_extraction", "source_system"),
    USER_NOTIFICATION("raw_UtilisateurNotif", keys("userId", "idNotification"),
        "raw_id", "userId", "idNotification", "estLu", "estUrgent", "date_extraction", "source_system"),
    SUBSCRIPTION("raw_utilisateur_abonement", keys("userId", "idAbonnement"),
        "raw_id", "userId", "idAbonnement", "typeFacturation", "statutAbonnement", "dateRenouvelement",
        "dateDebutFacturation", "prochaineDeFacturation", "date_extraction", "source_system");

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
    public static final String SOURCE_ROW_FIELD = "raw_id";

    /** Lineage columns every raw SQL table carries after the record hash. */
    public static final List<String> LINEAGE_COLUMNS =
        List.of("kafka_topic", "kafka_partition", "kafka_offset", "ingested_at");

    private static final List<RawTable> ALL = List.of(values());
    private static final Map<String, RawTable> BY_NAME = new HashMap<>();

    static {
        for (RawTable t : values()) BY_NAME.put(t.tableName, t);
    }

    private final String tableName;
    private final List<String> keyFields;
    private final List<String> fields;

    RawTable(String tableName, String[] keyFields, String... fields) {
        this.tableName = tableName;
        this.keyFields = List.of(keyFields);
        this.fields = List.of(fields);
    }

    private static String[] keys(String... k) {
        return k;
    }

    public String tableName() { return tableName; }
    public List<String> keyFields() { return keyFields; }
    public List<String> fields() { return fields; }

    /** The raw tables, in the order the original generator writes them. */
    public static List<RawTable> all() {
        return ALL;
    }

    /** The table of that source name, or null if the name is not part of the raw layout. */
    public static RawTable byName(String name) {
        return BY_NAME.get(name);
    }
}
