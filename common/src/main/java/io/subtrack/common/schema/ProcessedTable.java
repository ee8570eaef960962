package io.subtrack.common.schema;

import static io.subtrack.common.schema.Column.code;
import static io.subtrack.common.schema.Column.optional;
import static io.subtrack.common.schema.Column.required;
import static io.subtrack.common.schema.JdbcType.nvarchar;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The processed model (SPEC section 7), declared once: every table's columns, primary key and
 * parents. Declaration order is dependency order: a table only references tables declared above
 * it, so loading in this order never meets a missing parent from a previous table.
 * The DDL in sql/processed/ must match this declaration; ProcessedSchemaMatchesSqlTest holds them
 * together. The consumer's MERGE statements and the docs are derived from it.
 */
public enum ProcessedTable {
    SUPPLIERS("processed_suppliers", List.of("supplier_id"), List.of(),
        required("supplier_id", nvarchar(20)),
        required("name", nvarchar(200)),
        optional("email", nvarchar(320)),
        optional("phone", nvarchar(32)),
        optional("address", nvarchar(400)),
        code("sector", true, "TECHNOLOGY", "HEALTH", "CONSTRUCTION", "TRANSPORT", "INDUSTRY", "COMMERCE",
            "AGRICULTURE", "FINANCE", "EDUCATION", "OTHER"),
        optional("source_system", nvarchar(50)),
        optional("extracted_at", JdbcType.TIMESTAMP)),
    USERS("processed_users", List.of("user_id"), List.of(ForeignKey.of("processed_suppliers", "supplier_id")),
        required("user_id", nvarchar(20)),
        optional("email", nvarchar(320)),
        code("role", true, "USER", "ADMIN", "SUPPLIER", "MANAGER"),
        optional("first_name", nvarchar(100)),
        optional("last_name", nvarchar(100)),
        optional("phone", nvarchar(32)),
        optional("address", nvarchar(400)),
        optional("supplier_id", nvarchar(20)),
        optional("source_system", nvarchar(50)),
        optional("extracted_at", JdbcType.TIMESTAMP)),
    PLANS("processed_plans", List.of("plan_id"), List.of(ForeignKey.of("processed_suppliers", "supplier_id")),
        required("plan_id", nvarchar(20)),
        required("supplier_id", nvarchar(20)),
        optional("title", nvarchar(200)),
        optional("description", JdbcType.TEXT),
        required("price", JdbcType.MONEY),
        code("currency", false, "EUR"),
        code("category", true, "STREAMING", "MUSIC", "CLOUD", "TELECOM"),
        optional("source_system", nvarchar(50)),
        optional("extracted_at", JdbcType.TIMESTAMP)),
    NOTIFICATIONS("processed_notifications", List.of("notification_id"), List.of(),
        required("notification_id", nvarchar(20)),
        code("type", true, "PAYMENT_REMINDER", "SUBSCRIPTION_EXPIRY", "SYSTEM_ALERT", "URGENT", "INFO"),
        optional("sent_at", JdbcType.TIMESTAMP),
        code("channel", true, "EMAIL", "SMS", "PUSH", "IN_APP"),
        optional("content", JdbcType.TEXT),
        optional("source_system", nvarchar(50)),
        optional("extracted_at", JdbcType.TIMESTAMP)),
    SUBSCRIPTIONS("processed_subscriptions", List.of("user_id", "plan_id"),
        List.of(ForeignKey.of("processed_users", "user_id"), ForeignKey.of("processed_plans", "plan_id")),
        required("user_id", nvarchar(20)),
        required("plan_id", nvarchar(20)),
        code("billing_cycle", true, "DAILY", "WEEKLY", "SEMIMONTHLY", "MONTHLY", "ANNUAL"),
        code("status", true, "ACTIVE", "INACTIVE", "PENDING", "SUSPENDED", "EXPIRED", "CANCELLED"),
        optional("start_date", JdbcType.DATE),
        optional("next_billing_date", JdbcType.DATE),
        optional("renewal_date", JdbcType.DATE),
        optional("source_system", nvarchar(50)),
        optional("extracted_at", JdbcType.TIMESTAMP)),
    PAYMENTS("processed_payments", List.of("payment_id"),
        List.of(ForeignKey.of("processed_users", "user_id"), ForeignKey.of("processed_plans", "plan_id")),
        required("payment_id", nvarchar(20)),
        required("user_id", nvarchar(20)),
        required("plan_id", nvarchar(20)),
        code("method", true, "CREDIT_CARD", "BANK_TRANSFER", "DIRECT_DEBIT", "PAYPAL", "APPLE_PAY"),
        optional("payment_date", JdbcType.DATE),
        required("amount", JdbcType.MONEY),
        code("currency", false, "EUR"),
        optional("reason", nvarchar(400)),
        code("status", true, "SUCCEEDED", "FAILED", "PENDING", "CANCELLED", "REFUNDED"),
        optional("source_system", nvarchar(50)),
        optional("extracted_at", JdbcType.TIMESTAMP)),
    PAYMENT_METHODS("processed_payment_methods", List.of("payment_id"),
        List.of(ForeignKey.of("processed_payments", "payment_id"), ForeignKey.of("processed_users", "user_id")),
        required("payment_id", nvarchar(20)),
        required("user_id", nvarchar(20)),
        optional("card_last4", nvarchar(4)),
        optional("card_expiry", JdbcType.DATE),
        code("method_type", true, "CREDIT_CARD", "VISA", "MASTERCARD", "AMEX", "PAYPAL", "BANK_TRANSFER"),
        optional("source_system", nvarchar(50)),
        optional("extracted_at", JdbcType.TIMESTAMP)),
    USER_NOTIFICATIONS("processed_user_notifications", List.of("user_id", "notification_id"),
        List.of(ForeignKey.of("processed_users", "user_id"), ForeignKey.of("processed_notifications", "notification_id")),
        required("user_id", nvarchar(20)),
        required("notification_id", nvarchar(20)),
        optional("is_read", JdbcType.BOOLEAN),
        optional("is_urgent", JdbcType.BOOLEAN),
        optional("source_system", nvarchar(50)),
        optional("extracted_at", JdbcType.TIMESTAMP)),
    ACTIVITY_LOG("processed_activity_log", List.of("log_id"),
        List.of(ForeignKey.of("processed_users", "user_id"), ForeignKey.of("processed_plans", "plan_id")),
        required("log_id", nvarchar(20)),
        required("user_id", nvarchar(20)),
        optional("plan_id", nvarchar(20)),
        optional("description", nvarchar(1000)),
        code("activity_type", true, "SUBSCRIPTION_CREATED", "SUBSCRIPTION_CANCELLED", "PRICE_CHANGED",
            "PAYMENT_SUCCEEDED", "PAYMENT_FAILED", "PROFILE_UPDATED", "LOGIN", "LOGOUT"),
        optional("created_at", JdbcType.TIMESTAMP),
        optional("previous_value", nvarchar(400)),
        optional("new_value", nvarchar(400)),
        code("status", true, "COMPLETED", "FAILED", "PENDING", "IN_PROGRESS"),
        optional("event_time", JdbcType.TIMESTAMP),
        optional("source_system", nvarchar(50)),
        optional("extracted_at", JdbcType.TIMESTAMP));

    private static final Map<String, ProcessedTable> BY_NAME = new HashMap<>();

    static {
        for (ProcessedTable t : values()) BY_NAME.put(t.tableName, t);
    }

    private final String tableName;
    private final List<String> primaryKey;
    private final List<ForeignKey> foreignKeys;
    private final List<Column> columns;
    private final Map<String, Column> columnsByName = new HashMap<>();

    ProcessedTable(String tableName, List<String> primaryKey, List<ForeignKey> foreignKeys, Column... columns) {
        this.tableName = tableName;
        this.primaryKey = primaryKey;
        this.foreignKeys = foreignKeys;
        this.columns = List.of(columns);
        for (Column c : columns) columnsByName.put(c.name(), c);
    }

    public String tableName() { return tableName; }
    public List<String> primaryKey() { return primaryKey; }
    public List<ForeignKey> foreignKeys() { return foreignKeys; }
    public List<Column> columns() { return columns; }

    public Column column(String name) {
        return columnsByName.get(name);
    }

    public List<String> columnNames() {
        List<String> names = new ArrayList<>(columns.size());
        for (Column c : columns) names.add(c.name());
        return names;
    }

    /** The table of that name, or null when it is not part of the processed model. */
    public static ProcessedTable byName(String name) {
        return BY_NAME.get(name);
    }
}
