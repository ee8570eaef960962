package io.subtrack.common.schema;

/**
 * The source field names of the raw layout (SPEC section 3), each spelt once. {@link RawTable}
 * lists them per table in source order; every stage reaches a raw field through these constants,
 * so a misspelt name is a compile error instead of a silent null at run time. Names shared by
 * several tables (the ids of users, suppliers, plans, payments, notifications, and the three
 * fields every table carries) are one constant each: the source uses one spelling for them.
 */
public final class RawFields {
    private RawFields() {}

    // fields of every table
    public static final String RAW_ID = "raw_id";
    public static final String EXTRACTED_AT = "date_extraction";
    public static final String SOURCE_SYSTEM = "source_system";

    // ids, shared by the tables that refer to them
    public static final String USER_ID = "userId";
    public static final String SUPPLIER_ID = "idFournisseur";
    public static final String PLAN_ID = "idAbonnement";
    public static final String PAYMENT_ID = "idPaiement";
    public static final String NOTIFICATION_ID = "idNotification";
    public static final String JOURNAL_ID = "idJournal";

    // raw_User
    public static final String USER_EMAIL = "email";
    public static final String USER_PASSWORD = "motsDePasse";
    public static final String USER_ROLE = "role";
    public static final String USER_QUALITY_FLAG = "data_quality_flag";

    // raw_Utilisateur_personnel
    public static final String PROFILE_FIRST_NAME = "prenom";
    public static final String PROFILE_LAST_NAME = "nom";
    public static final String PROFILE_PHONE = "telephone";
    public static final String PROFILE_ADDRESS = "adresse";
    public static final String PROFILE_QUALITY_NOTES = "data_quality_notes";

    // raw_Fournisseur
    public static final String SUPPLIER_NAME = "nomFournisseur";
    public static final String SUPPLIER_EMAIL = "emailFournisseur";
    public static final String SUPPLIER_PHONE = "numTele";
    public static final String SUPPLIER_ADDRESS = "addressFournisseur";
    public static final String SUPPLIER_SECTOR = "secteurFournisseur";

    // raw_Notifications
    public static final String NOTIFICATION_TYPE = "typeNotification";
    public static final String NOTIFICATION_SENT_AT = "dateEnvoi";
    public static final String NOTIFICATION_CHANNEL = "typeEnvoi";
    public static final String NOTIFICATION_CONTENT = "contenu";

    // raw_Journal
    public static final String JOURNAL_DESCRIPTION = "descriptionJournal";
    public static final String JOURNAL_ACTIVITY_TYPE = "typeActivite";
    public static final String JOURNAL_CREATED_AT = "dateCreationJournal";
    public static final String JOURNAL_PREVIOUS_VALUE = "valeurPrécedente";
    public static final String JOURNAL_NEW_VALUE = "nouvelleValeur";
    public static final String JOURNAL_STATUS = "StatusActivite";
    public static final String JOURNAL_EVENT_TIME = "Timestamps";

    // raw_Abonnement
    public static final String PLAN_TITLE = "titreAbonnement";
    public static final String PLAN_DESCRIPTION = "descriptionAbonnement";
    public static final String PLAN_PRICE = "prixAbonnement";
    public static final String PLAN_CATEGORY = "categorieAbonnement";

    // raw_Paiement
    public static final String PAYMENT_MEANS = "methodePaiement";
    public static final String PAYMENT_DATE = "datePaiement";
    public static final String PAYMENT_AMOUNT = "montantPaiement";
    public static final String PAYMENT_REASON = "motifPaiement";
    public static final String PAYMENT_STATUS = "statusPaiement";

    // raw_MethodePaiement
    public static final String METHOD_CARD = "informationCarte";
    public static final String METHOD_CARD_EXPIRY = "dateExpirementCarte";
    public static final String METHOD_TYPE = "typeMethode";

    // raw_UtilisateurNotif
    public static final String USER_NOTIFICATION_READ = "estLu";
    public static final String USER_NOTIFICATION_URGENT = "estUrgent";

    // raw_utilisateur_abonement
    public static final String SUBSCRIPTION_BILLING_CYCLE = "typeFacturation";
    public static final String SUBSCRIPTION_STATUS = "statutAbonnement";
    public static final String SUBSCRIPTION_RENEWAL_DATE = "dateRenouvelement";
    public static final String SUBSCRIPTION_START_DATE = "dateDebutFacturation";
    public static final String SUBSCRIPTION_NEXT_BILLING_DATE = "prochaineDeFacturation";
}
