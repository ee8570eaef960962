package io.subtrack.transformer;

import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ColumnSource;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.rules.Cards;
import io.subtrack.transformer.rules.Cleaned;
import io.subtrack.transformer.rules.CodeVariants;
import io.subtrack.transformer.rules.DateTimes;
import io.subtrack.transformer.rules.Normalize;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import io.subtrack.transformer.source.RawRow;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the reader of a column from its declaration ({@link ColumnSource}): the raw field is resolved to its index
 * and the rule ids to rules once per table, so reading a record is an array access and the normaliser's call.
 */
final class ColumnReaders {
    private ColumnReaders() {}

    /** A user's role when the raw record has none: what their memberships say, or null. */
    interface Memberships {
        String roleOf(String userKey);
    }

    /** The reader of a column read from {@code raw} (the column's own source table). */
    static ColumnReader of(ProcessedTable table, Column column, Memberships memberships, SubscriptionDateColumns dates) {
        ColumnSource s = column.source();
        if (s == null) throw new IllegalArgumentException(table + "." + column.name() + " declares no source");
        RawTable raw = s.table();
        int index = s.field() == null ? -1 : RawRow.indexOf(raw, s.field());
        if (s.field() != null && index < 0) throw new IllegalArgumentException(table + "." + column.name() + ": " + s.field() + " is not a field of " + raw.tableName());
        String field = s.field();
        Rule repair = rule(s, 0), invalid = rule(s, 1), extra = rule(s, 2);
        boolean required = !column.nullable();
        return switch (s.normaliser()) {
            case ID -> (ctx, row) -> id(ctx.row.values()[index]);
            case FIXED_CODE -> {
                String code = column.codes().get(0);
                yield (ctx, row) -> code;
            }
            case TEXT -> field(index, field, Normalize::text, repair, invalid, required);
            case VERBATIM -> field(index, field, ColumnReaders::verbatim, repair, invalid, required);
            case PERSON_NAME -> field(index, field, Normalize::personName, repair, invalid, required);
            case COMPANY_NAME -> field(index, field, Normalize::companyName, repair, invalid, required);
            case EMAIL -> field(index, field, Normalize::email, repair, invalid, required);
            case PHONE -> field(index, field, Normalize::phone, repair, invalid, required);
            case MONEY -> field(index, field, Normalize::money, repair, invalid, required);
            case DATE -> field(index, field, DateTimes::date, repair, invalid, required);
            case TIMESTAMP -> field(index, field, DateTimes::timestamp, repair, invalid, required);
            case CARD_LAST4 -> field(index, field, Cards::cardLast4, repair, invalid, required);
            case CARD_EXPIRY -> field(index, field, Cards::cardExpiry, repair, invalid, required);
            case CODE -> {
                Map<String, String> variants = CodeVariants.forColumn(table, column);
                yield field(index, field, v -> CodeVariants.code(v, variants), repair, invalid, required);
            }
            case BOOLEAN -> {
                ColumnReader text = field(index, field, Normalize::bool, repair, invalid, required);
                yield (ctx, row) -> {
                    Object v = text.read(ctx, row);
                    return v == null ? null : Boolean.valueOf((String) v);
                };
            }
            case ADDRESS_SEMICOLON_LINES -> address(index, field, "; ", repair, invalid, extra, required);
            case ADDRESS_DASH_LINES -> address(index, field, " - ", repair, invalid, extra, required);
            case EMAIL_WITHOUT_PLUS_TAG -> (ctx, row) -> {
                String raw0 = ctx.row.values()[index];
                Cleaned email = Normalize.email(raw0);
                String untagged = email.usable() ? Normalize.withoutPlusTag(email.value()) : null;
                if (untagged != null && !untagged.equals(email.value())) {
                    ctx.fire(extra, field, raw0, untagged);
                    ctx.outputs.put(field, untagged);
                    return untagged;
                }
                return ctx.field(field, raw0, email, repair, invalid, required);
            };
            case TIMESTAMP_OR_SENTINEL -> (ctx, row) -> {
                String raw0 = ctx.row.values()[index];
                if (DateTimes.isSentinel(raw0)) {
                    ctx.fire(extra, field, raw0, null);
                    ctx.outputs.put(field, null);
                    return null;
                }
                return ctx.field(field, raw0, DateTimes.timestamp(raw0), repair, invalid, required);
            };
            case ROLE_OR_MEMBERSHIP -> {
                Map<String, String> variants = CodeVariants.forColumn(table, column);
                yield (ctx, row) -> {
                    String raw0 = ctx.row.values()[index];
                    Cleaned role = CodeVariants.code(raw0, variants);
                    if (role.outcome() != Cleaned.Outcome.EMPTY) return ctx.field(field, raw0, role, repair, invalid, required);
                    // an empty role only: a role the source gives is never overridden by a membership
                    String derived = memberships.roleOf(ctx.key);
                    if (derived != null) {
                        ctx.fire(extra, field, raw0, derived);
                    } else if (raw0 != null) {
                        ctx.fire(invalid, field, raw0, null);
                    }
                    ctx.outputs.put(field, derived);
                    return derived;
                };
            }
            case SUBSCRIPTION_DATE -> dates.reader(column, index, field, repair, invalid, extra);
        };
    }

    private static Rule rule(ColumnSource s, int position) {
        String id = s.rule(position);
        if (id == null) return null;
        Rule r = Rules.byId(id);
        if (r == null) throw new IllegalArgumentException("unknown rule " + id + " declared for " + s.table().tableName() + "." + s.field());
        return r;
    }

    /** Ids and references: trimmed, blank is null; nothing is logged (a missing one is the key's or the reference's rule). */
    static String id(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip();
    }

    private static ColumnReader field(int index, String field, Function<String, Cleaned> normaliser, Rule repair, Rule invalid,
                                      boolean required) {
        return (ctx, row) -> {
            String raw = ctx.row.values()[index];
            return ctx.field(field, raw, normaliser.apply(raw), repair, invalid, required);
        };
    }

    /** Address lines rejoined; with a third rule declared, an address without a house number is flagged (kept as is). */
    private static ColumnReader address(int index, String field, String joiner, Rule repair, Rule invalid, Rule incomplete,
                                        boolean required) {
        return (ctx, row) -> {
            String raw = ctx.row.values()[index];
            String address = ctx.field(field, raw, Normalize.address(raw, joiner), repair, invalid, required);
            if (incomplete != null && address != null && !Normalize.hasHouseNumber(address)) ctx.fire(incomplete, field, raw, address);
            return address;
        };
    }

    /** Free text kept verbatim; only "" means "no value". */
    private static Cleaned verbatim(String raw) {
        if (raw == null || raw.isEmpty()) return Cleaned.EMPTY;
        return new Cleaned(raw, Cleaned.Outcome.SAME);
    }
}
