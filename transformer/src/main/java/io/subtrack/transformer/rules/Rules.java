package io.subtrack.transformer.rules;

import static io.subtrack.transformer.rules.Rule.Action.FLAG;
import static io.subtrack.transformer.rules.Rule.Action.NULLIFY;
import static io.subtrack.transformer.rules.Rule.Action.REJECT;
import static io.subtrack.transformer.rules.Rule.Action.REPAIR;

import static io.subtrack.common.schema.RawFields.*;

import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule registry: every check or repair the transformer can apply, one object each, in the order
 * docs/data-quality.md lists them. A rule with logic of its own is its own class (CardLast4, SubscriptionDates...) and
 * is registered here by one line; rules that share their logic (code variants, normalisers, the verdicts on an unusable
 * value) are instances declared here with their doc. The transformer binds a processed column to the rules that read
 * its raw field ({@link Rule#reads}); the code refers to these constants; docs/data-quality.md is generated from
 * {@link #all()} (DataQualityDoc), and a test fails when the committed document differs.
 */
public final class Rules {
    private static final Map<String, Rule> BY_ID = new LinkedHashMap<>();

    private static Rule register(Rule r) {
        if (BY_ID.put(r.id(), r) != null) throw new IllegalStateException("duplicate rule id " + r.id());
        return r;
    }

    // --- every table ---
    public static final Rule KEY_MISSING = register(new PipelineRule("ALL-KEY-MISSING", null, "natural key", REJECT, false,
        "A natural-key field is null, blank or longer than 20 characters: the record cannot be identified.",
        "userId=null -> rejected"));
    public static final Rule DUPLICATE = register(new PipelineRule("ALL-DUPLICATE-SUPERSEDED", null, RawFields.EXTRACTED_AT, REJECT, false,
        "Another record of the same natural key has a later date_extraction (ties: the later arrival wins); this one is quarantined as superseded.",
        "USR00005 extracted 2025-01-21 and 2025-04-08 -> the 2025-01-21 record is superseded"));
    public static final Rule EXTRACTED_AT = register(new NormalisedValue(DateTimes::timestamp, null, "ALL-EXTRACTED-AT-FORMAT", null, RawFields.EXTRACTED_AT, NULLIFY, false,
        "date_extraction that is not a readable timestamp: extracted_at becomes null (the record loses ties in deduplication).",
        "\"yesterday\" -> null"));
    public static final Rule TEXT_TOO_LONG = register(new PipelineRule("ALL-TEXT-TOO-LONG", null, "*", NULLIFY, false,
        "An optional text longer than its processed column allows: null rather than truncated.",
        "a 500-character address -> null"));

    public static final Rule TEXT_TRIM = register(new NormalisedValue(Normalize::text, () -> Rules.TEXT_EMPTY, "ALL-TEXT-TRIM", null, "*", REPAIR, true,
        "Free text (titles, descriptions, contents, reasons) trimmed of surrounding whitespace.",
        "\"  Basic plan \" -> \"Basic plan\""));
    public static final Rule TEXT_EMPTY = register(new UnusableValue("ALL-TEXT-EMPTY", null, "*", NULLIFY, true,
        "Empty optional text (title, description, address, content): null, the same as absent.", "\"\" -> null"));

    // --- raw_User ---
    public static final Rule USR_EMAIL_CASE = register(new NormalisedValue(Normalize::email, null, "USR-EMAIL-NORMALISE", RawTable.USER, USER_EMAIL, REPAIR, true,
        "Email trimmed and lower-cased.",
        "\" Lucie.McClain@Company.fr \" -> \"lucie.mcclain@company.fr\""));
    public static final Rule USR_EMAIL_PLUS_TAG = register(new PlusTag());
    public static final Rule USR_EMAIL_INVALID = register(new UnusableValue("USR-EMAIL-INVALID", RawTable.USER, USER_EMAIL, NULLIFY, false,
        "Email without a domain, with a domain that has no dot (word@localhost) or with spaces: null, never a made-up domain.",
        "\"user792\" -> null", "\"tot@localhost\" -> null"));
    public static final Rule USR_PASSWORD_DROPPED = register(new PasswordDropped());
    public static final Rule USR_PASSWORD_WEAK = register(new WeakPassword());
    public static final Rule USR_ROLE_VARIANT = register(new CodeValue(CodeVariants.ROLE, "USR-ROLE-VARIANT", RawTable.USER, USER_ROLE, REPAIR, false,
        "Role mapped to USER/ADMIN/SUPPLIER/MANAGER (utilisateur -> USER, fournisseur -> SUPPLIER, admin -> ADMIN, manager -> MANAGER).",
        "\"utilisateur\" -> \"USER\"", "\"fournisseur\" -> \"SUPPLIER\""));
    public static final Rule USR_ROLE_DERIVED = register(new RoleFromMembership());
    public static final Rule USR_ROLE_UNKNOWN = register(new UnusableValue("USR-ROLE-UNKNOWN", RawTable.USER, USER_ROLE, NULLIFY, false,
        "Role that is empty without membership, or not a known variant: null.", "\"\" -> null", "\"boss\" -> null"));

    // --- raw_Utilisateur_personnel ---
    public static final Rule PRS_NAME_CASE = register(new NormalisedValue(Normalize::personName, null, "PRS-NAME-CASE", RawTable.USER_PROFILE, fields(PROFILE_FIRST_NAME, PROFILE_LAST_NAME), REPAIR, false,
        "First and last names capitalised word by word (hyphen and apostrophe parts too) when a word is all upper or all lower case; mixed-case words are left alone.",
        "\"KEVIN\" -> \"Kevin\"", "\"le goff\" -> \"Le Goff\""));
    public static final Rule PRS_NAME_EMPTY = register(new UnusableValue("PRS-NAME-EMPTY", RawTable.USER_PROFILE, fields(PROFILE_FIRST_NAME, PROFILE_LAST_NAME), NULLIFY, false,
        "Empty name: null.", "\"\" -> null"));
    public static final Rule PRS_PHONE = register(new NormalisedValue(Normalize::phone, null, "PRS-PHONE-E164", RawTable.USER_PROFILE, PROFILE_PHONE, REPAIR, true,
        "Phone to E.164: French 0XXXXXXXXX and +33 forms -> +33XXXXXXXXX; an explicit international prefix (+ or 00) keeps its digits; extensions (x123) are dropped.",
        "\"0437064353\" -> \"+33437064353\"", "\"+33 247463522\" -> \"+33247463522\"", "\"+1-725-853-7147\" -> \"+17258537147\""));
    public static final Rule PRS_PHONE_INVALID = register(new UnusableValue("PRS-PHONE-INVALID", RawTable.USER_PROFILE, PROFILE_PHONE, NULLIFY, false,
        "Phone that is N/A, empty, or national without a country we can know (682.408.7653, (50) 8149-9379): null.",
        "\"N/A\" -> null", "\"682.408.7653\" -> null"));
    public static final Rule PRS_ADDRESS = register(new NormalisedValue(raw -> Normalize.address(raw, "; "), () -> Rules.TEXT_EMPTY, "PRS-ADDRESS-JOINED", RawTable.USER_PROFILE, PROFILE_ADDRESS, REPAIR, true,
        "Address lines joined with \"; \" are written with \", \"; whitespace collapsed.",
        "\"3888 Sean Lock; Bartonshire, UT 66098\" -> \"3888 Sean Lock, Bartonshire, UT 66098\""));
    public static final Rule PRS_ADDRESS_INCOMPLETE = register(new AddressWithoutNumber());
    public static final Rule PRS_ORPHAN = register(new OrphanRule("PRS-ORPHAN-USER", RawTable.USER_PROFILE, USER_ID,
        "Profile of a user that was rejected or never existed in raw_User.", "userId=USR99999 -> rejected"));

    // --- raw_Admin / raw_Utilisateur_fournisseur ---
    public static final Rule ADM_ORPHAN = register(new OrphanRule("ADM-ORPHAN-USER", RawTable.ADMIN, USER_ID,
        "Admin membership of a user that was rejected or never existed.", "userId=USR99999 -> rejected"));
    public static final Rule UFR_ORPHAN_USER = register(new OrphanRule("UFR-ORPHAN-USER", RawTable.USER_SUPPLIER, USER_ID,
        "Supplier membership of a user that was rejected or never existed.", "userId=USR99999 -> rejected"));
    public static final Rule UFR_ORPHAN_SUPPLIER = register(new OrphanRule("UFR-ORPHAN-SUPPLIER", RawTable.USER_SUPPLIER, SUPPLIER_ID,
        "Supplier membership naming a supplier that was rejected or never existed.", "idFournisseur=FRN9999 -> rejected"));
    public static final Rule UFR_SECOND_SUPPLIER = register(new PipelineRule("UFR-SECOND-SUPPLIER", RawTable.USER_SUPPLIER, SUPPLIER_ID, REJECT, false,
        "A user linked to several suppliers: processed_users holds one supplier_id, the link with the latest date_extraction (then the lowest supplier id) wins and the others are quarantined.",
        "USR00001 -> FRN0001 (2025-01) and FRN0002 (2025-03) -> FRN0002 kept"));

    // --- raw_Fournisseur ---
    public static final Rule SUP_NAME_CASE = register(new NormalisedValue(Normalize::companyName, null, "SUP-NAME-CASE", RawTable.SUPPLIER, SUPPLIER_NAME, REPAIR, false,
        "Supplier name written entirely in upper case is capitalised word by word; legal forms (SA, SAS, SARL, LLC, S.A.S.) stay upper case; and/et/of/de/du/des stay lower case, and le/la/les after de/à (\"Café de la Gare\"); elsewhere le/la/les are a surname's particle (\"Le Roux\").",
        "\"TEXIER\" -> \"Texier\"", "\"NAVARRO ET FILS\" -> \"Navarro et Fils\"", "\"VASSEUR & LE ROUX\" -> \"Vasseur & Le Roux\""));
    public static final Rule SUP_NAME_MISSING = register(new UnusableValue("SUP-NAME-MISSING", RawTable.SUPPLIER, SUPPLIER_NAME, REJECT, false,
        "Supplier without a name (processed_suppliers.name is required).", "\"\" -> rejected"));
    public static final Rule SUP_EMAIL = register(new NormalisedValue(Normalize::email, null, "SUP-EMAIL-NORMALISE", RawTable.SUPPLIER, SUPPLIER_EMAIL, REPAIR, true,
        "Email trimmed and lower-cased.", "\"Contact@Perret.com\" -> \"contact@perret.com\""));
    public static final Rule SUP_EMAIL_INVALID = register(new UnusableValue("SUP-EMAIL-INVALID", RawTable.SUPPLIER, SUPPLIER_EMAIL, NULLIFY, false,
        "Empty email or one without a dotted domain: null.", "\"\" -> null"));
    public static final Rule SUP_PHONE = register(new NormalisedValue(Normalize::phone, null, "SUP-PHONE-E164", RawTable.SUPPLIER, SUPPLIER_PHONE, REPAIR, true,
        "Phone to E.164 as PRS-PHONE-E164; \"+33 (0)1 ...\" drops the trunk 0; 001- is the international prefix of +1.",
        "\"+33 (0)1 72 33 97 40\" -> \"+33172339740\"", "\"02 44 01 43 88\" -> \"+33244014388\""));
    public static final Rule SUP_PHONE_INVALID = register(new UnusableValue("SUP-PHONE-INVALID", RawTable.SUPPLIER, SUPPLIER_PHONE, NULLIFY, false,
        "Phone without a knowable country: null.", "\"(428)873-3427x0866\" -> null"));
    public static final Rule SUP_ADDRESS = register(new NormalisedValue(raw -> Normalize.address(raw, " - "), () -> Rules.TEXT_EMPTY, "SUP-ADDRESS-JOINED", RawTable.SUPPLIER, SUPPLIER_ADDRESS, REPAIR, true,
        "Address lines joined with \" - \" are written with \", \".",
        "\"18, chemin Durand - 26701 Chrétien\" -> \"18, chemin Durand, 26701 Chrétien\""));
    public static final Rule SUP_SECTOR = register(new CodeValue(CodeVariants.SECTOR, "SUP-SECTOR-VARIANT", RawTable.SUPPLIER, SUPPLIER_SECTOR, REPAIR, false,
        "Sector mapped to TECHNOLOGY/HEALTH/CONSTRUCTION/TRANSPORT/INDUSTRY/COMMERCE/AGRICULTURE/FINANCE/EDUCATION/OTHER.",
        "\"Technologie\" -> \"TECHNOLOGY\"", "\"tech\" -> \"TECHNOLOGY\"", "\"Santé\" -> \"HEALTH\"", "\"Autre\" -> \"OTHER\""));
    public static final Rule SUP_SECTOR_UNKNOWN = register(new UnusableValue("SUP-SECTOR-UNKNOWN", RawTable.SUPPLIER, SUPPLIER_SECTOR, NULLIFY, false,
        "Sector that is empty or not a known variant: null.", "\"Spatial\" -> null"));

    // --- raw_Abonnement ---
    public static final Rule PLN_PRICE_FORMAT = register(new NormalisedValue(Normalize::money, null, "PLN-PRICE-FORMAT", RawTable.PLAN, PLAN_PRICE, REPAIR, true,
        "Price written as \"x €\", \"EUR x\" or with a decimal comma -> DECIMAL(10,2), currency EUR (the source is EUR-only).",
        "\"54.25 €\" -> 54.25", "\"EUR 92.58\" -> 92.58", "\"26,35\" -> 26.35"));
    public static final Rule PLN_PRICE_INVALID = register(new UnusableValue("PLN-PRICE-INVALID", RawTable.PLAN, PLAN_PRICE, REJECT, false,
        "Price missing, unreadable, in another currency, negative or absurd (> 100000): the plan's required measure is unusable.",
        "\"-5\" -> rejected", "\"abc\" -> rejected"));
    public static final Rule PLN_CATEGORY = register(new CodeValue(CodeVariants.CATEGORY, "PLN-CATEGORY-VARIANT", RawTable.PLAN, PLAN_CATEGORY, REPAIR, false,
        "Category mapped to STREAMING/MUSIC/CLOUD/TELECOM.", "\"streaming\" -> \"STREAMING\"", "\"Cloud Storage\" -> \"CLOUD\"",
        "\"FORFAIT APPEL CONX\" -> \"TELECOM\""));
    public static final Rule PLN_CATEGORY_UNKNOWN = register(new UnusableValue("PLN-CATEGORY-UNKNOWN", RawTable.PLAN, PLAN_CATEGORY, NULLIFY, false,
        "Category empty or unknown: null.", "\"Gaming\" -> null"));
    public static final Rule PLN_ORPHAN_SUPPLIER = register(new OrphanRule("PLN-ORPHAN-SUPPLIER", RawTable.PLAN, SUPPLIER_ID,
        "Plan of a supplier that was rejected or never existed (supplier_id is required).", "idFournisseur=FRN9999 -> rejected"));

    // --- raw_Notifications ---
    public static final Rule NTF_TYPE = register(new CodeValue(CodeVariants.NOTIFICATION_TYPE, "NTF-TYPE-VARIANT", RawTable.NOTIFICATION, NOTIFICATION_TYPE, REPAIR, false,
        "Notification type mapped to PAYMENT_REMINDER/SUBSCRIPTION_EXPIRY/SYSTEM_ALERT/URGENT/INFO.",
        "\"payment_reminder\" -> \"PAYMENT_REMINDER\"", "\"Subscription Expiry\" -> \"SUBSCRIPTION_EXPIRY\""));
    public static final Rule NTF_TYPE_UNKNOWN = register(new UnusableValue("NTF-TYPE-UNKNOWN", RawTable.NOTIFICATION, NOTIFICATION_TYPE, NULLIFY, false,
        "Type empty or unknown: null.", "\"\" -> null"));
    public static final Rule NTF_CHANNEL = register(new CodeValue(CodeVariants.CHANNEL, "NTF-CHANNEL-VARIANT", RawTable.NOTIFICATION, NOTIFICATION_CHANNEL, REPAIR, false,
        "Channel mapped to EMAIL/SMS/PUSH/IN_APP.", "\"email\" -> \"EMAIL\"", "\"In-App\" -> \"IN_APP\"", "\"push\" -> \"PUSH\""));
    public static final Rule NTF_CHANNEL_EMPTY = register(new UnusableValue("NTF-CHANNEL-EMPTY", RawTable.NOTIFICATION, NOTIFICATION_CHANNEL, NULLIFY, false,
        "Channel empty or unknown: null.", "\"\" -> null"));
    public static final Rule NTF_SENT_FORMAT = register(new NormalisedValue(DateTimes::timestamp, null, "NTF-SENT-AT-FORMAT", RawTable.NOTIFICATION, NOTIFICATION_SENT_AT, REPAIR, true,
        "Send time from dd/MM/yyyy HH:mm (day first), ISO with T and Z (UTC), or date only (midnight) -> yyyy-MM-ddTHH:mm:ss.",
        "\"12/04/2025 12:19\" -> \"2025-04-12T12:19:00\"", "\"2025-04-22\" -> \"2025-04-22T00:00:00\""));
    public static final Rule NTF_SENT_SENTINEL = register(new SentinelTime());
    public static final Rule NTF_SENT_INVALID = register(new UnusableValue("NTF-SENT-AT-INVALID", RawTable.NOTIFICATION, NOTIFICATION_SENT_AT, NULLIFY, false,
        "Unreadable send time: null.", "\"32/13/2025\" -> null"));

    // --- raw_UtilisateurNotif ---
    public static final Rule UNT_BOOLEAN = register(new NormalisedValue(Normalize::bool, null, "UNT-BOOLEAN-VARIANT", RawTable.USER_NOTIFICATION, fields(USER_NOTIFICATION_READ, USER_NOTIFICATION_URGENT), REPAIR, true,
        "Flags from true/false/Oui/Non (any case) -> true/false; 1/0 are the canonical source form.",
        "\"Oui\" -> true", "\"false\" -> false"));
    public static final Rule UNT_BOOLEAN_INVALID = register(new UnusableValue("UNT-BOOLEAN-INVALID", RawTable.USER_NOTIFICATION, fields(USER_NOTIFICATION_READ, USER_NOTIFICATION_URGENT), NULLIFY, false,
        "Flag that is not a known spelling: null (null stays null).", "\"peut-être\" -> null"));
    public static final Rule UNT_ORPHAN_USER = register(new OrphanRule("UNT-ORPHAN-USER", RawTable.USER_NOTIFICATION, USER_ID,
        "Recipient is a user that was rejected or never existed.", "userId=USR99999 -> rejected"));
    public static final Rule UNT_ORPHAN_NOTIFICATION = register(new OrphanRule("UNT-ORPHAN-NOTIFICATION", RawTable.USER_NOTIFICATION, NOTIFICATION_ID,
        "Notification that was rejected or never existed.", "idNotification=NOT999999 -> rejected"));

    // --- raw_utilisateur_abonement ---
    public static final Rule SUB_BILLING = register(new CodeValue(CodeVariants.BILLING, "SUB-BILLING-VARIANT", RawTable.SUBSCRIPTION, SUBSCRIPTION_BILLING_CYCLE, REPAIR, false,
        "Billing cycle mapped to DAILY/WEEKLY/SEMIMONTHLY/MONTHLY/ANNUAL (QUOTIDIEN, HEBDOMADAIRE, Bi-Mensuel, mensuel/MENSUAL, ANNUEL/Annual).",
        "\"mensuel\" -> \"MONTHLY\"", "\"Bi-Mensuel\" -> \"SEMIMONTHLY\""));
    public static final Rule SUB_BILLING_UNKNOWN = register(new UnusableValue("SUB-BILLING-UNKNOWN", RawTable.SUBSCRIPTION, SUBSCRIPTION_BILLING_CYCLE, NULLIFY, false,
        "Billing cycle empty or unknown: null.", "\"\" -> null"));
    public static final Rule SUB_STATUS = register(new CodeValue(CodeVariants.SUBSCRIPTION_STATUS, "SUB-STATUS-VARIANT", RawTable.SUBSCRIPTION, SUBSCRIPTION_STATUS, REPAIR, false,
        "Status mapped to ACTIVE/INACTIVE/PENDING/SUSPENDED/EXPIRED/CANCELLED (actif, Inactif, SUSPENDU, EXPIRE, ANNULE).",
        "\"actif\" -> \"ACTIVE\"", "\"ANNULE\" -> \"CANCELLED\""));
    public static final Rule SUB_STATUS_UNKNOWN = register(new UnusableValue("SUB-STATUS-UNKNOWN", RawTable.SUBSCRIPTION, SUBSCRIPTION_STATUS, NULLIFY, false,
        "Status empty or unknown: null.", "\"\" -> null"));
    public static final Rule SUB_DATE_FORMAT = register(new NormalisedValue(DateTimes::date, null, "SUB-DATE-FORMAT", RawTable.SUBSCRIPTION, fields(SUBSCRIPTION_START_DATE, SUBSCRIPTION_NEXT_BILLING_DATE, SUBSCRIPTION_RENEWAL_DATE), REPAIR, true,
        "Dates from dd/MM/yyyy or MM/dd/yyyy -> yyyy-MM-dd. A part above 12 decides the order. When both parts are 12 or less the date has two readings and the record's evidence chooses (SubscriptionDates): start <= next billing, the same date in another field (the source writes one date in several formats), next billing (or renewal) one billing cycle after the start; a reading that is the only consistent one is taken and counted as resolved by evidence. Only when the record leaves several readings open is it read day first (French source), counted as ambiguous by policy; either way the repair log says how it was decided.",
        "\"24/02/2025\" -> \"2025-02-24\"", "\"10/23/2024\" -> \"2024-10-23\"",
        "\"06/02/2024\" with dateRenouvelement \"2024-06-02\" -> \"2024-06-02\" (evidence)", "\"01/07/2025\", nothing decides -> \"2025-07-01\" (policy)"));
    public static final Rule SUB_DATE_INVALID = register(new UnusableValue("SUB-DATE-INVALID", RawTable.SUBSCRIPTION, fields(SUBSCRIPTION_START_DATE, SUBSCRIPTION_NEXT_BILLING_DATE, SUBSCRIPTION_RENEWAL_DATE), NULLIFY, false,
        "Unreadable date: null.", "\"31/02/2025\" -> null"));
    public static final Rule SUB_DATES_ORDER = register(new SubscriptionDates());
    public static final Rule SUB_ORPHAN_USER = register(new OrphanRule("SUB-ORPHAN-USER", RawTable.SUBSCRIPTION, USER_ID,
        "Subscriber is a user that was rejected or never existed.", "userId=USR99999 -> rejected"));
    public static final Rule SUB_ORPHAN_PLAN = register(new OrphanRule("SUB-ORPHAN-PLAN", RawTable.SUBSCRIPTION, PLAN_ID,
        "Plan that was rejected or never existed.", "idAbonnement=ABN99999 -> rejected"));

    // --- raw_Paiement ---
    public static final Rule PAY_AMOUNT_FORMAT = register(new NormalisedValue(Normalize::money, null, "PAY-AMOUNT-FORMAT", RawTable.PAYMENT, PAYMENT_AMOUNT, REPAIR, true,
        "Amount written as \"x €\", \"EUR x\" or with a decimal comma -> DECIMAL(10,2), currency EUR.",
        "\"423.53 €\" -> 423.53", "\"479,44\" -> 479.44"));
    public static final Rule PAY_AMOUNT_INVALID = register(new UnusableValue("PAY-AMOUNT-INVALID", RawTable.PAYMENT, PAYMENT_AMOUNT, REJECT, false,
        "Amount missing, unreadable, negative or absurd (> 100000): rejected.", "\"-12.50\" -> rejected", "250000 -> rejected"));
    public static final Rule PAY_METHOD = register(new CodeValue(CodeVariants.PAYMENT_METHOD, "PAY-METHOD-VARIANT", RawTable.PAYMENT, PAYMENT_MEANS, REPAIR, false,
        "Method mapped to CREDIT_CARD/BANK_TRANSFER/DIRECT_DEBIT/PAYPAL/APPLE_PAY.",
        "\"carte crédit\" -> \"CREDIT_CARD\"", "\"Virement Bancaire\" -> \"BANK_TRANSFER\"", "\"Prélèvement\" -> \"DIRECT_DEBIT\""));
    public static final Rule PAY_METHOD_UNKNOWN = register(new UnusableValue("PAY-METHOD-UNKNOWN", RawTable.PAYMENT, PAYMENT_MEANS, NULLIFY, false,
        "Method empty or unknown: null.", "\"\" -> null"));
    public static final Rule PAY_STATUS = register(new CodeValue(CodeVariants.PAYMENT_STATUS, "PAY-STATUS-VARIANT", RawTable.PAYMENT, PAYMENT_STATUS, REPAIR, false,
        "Status mapped to SUCCEEDED/FAILED/PENDING/CANCELLED/REFUNDED from French and English spellings.",
        "\"REUSSI\" -> \"SUCCEEDED\"", "\"En attente\" -> \"PENDING\"", "\"Remboursé\" -> \"REFUNDED\""));
    public static final Rule PAY_STATUS_UNKNOWN = register(new UnusableValue("PAY-STATUS-UNKNOWN", RawTable.PAYMENT, PAYMENT_STATUS, NULLIFY, false,
        "Status empty or unknown: null.", "\"\" -> null"));
    public static final Rule PAY_DATE_FORMAT = register(new NormalisedValue(DateTimes::date, null, "PAY-DATE-FORMAT", RawTable.PAYMENT, PAYMENT_DATE, REPAIR, true,
        "Payment date from dd/MM/yyyy (day first when ambiguous) or MM-dd-yyyy (month first when ambiguous) -> yyyy-MM-dd. A payment record holds no other date to decide by (its date may follow date_extraction in the source), so an ambiguous one is always read by this policy, counted as ambiguous and logged with decided=policy.",
        "\"05/01/2025\" -> \"2025-01-05\" (ambiguous)", "\"03-25-2025\" -> \"2025-03-25\""));
    public static final Rule PAY_DATE_INVALID = register(new UnusableValue("PAY-DATE-INVALID", RawTable.PAYMENT, PAYMENT_DATE, NULLIFY, false,
        "Unreadable payment date: null.", "\"13-13-2025\" -> null"));
    public static final Rule PAY_REASON_EMPTY = register(new UnusableValue("PAY-REASON-EMPTY", RawTable.PAYMENT, PAYMENT_REASON, NULLIFY, true,
        "Empty reason: null.", "\"\" -> null"));
    public static final Rule PAY_ORPHAN_USER = register(new OrphanRule("PAY-ORPHAN-USER", RawTable.PAYMENT, USER_ID,
        "Payer is a user that was rejected or never existed.", "userId=USR99999 -> rejected"));
    public static final Rule PAY_ORPHAN_PLAN = register(new OrphanRule("PAY-ORPHAN-PLAN", RawTable.PAYMENT, PLAN_ID,
        "Plan that was rejected or never existed.", "idAbonnement=ABN99999 -> rejected"));

    // --- raw_MethodePaiement ---
    public static final Rule PMT_CARD_LAST4 = register(new CardLast4());
    public static final Rule PMT_CARD_INVALID = register(new UnusableValue("PMT-CARD-INVALID", RawTable.PAYMENT_METHOD, METHOD_CARD, NULLIFY, false,
        "Card number that is neither a Luhn-valid number nor a masked one (e.g. ends in X): card_last4 null.",
        "\"226011939325012X\" -> null"));
    public static final Rule PMT_EXPIRY = register(new NormalisedValue(Cards::cardExpiry, null, "PMT-EXPIRY-FORMAT", RawTable.PAYMENT_METHOD, METHOD_CARD_EXPIRY, REPAIR, true,
        "Expiry from MM/yy, MM/yyyy, yyyy-MM, yyyy-MM-dd or dd/MM/yyyy -> the last day of that month (a card is valid through its expiry month). A dd/MM/yyyy expiry with both parts 12 or less has two readings and nothing in the record to decide by: read day first by policy, counted as ambiguous.",
        "\"06/25\" -> \"2025-06-30\"", "\"2026-03\" -> \"2026-03-31\"", "\"22/08/2027\" -> \"2027-08-31\""));
    public static final Rule PMT_EXPIRY_INVALID = register(new UnusableValue("PMT-EXPIRY-INVALID", RawTable.PAYMENT_METHOD, METHOD_CARD_EXPIRY, NULLIFY, false,
        "Unreadable expiry: null.", "\"13/2026\" -> null"));
    public static final Rule PMT_TYPE = register(new CodeValue(CodeVariants.METHOD_TYPE, "PMT-TYPE-VARIANT", RawTable.PAYMENT_METHOD, METHOD_TYPE, REPAIR, false,
        "Method type mapped to CREDIT_CARD/VISA/MASTERCARD/AMEX/PAYPAL/BANK_TRANSFER (Carte Bancaire, CARTE_CREDIT -> CREDIT_CARD, VIREMENT -> BANK_TRANSFER).",
        "\"MasterCard\" -> \"MASTERCARD\"", "\"Carte Bancaire\" -> \"CREDIT_CARD\""));
    public static final Rule PMT_TYPE_UNKNOWN = register(new UnusableValue("PMT-TYPE-UNKNOWN", RawTable.PAYMENT_METHOD, METHOD_TYPE, NULLIFY, false,
        "Method type empty or unknown: null.", "\"\" -> null"));
    public static final Rule PMT_ORPHAN_PAYMENT = register(new OrphanRule("PMT-ORPHAN-PAYMENT", RawTable.PAYMENT_METHOD, PAYMENT_ID,
        "Payment that was rejected or never existed.", "idPaiement=PAY999999 -> rejected"));
    public static final Rule PMT_ORPHAN_USER = register(new OrphanRule("PMT-ORPHAN-USER", RawTable.PAYMENT_METHOD, USER_ID,
        "User that was rejected or never existed (user_id is required).", "userId=USR99999 -> rejected"));

    // --- raw_Journal ---
    public static final Rule JRN_TYPE = register(new CodeValue(CodeVariants.ACTIVITY_TYPE, "JRN-ACTIVITY-VARIANT", RawTable.JOURNAL, JOURNAL_ACTIVITY_TYPE, REPAIR, false,
        "Activity type mapped to SUBSCRIPTION_CREATED/SUBSCRIPTION_CANCELLED/PRICE_CHANGED/PAYMENT_SUCCEEDED/PAYMENT_FAILED/PROFILE_UPDATED/LOGIN/LOGOUT.",
        "\"creation abonnement\" -> \"SUBSCRIPTION_CREATED\"", "\"PAIMENT_SUCCCES\" -> \"PAYMENT_SUCCEEDED\"", "\"login\" -> \"LOGIN\""));
    public static final Rule JRN_TYPE_UNKNOWN = register(new UnusableValue("JRN-ACTIVITY-UNKNOWN", RawTable.JOURNAL, JOURNAL_ACTIVITY_TYPE, NULLIFY, false,
        "Activity type empty or unknown: null.", "\"\" -> null"));
    public static final Rule JRN_STATUS = register(new CodeValue(CodeVariants.ACTIVITY_STATUS, "JRN-STATUS-VARIANT", RawTable.JOURNAL, JOURNAL_STATUS, REPAIR, false,
        "Status mapped to COMPLETED/FAILED/PENDING/IN_PROGRESS.", "\"failed\" -> \"FAILED\"", "\"In Progress\" -> \"IN_PROGRESS\""));
    public static final Rule JRN_STATUS_UNKNOWN = register(new UnusableValue("JRN-STATUS-UNKNOWN", RawTable.JOURNAL, JOURNAL_STATUS, NULLIFY, false,
        "Status empty or unknown: null.", "\"\" -> null"));
    public static final Rule JRN_TIME_FORMAT = register(new NormalisedValue(DateTimes::timestamp, null, "JRN-TIME-FORMAT", RawTable.JOURNAL, fields(JOURNAL_EVENT_TIME, JOURNAL_CREATED_AT), REPAIR, true,
        "Timestamps with microseconds or other readable forms -> yyyy-MM-ddTHH:mm:ss (fractions of a second are dropped).",
        "\"2025-02-17 00:51:37.000000\" -> \"2025-02-17T00:51:37\""));
    public static final Rule JRN_TIME_INVALID = register(new UnusableValue("JRN-TIME-INVALID", RawTable.JOURNAL, fields(JOURNAL_EVENT_TIME, JOURNAL_CREATED_AT), NULLIFY, false,
        "Unreadable timestamp: null.", "\"soon\" -> null"));
    public static final Rule JRN_VALUE_EMPTY = register(new NormalisedValue(Normalize::verbatim, null, "JRN-VALUE-EMPTY", RawTable.JOURNAL, fields(JOURNAL_PREVIOUS_VALUE, JOURNAL_NEW_VALUE), NULLIFY, true,
        "Empty previous/new value: null, the same as an absent one.", "\"\" -> null"));
    public static final Rule JRN_ORPHAN_USER = register(new OrphanRule("JRN-ORPHAN-USER", RawTable.JOURNAL, USER_ID,
        "User that was rejected or never existed (user_id is required).", "userId=USR99999 -> rejected"));
    public static final Rule JRN_ORPHAN_PLAN = register(new OrphanRule("JRN-ORPHAN-PLAN", RawTable.JOURNAL, PLAN_ID,
        "A plan is named but was rejected or never existed.", "idAbonnement=ABN99999 -> rejected"));

    /** A rule that reads several source fields names them comma-separated. */
    private static String fields(String... names) {
        return String.join(",", names);
    }

    private Rules() {}

    public static List<Rule> all() {
        return Collections.unmodifiableList(new ArrayList<>(BY_ID.values()));
    }

    public static Rule byId(String id) {
        return BY_ID.get(id);
    }

    /** The orphan rule of {@code table} that reads {@code field}: a declared reference or merge is checked by it. */
    public static OrphanRule orphanOf(RawTable table, String field) {
        OrphanRule found = null;
        for (Rule r : BY_ID.values()) {
            if (r instanceof OrphanRule o && o.table().equals(table.tableName()) && o.field().equals(field)) {
                if (found != null) throw new IllegalStateException("two orphan rules read " + table.tableName() + "." + field);
                found = o;
            }
        }
        if (found == null) throw new IllegalStateException("no orphan rule reads " + table.tableName() + "." + field);
        return found;
    }
}
