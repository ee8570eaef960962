package io.subtrack.generator;

import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;

/**
 * The raw reference fields the generator gives orphans (references to parents never generated), each
 * tied to the processed foreign key it feeds. The parent an orphan points past is that foreign
 * key's parent table, as {@link ProcessedTable#foreignKeys()} declares it: a reference the
 * declaration does not have stops the generator at class initialisation.
 */
enum ForeignReference {
    USER_SUPPLIER_SUPPLIER(RawTable.USER_SUPPLIER, RawFields.SUPPLIER_ID, ProcessedTable.USERS, "supplier_id"),
    JOURNAL_USER(RawTable.JOURNAL, RawFields.USER_ID, ProcessedTable.ACTIVITY_LOG, "user_id"),
    PLAN_SUPPLIER(RawTable.PLAN, RawFields.SUPPLIER_ID, ProcessedTable.PLANS, "supplier_id"),
    PAYMENT_PLAN(RawTable.PAYMENT, RawFields.PLAN_ID, ProcessedTable.PAYMENTS, "plan_id"),
    PAYMENT_USER(RawTable.PAYMENT, RawFields.USER_ID, ProcessedTable.PAYMENTS, "user_id"),
    PAYMENT_METHOD_PAYMENT(RawTable.PAYMENT_METHOD, RawFields.PAYMENT_ID, ProcessedTable.PAYMENT_METHODS, "payment_id"),
    USER_NOTIFICATION_NOTIFICATION(RawTable.USER_NOTIFICATION, RawFields.NOTIFICATION_ID, ProcessedTable.USER_NOTIFICATIONS,
        "notification_id"),
    SUBSCRIPTION_USER(RawTable.SUBSCRIPTION, RawFields.USER_ID, ProcessedTable.SUBSCRIPTIONS, "user_id"),
    SUBSCRIPTION_PLAN(RawTable.SUBSCRIPTION, RawFields.PLAN_ID, ProcessedTable.SUBSCRIPTIONS, "plan_id");

    final RawTable rawTable;
    final String rawField;
    final ProcessedTable child;
    final ForeignKey foreignKey;

    ForeignReference(RawTable rawTable, String rawField, ProcessedTable child, String column) {
        this.rawTable = rawTable;
        this.rawField = rawField;
        this.child = child;
        this.foreignKey = child.foreignKeys().stream().filter(fk -> fk.columns().equals(java.util.List.of(column))).findFirst()
            .orElseThrow(() -> new IllegalStateException(child.tableName() + " declares no foreign key on " + column));
        if (!rawTable.fields().contains(rawField)) throw new IllegalStateException(rawTable.tableName() + " has no " + rawField);
    }

    /** The processed table the reference points into. */
    ProcessedTable parent() {
        return foreignKey.parent();
    }
}
