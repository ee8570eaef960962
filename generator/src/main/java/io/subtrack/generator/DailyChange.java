package io.subtrack.generator;

import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.truth.EncodedString;
import io.subtrack.common.truth.ExactNumber;
import java.util.SplittableRandom;

/**
 * The field a day changes in a record of one raw table, and the processed column it lands in: a user's email, a
 * supplier's phone, a plan's price, a payment's status, a subscription's status (renewed, expired or cancelled),
 * whether a user has read a notification. Each change gives a value different from the one before, so a change is
 * always visible in the processed layer. One field per table: a record's state on day N is its day-1 value after
 * each of its changes up to N in turn.
 */
enum DailyChange {
    USER_EMAIL(RawTable.USER, RawFields.USER_EMAIL, ProcessedTable.USERS, "email"),
    SUPPLIER_PHONE(RawTable.SUPPLIER, RawFields.SUPPLIER_PHONE, ProcessedTable.SUPPLIERS, "phone"),
    PLAN_PRICE(RawTable.PLAN, RawFields.PLAN_PRICE, ProcessedTable.PLANS, "price"),
    PAYMENT_STATUS(RawTable.PAYMENT, RawFields.PAYMENT_STATUS, ProcessedTable.PAYMENTS, "status"),
    SUBSCRIPTION_STATUS(RawTable.SUBSCRIPTION, RawFields.SUBSCRIPTION_STATUS, ProcessedTable.SUBSCRIPTIONS, "status"),
    NOTIFICATION_READ(RawTable.USER_NOTIFICATION, RawFields.USER_NOTIFICATION_READ, ProcessedTable.USER_NOTIFICATIONS,
        "is_read");

    /** Where a subscription's status moves: renewed, expired or cancelled. */
    private static final String[] SUBSCRIPTION_MOVES = {"ACTIVE", "EXPIRED", "CANCELLED"};

    final RawTable table;
    final String rawField;
    final ProcessedTable processed;
    final String column;

    DailyChange(RawTable table, String rawField, ProcessedTable processed, String column) {
        if (processed.source() != table || processed.column(column) == null
            || !rawField.equals(processed.column(column).source().field())) {
            throw new IllegalStateException(processed + "." + column + " is not read from " + table.tableName() + "." + rawField);
        }
        this.table = table;
        this.rawField = rawField;
        this.processed = processed;
        this.column = column;
    }

    /** The change of a table's records, or null when its records do not change. */
    static DailyChange of(RawTable table) {
        for (DailyChange c : values()) if (c.table == table) return c;
        return null;
    }

    /** The next raw value of the field (clean, canonical), different from {@code current}, drawn from {@code r}. */
    Object next(Object current, SplittableRandom r, TextPools pools) {
        return switch (this) {
            case USER_EMAIL -> {
                String email;
                do {
                    email = TextPools.localPart(TextPools.pick(pools.firstNames, r), TextPools.pick(pools.lastNames, r))
                        + r.nextInt(1000) + "@" + TextPools.pick(pools.mailDomains, r);
                } while (email.equals(current));
                yield email;
            }
            case SUPPLIER_PHONE -> {
                String phone;
                do phone = "+33" + RandomValues.frenchDigits(r); while (phone.equals(current));
                yield phone;
            }
            case PLAN_PRICE -> {
                long cents = cents(current);
                // A price moves by 5 to 25 % either way, never below 1.00.
                long moved = Math.max(100, cents + (r.nextBoolean() ? 1 : -1) * Math.max(1, cents * (5 + r.nextInt(21)) / 100));
                if (moved == cents) moved = cents + 100;
                yield Formats.amountNumber(moved);
            }
            case PAYMENT_STATUS -> otherCode(EnumeratedField.PAYMENT_STATUS.codes, text(current), r);
            case SUBSCRIPTION_STATUS -> otherCode(SUBSCRIPTION_MOVES, text(current), r);
            case NOTIFICATION_READ -> Long.valueOf(1L).equals(current) ? 0L : 1L;
        };
    }

    /** The value as the processed column stores it: codes and text as they are, money as an exact number, flags as booleans. */
    Object processedValue(Object raw) {
        return switch (this) {
            case PLAN_PRICE -> Formats.amountNumber(cents(raw));
            case NOTIFICATION_READ -> Long.valueOf(1L).equals(raw);
            default -> text(raw);
        };
    }

    private static String otherCode(String[] codes, String current, SplittableRandom r) {
        String next;
        do next = codes[r.nextInt(codes.length)]; while (next.equals(current));
        return next;
    }

    private static String text(Object raw) {
        return raw instanceof EncodedString e ? e.value() : (String) raw;
    }

    /** A clean price as written: whole euros as a JSON integer, or an exact two-decimal number. */
    private static long cents(Object raw) {
        if (raw instanceof Long euros) return euros * 100;
        return new java.math.BigDecimal(((ExactNumber) raw).text()).movePointRight(2).longValueExact();
    }
}
