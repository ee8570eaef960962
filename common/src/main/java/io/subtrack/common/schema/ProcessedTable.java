package io.subtrack.common.schema;

import static io.subtrack.common.schema.Column.code;
import static io.subtrack.common.schema.Column.optional;
import static io.subtrack.common.schema.Column.required;
import static io.subtrack.common.schema.JdbcType.nvarchar;
import static io.subtrack.common.schema.Normaliser.TEXT;
import static io.subtrack.common.schema.RawFields.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A table of the processed model (SPEC section 7), declared once: its columns (with where each value comes from in
 * the raw layer), primary key, parents, the raw table its rows come from and the side tables merged into it.
 * The standard tables are the constants below; {@link ProcessedModel#standard()} lists them in dependency order
 * (a table only references tables declared above it, so loading in this order never meets a missing parent from a
 * previous table). A declaration is immutable: {@link #withColumn} gives a new one (a test-only model, say).
 * The DDL in sql/&lt;database&gt;/processed/ must match the standard declarations; SchemaMatchesSqlTest and
 * PostgresSchemaIT hold them together. Ordered ({@link #compareTo}) by position in the standard model, so a
 * TreeMap of tables iterates parents first.
 */
public final class ProcessedTable implements Comparable<ProcessedTable> {
    private static final List<ProcessedTable> STANDARD = new ArrayList<>();

    public static final ProcessedTable SUPPLIERS = standard("processed_suppliers", RawTable.SUPPLIER, List.of(),
        List.of("supplier_id"), List.of(),
        required("supplier_id", nvarchar(20)).from(RawTable.SUPPLIER, SUPPLIER_ID),
        required("name", nvarchar(200)).from(RawTable.SUPPLIER, SUPPLIER_NAME),
        optional("email", nvarchar(320)).from(RawTable.SUPPLIER, SUPPLIER_EMAIL),
        optional("phone", nvarchar(32)).from(RawTable.SUPPLIER, SUPPLIER_PHONE),
        optional("address", nvarchar(400)).from(RawTable.SUPPLIER, SUPPLIER_ADDRESS),
        code("sector", true, "TECHNOLOGY", "HEALTH", "CONSTRUCTION", "TRANSPORT", "INDUSTRY", "COMMERCE",
            "AGRICULTURE", "FINANCE", "EDUCATION", "OTHER").from(RawTable.SUPPLIER, SUPPLIER_SECTOR));
    public static final ProcessedTable USERS = standard("processed_users", RawTable.USER,
        List.of(new MergedTable(RawTable.ADMIN, "ADMIN"), new MergedTable(RawTable.USER_SUPPLIER, "SUPPLIER"),
            new MergedTable(RawTable.USER_PROFILE)),
        List.of("user_id"), List.of(ForeignKey.of("processed_suppliers", "supplier_id")),
        required("user_id", nvarchar(20)).from(RawTable.USER, USER_ID),
        optional("email", nvarchar(320)).from(RawTable.USER, USER_EMAIL),
        code("role", true, "USER", "ADMIN", "SUPPLIER", "MANAGER").from(RawTable.USER, USER_ROLE),
        optional("first_name", nvarchar(100)).from(RawTable.USER_PROFILE, PROFILE_FIRST_NAME),
        optional("last_name", nvarchar(100)).from(RawTable.USER_PROFILE, PROFILE_LAST_NAME),
        optional("phone", nvarchar(32)).from(RawTable.USER_PROFILE, PROFILE_PHONE),
        optional("address", nvarchar(400)).from(RawTable.USER_PROFILE, PROFILE_ADDRESS),
        optional("supplier_id", nvarchar(20)).from(RawTable.USER_SUPPLIER, SUPPLIER_ID));
    public static final ProcessedTable PLANS = standard("processed_plans", RawTable.PLAN, List.of(),
        List.of("plan_id"), List.of(ForeignKey.of("processed_suppliers", "supplier_id")),
        required("plan_id", nvarchar(20)).from(RawTable.PLAN, PLAN_ID),
        required("supplier_id", nvarchar(20)).from(RawTable.PLAN, SUPPLIER_ID),
        optional("title", nvarchar(200)).from(RawTable.PLAN, PLAN_TITLE, TEXT),
        optional("description", JdbcType.TEXT).from(RawTable.PLAN, PLAN_DESCRIPTION, TEXT),
        required("price", JdbcType.MONEY).from(RawTable.PLAN, PLAN_PRICE),
        code("currency", false, "EUR").fixed(RawTable.PLAN),
        code("category", true, "STREAMING", "MUSIC", "CLOUD", "TELECOM").from(RawTable.PLAN, PLAN_CATEGORY));
    public static final ProcessedTable NOTIFICATIONS = standard("processed_notifications", RawTable.NOTIFICATION, List.of(),
        List.of("notification_id"), List.of(),
        required("notification_id", nvarchar(20)).from(RawTable.NOTIFICATION, NOTIFICATION_ID),
        code("type", true, "PAYMENT_REMINDER", "SUBSCRIPTION_EXPIRY", "SYSTEM_ALERT", "URGENT", "INFO")
            .from(RawTable.NOTIFICATION, NOTIFICATION_TYPE),
        optional("sent_at", JdbcType.TIMESTAMP).from(RawTable.NOTIFICATION, NOTIFICATION_SENT_AT),
        code("channel", true, "EMAIL", "SMS", "PUSH", "IN_APP")
            .from(RawTable.NOTIFICATION, NOTIFICATION_CHANNEL),
        optional("content", JdbcType.TEXT).from(RawTable.NOTIFICATION, NOTIFICATION_CONTENT, TEXT));
    public static final ProcessedTable SUBSCRIPTIONS = standard("processed_subscriptions", RawTable.SUBSCRIPTION, List.of(),
        List.of("user_id", "plan_id"),
        List.of(ForeignKey.of("processed_users", "user_id"),
            ForeignKey.of("processed_plans", "plan_id")),
        required("user_id", nvarchar(20)).from(RawTable.SUBSCRIPTION, USER_ID),
        required("plan_id", nvarchar(20)).from(RawTable.SUBSCRIPTION, PLAN_ID),
        code("billing_cycle", true, "DAILY", "WEEKLY", "SEMIMONTHLY", "MONTHLY", "ANNUAL")
            .from(RawTable.SUBSCRIPTION, SUBSCRIPTION_BILLING_CYCLE),
        code("status", true, "ACTIVE", "INACTIVE", "PENDING", "SUSPENDED", "EXPIRED", "CANCELLED")
            .from(RawTable.SUBSCRIPTION, SUBSCRIPTION_STATUS),
        optional("start_date", JdbcType.DATE).from(RawTable.SUBSCRIPTION, SUBSCRIPTION_START_DATE),
        optional("next_billing_date", JdbcType.DATE).from(RawTable.SUBSCRIPTION, SUBSCRIPTION_NEXT_BILLING_DATE),
        optional("renewal_date", JdbcType.DATE).from(RawTable.SUBSCRIPTION, SUBSCRIPTION_RENEWAL_DATE));
    public static final ProcessedTable PAYMENTS = standard("processed_payments", RawTable.PAYMENT, List.of(),
        List.of("payment_id"),
        List.of(ForeignKey.of("processed_users", "user_id"),
            ForeignKey.of("processed_plans", "plan_id")),
        required("payment_id", nvarchar(20)).from(RawTable.PAYMENT, PAYMENT_ID),
        required("user_id", nvarchar(20)).from(RawTable.PAYMENT, USER_ID),
        required("plan_id", nvarchar(20)).from(RawTable.PAYMENT, PLAN_ID),
        code("method", true, "CREDIT_CARD", "BANK_TRANSFER", "DIRECT_DEBIT", "PAYPAL", "APPLE_PAY")
            .from(RawTable.PAYMENT, PAYMENT_MEANS),
        optional("payment_date", JdbcType.DATE).from(RawTable.PAYMENT, PAYMENT_DATE),
        required("amount", JdbcType.MONEY).from(RawTable.PAYMENT, PAYMENT_AMOUNT),
        code("currency", false, "EUR").fixed(RawTable.PAYMENT),
        optional("reason", nvarchar(400)).from(RawTable.PAYMENT, PAYMENT_REASON, TEXT),
        code("status", true, "SUCCEEDED", "FAILED", "PENDING", "CANCELLED", "REFUNDED")
            .from(RawTable.PAYMENT, PAYMENT_STATUS));
    public static final ProcessedTable PAYMENT_METHODS = standard("processed_payment_methods", RawTable.PAYMENT_METHOD, List.of(),
        List.of("payment_id"),
        List.of(ForeignKey.of("processed_payments", "payment_id"),
            ForeignKey.of("processed_users", "user_id")),
        required("payment_id", nvarchar(20)).from(RawTable.PAYMENT_METHOD, PAYMENT_ID),
        required("user_id", nvarchar(20)).from(RawTable.PAYMENT_METHOD, USER_ID),
        optional("card_last4", nvarchar(4)).from(RawTable.PAYMENT_METHOD, METHOD_CARD),
        optional("card_expiry", JdbcType.DATE).from(RawTable.PAYMENT_METHOD, METHOD_CARD_EXPIRY),
        code("method_type", true, "CREDIT_CARD", "VISA", "MASTERCARD", "AMEX", "PAYPAL", "BANK_TRANSFER")
            .from(RawTable.PAYMENT_METHOD, METHOD_TYPE));
    public static final ProcessedTable USER_NOTIFICATIONS = standard("processed_user_notifications", RawTable.USER_NOTIFICATION,
        List.of(), List.of("user_id", "notification_id"),
        List.of(ForeignKey.of("processed_users", "user_id"),
            ForeignKey.of("processed_notifications", "notification_id")),
        required("user_id", nvarchar(20)).from(RawTable.USER_NOTIFICATION, USER_ID),
        required("notification_id", nvarchar(20)).from(RawTable.USER_NOTIFICATION, NOTIFICATION_ID),
        optional("is_read", JdbcType.BOOLEAN).from(RawTable.USER_NOTIFICATION, USER_NOTIFICATION_READ),
        optional("is_urgent", JdbcType.BOOLEAN).from(RawTable.USER_NOTIFICATION, USER_NOTIFICATION_URGENT));
    public static final ProcessedTable ACTIVITY_LOG = standard("processed_activity_log", RawTable.JOURNAL, List.of(),
        List.of("log_id"),
        List.of(ForeignKey.of("processed_users", "user_id"),
            ForeignKey.of("processed_plans", "plan_id")),
        required("log_id", nvarchar(20)).from(RawTable.JOURNAL, JOURNAL_ID),
        required("user_id", nvarchar(20)).from(RawTable.JOURNAL, USER_ID),
        optional("plan_id", nvarchar(20)).from(RawTable.JOURNAL, PLAN_ID),
        optional("description", nvarchar(1000)).from(RawTable.JOURNAL, JOURNAL_DESCRIPTION, TEXT),
        code("activity_type", true, "SUBSCRIPTION_CREATED", "SUBSCRIPTION_CANCELLED", "PRICE_CHANGED",
            "PAYMENT_SUCCEEDED", "PAYMENT_FAILED", "PROFILE_UPDATED", "LOGIN", "LOGOUT")
            .from(RawTable.JOURNAL, JOURNAL_ACTIVITY_TYPE),
        optional("created_at", JdbcType.TIMESTAMP).from(RawTable.JOURNAL, JOURNAL_CREATED_AT),
        optional("previous_value", nvarchar(400)).from(RawTable.JOURNAL, JOURNAL_PREVIOUS_VALUE),
        optional("new_value", nvarchar(400)).from(RawTable.JOURNAL, JOURNAL_NEW_VALUE),
        code("status", true, "COMPLETED", "FAILED", "PENDING", "IN_PROGRESS")
            .from(RawTable.JOURNAL, JOURNAL_STATUS),
        optional("event_time", JdbcType.TIMESTAMP).from(RawTable.JOURNAL, JOURNAL_EVENT_TIME));

    /**
     * The version columns every processed table carries after its declared columns (SPEC 7a): the extract a row's
     * version came from (newer wins) and when a snapshot no longer held it (a soft delete). They describe the row's
     * history, not the source record, so the transformer does not produce them: consumer-processed writes them.
     */
    public static final Column EXTRACT_ID = optional("extract_id", nvarchar(64));
    public static final Column EXTRACT_DATE = optional("extract_date", JdbcType.TIMESTAMP);
    public static final Column DELETED_AT = optional("deleted_at", JdbcType.TIMESTAMP);
    public static final List<Column> VERSION_COLUMNS = List.of(EXTRACT_ID, EXTRACT_DATE, DELETED_AT);

    private static final Map<String, ProcessedTable> BY_NAME = new HashMap<>();

    static {
        for (ProcessedTable t : STANDARD) BY_NAME.put(t.tableName, t);
    }

    private final String tableName;
    private final int position;
    private final RawTable source;
    private final List<MergedTable> merged;
    private final List<String> primaryKey;
    private final List<ForeignKey> foreignKeys;
    private final List<Column> columns;
    private final List<String> columnNames;
    private final Map<String, Column> columnsByName = new HashMap<>();

    private ProcessedTable(String tableName, int position, RawTable source, List<MergedTable> merged, List<String> primaryKey,
                           List<ForeignKey> foreignKeys, List<Column> columns) {
        this.tableName = tableName;
        this.position = position;
        this.source = source;
        this.merged = List.copyOf(merged);
        this.primaryKey = List.copyOf(primaryKey);
        this.foreignKeys = List.copyOf(foreignKeys);
        this.columns = List.copyOf(columns);
        List<String> names = new ArrayList<>(columns.size());
        for (Column c : columns) {
            if (columnsByName.put(c.name(), c) != null) throw new IllegalArgumentException(tableName + ": column " + c.name() + " twice");
            names.add(c.name());
        }
        this.columnNames = List.copyOf(names);
    }

    /** A standard table: its columns, then the two lineage columns every processed table carries, from its raw source. */
    private static ProcessedTable standard(String name, RawTable source, List<MergedTable> merged, List<String> primaryKey,
                                           List<ForeignKey> foreignKeys, Column... columns) {
        List<Column> all = new ArrayList<>(List.of(columns));
        all.add(optional("source_system", nvarchar(50)).from(source, SOURCE_SYSTEM));
        all.add(optional("extracted_at", JdbcType.TIMESTAMP).from(source, EXTRACTED_AT));
        ProcessedTable t = new ProcessedTable(name, STANDARD.size(), source, merged, primaryKey, foreignKeys, all);
        STANDARD.add(t);
        return t;
    }

    /** This declaration with one more column, last; the same table in every other respect (name, position, keys). */
    public ProcessedTable withColumn(Column column) {
        List<Column> all = new ArrayList<>(columns);
        all.add(column);
        return new ProcessedTable(tableName, position, source, merged, primaryKey, foreignKeys, all);
    }

    public String tableName() { return tableName; }
    public List<String> primaryKey() { return primaryKey; }
    public List<ForeignKey> foreignKeys() { return foreignKeys; }
    public List<Column> columns() { return columns; }
    public List<String> columnNames() { return columnNames; }

    /** Every column the SQL table holds: the declared ones, then the {@link #VERSION_COLUMNS}. */
    public List<String> storedColumnNames() {
        List<String> all = new ArrayList<>(columnNames);
        for (Column c : VERSION_COLUMNS) all.add(c.name());
        return all;
    }

    /** The raw table whose records become this table's rows. */
    public RawTable source() { return source; }

    /** Raw side tables merged into this table's rows by the record key, in the order they are read. */
    public List<MergedTable> merged() { return merged; }

    public Column column(String name) {
        return columnsByName.get(name);
    }

    /** Position in the standard model (dependency order), as an enum's ordinal. */
    public int ordinal() { return position; }

    @Override
    public int compareTo(ProcessedTable other) {
        return Integer.compare(position, other.position);
    }

    @Override
    public String toString() {
        return tableName;
    }

    /** The standard tables in dependency order. */
    public static ProcessedTable[] values() {
        return STANDARD.toArray(new ProcessedTable[0]);
    }

    /** The standard table of that name, or null when it is not part of the processed model. */
    public static ProcessedTable byName(String name) {
        return BY_NAME.get(name);
    }
}
