package io.subtrack.generator;

import io.subtrack.common.schema.ProcessedTable;
import java.util.function.LongFunction;

/**
 * The source's ids ({@code USR00001}, {@code FRN0001}, ...): sequential from 1, widened when a
 * count needs more digits than the source's width. Id n+1 and above of a table name a record
 * that was never generated: that is how orphans are made.
 */
final class Ids {
    private final int userWidth;
    private final int supplierWidth;
    private final int planWidth;
    private final int paymentWidth;
    private final int notificationWidth;
    private final int journalWidth;

    Ids(TableCounts counts) {
        this.userWidth = Formats.idWidth(5, counts.users());
        this.supplierWidth = Formats.idWidth(4, counts.suppliers());
        this.planWidth = Formats.idWidth(5, counts.plans());
        this.paymentWidth = Formats.idWidth(6, counts.payments());
        this.notificationWidth = Formats.idWidth(6, counts.notifications());
        this.journalWidth = Formats.idWidth(5, counts.journal());
    }

    String user(long n) { return Formats.id("USR", n, userWidth); }
    String supplier(long n) { return Formats.id("FRN", n, supplierWidth); }
    String plan(long n) { return Formats.id("ABN", n, planWidth); }
    String payment(long n) { return Formats.id("PAY", n, paymentWidth); }
    String notification(long n) { return Formats.id("NOT", n, notificationWidth); }
    String journal(long n) { return Formats.id("JRN", n, journalWidth); }

    /** The ids of the records of a parent table (the raw table that feeds it). */
    LongFunction<String> of(ProcessedTable parent) {
        return switch (parent.source()) {
            case USER -> this::user;
            case SUPPLIER -> this::supplier;
            case PLAN -> this::plan;
            case PAYMENT -> this::payment;
            case NOTIFICATION -> this::notification;
            default -> throw new IllegalArgumentException(parent.tableName() + " is no parent of a generated reference");
        };
    }
}
