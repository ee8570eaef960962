package io.subtrack.generator;

import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import java.util.BitSet;

/**
 * Which day-1 records reach the processed layer: a record is live when none of its own defects rejects it and the
 * parents it needs are live. Users, suppliers and notifications are never rejected; plans (orphan supplier, bad
 * price) and payments (orphans, bad amount, a rejected plan) can be, and the transformer rejects the children of a
 * rejected parent. So the rejected plans and payments are found first, by a dry run of those two tables, and kept
 * as one bit per plan and per payment: the only state of the daily path that grows with the population
 * (plans + payments bits: 225 KB at ten million records).
 */
final class DayOneLiveness {
    private final BitSet rejectedPlans = new BitSet();
    private final BitSet rejectedPayments = new BitSet();
    private final long plans;
    private final long payments;

    DayOneLiveness(TableCounts counts) {
        this.plans = counts.plans();
        this.payments = counts.payments();
    }

    /** The field of {@code table} that refers to a plan it needs, or -1. */
    static int planParent(TableSink t) {
        RawTable table = t.table();
        return table != RawTable.PLAN && table.fields().contains(RawFields.PLAN_ID) ? t.field(RawFields.PLAN_ID) : -1;
    }

    /** The field of {@code table} that refers to a payment it needs, or -1. */
    static int paymentParent(TableSink t) {
        RawTable table = t.table();
        return table != RawTable.PAYMENT && table.fields().contains(RawFields.PAYMENT_ID) ? t.field(RawFields.PAYMENT_ID) : -1;
    }

    /** Whether the record being built in {@code t} reaches the processed layer on day 1. */
    boolean live(TableSink t, int planField, int paymentField) {
        if (t.hasRejectingDefect()) return false;
        if (planField >= 0 && !planLive(number(t.get(planField)))) return false;
        return paymentField < 0 || paymentLive(number(t.get(paymentField)));
    }

    /** Plan n (1-based) is live; orphan plan numbers are not plans (their records carry the orphan defect). */
    boolean planLive(long n) {
        return n >= 1 && n <= plans && !rejectedPlans.get((int) (n - 1));
    }

    boolean paymentLive(long n) {
        return n >= 1 && n <= payments && !rejectedPayments.get((int) (n - 1));
    }

    /** Notes the dry run's verdict on plan or payment record i (0-based). */
    void note(RawTable table, long i, boolean live) {
        if (live) return;
        if (table == RawTable.PLAN) rejectedPlans.set(Math.toIntExact(i));
        else if (table == RawTable.PAYMENT) rejectedPayments.set(Math.toIntExact(i));
    }

    /** The number in an id such as {@code USR00042} (42); 0 when the value is not an id. */
    static long number(Object id) {
        if (!(id instanceof String s)) return 0;
        long n = 0;
        boolean digits = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                n = n * 10 + (c - '0');
                digits = true;
            } else if (digits) {
                return 0;
            }
        }
        return n;
    }
}
