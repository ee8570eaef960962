package io.subtrack.transformer;

import static io.subtrack.common.schema.RawFields.*;
import static io.subtrack.transformer.rules.Normalize.code;

import com.fasterxml.jackson.core.JsonGenerator;
import io.subtrack.common.cli.Progress;
import io.subtrack.common.json.TableFileWriter;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.JdbcType;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.report.GroundTruthScorer;
import io.subtrack.transformer.report.QualityStats;
import io.subtrack.transformer.rules.Cleaned;
import io.subtrack.transformer.rules.Masking;
import io.subtrack.transformer.rules.Normalize;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import io.subtrack.transformer.rules.SubscriptionDates;
import io.subtrack.transformer.source.RawRow;
import io.subtrack.transformer.source.RawSource;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the raw layer into the processed model, table by table in dependency order. Each raw
 * table is scanned twice: once to find the winner of every natural key (latest date_extraction,
 * then latest arrival), once to clean the winners and quarantine everything else. Only key sets
 * of accepted parents (and the small membership/profile side tables of users) stay in memory.
 */
public final class Transformer {
    /** Rows at or below a table's watermark were delivered by an earlier run: cleaned for context, not written again. */
    private final Map<RawTable, Long> watermarks;
    private final GroundTruthScorer scorer;
    private final QualityStats stats = new QualityStats();
    private final Progress progress;

    private TableFileWriter cleanedOut;
    private TableFileWriter rejectedOut;
    /** Everything written to cleanedOut and rejectedOut goes through here, in order. */
    private OrderedWriter writer;

    private final KeyIndex acceptedSuppliers = KeyIndex.set();
    private final KeyIndex acceptedUsers = KeyIndex.set();
    private final KeyIndex acceptedPlans = KeyIndex.set();
    // not final: released as soon as no later table refers to them (memory at 10M+ records)
    private KeyIndex acceptedNotifications = KeyIndex.set();
    private KeyIndex acceptedPayments = KeyIndex.set();
    private KeyIndex adminUsers = KeyIndex.set();
    private final Map<String, String> supplierOfUser = new HashMap<>();
    private final Map<String, String[]> profileOfUser = new HashMap<>();
    /** Users whose merged row must be written again in an incremental run because a side record of theirs is new. */
    private final KeyIndex touchedUsers = KeyIndex.set();

    public Transformer(Map<RawTable, Long> watermarks, GroundTruthScorer scorer, Progress progress) {
        this.watermarks = watermarks == null ? Map.of() : watermarks;
        this.scorer = scorer;
        this.progress = progress;
    }

    /** Sees every accounted record with what happened to it (tests, tools); null for none. */
    private java.util.function.Consumer<RecordContext> observer;

    public void observe(java.util.function.Consumer<RecordContext> observer) {
        this.observer = observer;
    }

    public QualityStats stats() {
        return stats;
    }

    /** Highest row id seen per raw table, for the next incremental run's watermark. */
    private final Map<RawTable, Long> maxRowIds = new EnumMap<>(RawTable.class);

    public Map<RawTable, Long> maxRowIds() {
        return maxRowIds;
    }

    private boolean ran;

    /** The order in which {@link #run} first scans the raw tables (parents before children). */
    static final List<RawTable> SCAN_ORDER = List.of(RawTable.SUPPLIER, RawTable.USER, RawTable.ADMIN, RawTable.USER_SUPPLIER,
        RawTable.USER_PROFILE, RawTable.PLAN, RawTable.NOTIFICATION, RawTable.SUBSCRIPTION, RawTable.PAYMENT,
        RawTable.PAYMENT_METHOD, RawTable.USER_NOTIFICATION, RawTable.JOURNAL);

    /** Runs once, writing the repair log beside the cleaned file ({@link RepairLog#besides}). */
    public void run(RawSource source, Path cleanedFile, Path rejectedFile) throws Exception {
        run(source, cleanedFile, rejectedFile, RepairLog.besides(cleanedFile));
    }

    /** Runs once: the key sets it builds describe one run's input. */
    public void run(RawSource source, Path cleanedFile, Path rejectedFile, Path repairsFile) throws Exception {
        if (ran) throw new IllegalStateException("a Transformer instance runs once; create a new one");
        ran = true;
        try (TableFileWriter cleaned = new TableFileWriter(cleanedFile, false);
             TableFileWriter rejected = new TableFileWriter(rejectedFile, false);
             RepairLog repairLog = new RepairLog(repairsFile)) {
            this.cleanedOut = cleaned;
            this.rejectedOut = rejected;
            this.repairs = repairLog;
            source.plan(SCAN_ORDER);
            try (OrderedWriter w = new OrderedWriter("transformer-writer")) {
                writer = w;
                transform(source);
                w.finish();
            }
            cleaned.commit();
            rejected.commit();
            repairLog.commit();
            repairCounts = repairLog.counts();
        }
    }

    private RepairLog repairs;
    private RepairLog.Counts repairCounts;

    /** What the repair log holds, after {@link #run}. */
    public RepairLog.Counts repairCounts() {
        return repairCounts;
    }

    private void startCleanedTable(ProcessedTable table) throws Exception {
        writer.submit(() -> cleanedOut.startTable(table.tableName()));
    }

    private void startRejectedTable(RawTable table) throws Exception {
        writer.submit(() -> rejectedOut.startTable(table.tableName()));
    }

    private void transform(RawSource source) throws Exception {
        startCleanedTable(ProcessedTable.SUPPLIERS);
        processTable(source, RawTable.SUPPLIER, this::supplier);
        KeyIndex userWinners = winners(source, RawTable.USER);
        usersForMembership = userWinners;
        processTable(source, RawTable.ADMIN, this::admin);
        processSupplierLinks(source, userWinners);
        processTable(source, RawTable.USER_PROFILE, this::profile);
        startCleanedTable(ProcessedTable.USERS);
        processTable(source, RawTable.USER, this::user, new WinnerRows(userWinners));
        supplierOfUser.clear();
        profileOfUser.clear();
        usersForMembership = null;
        userWinners = null;
        adminUsers = null;
        startCleanedTable(ProcessedTable.PLANS);
        processTable(source, RawTable.PLAN, this::plan);
        startCleanedTable(ProcessedTable.NOTIFICATIONS);
        processTable(source, RawTable.NOTIFICATION, this::notification);
        startCleanedTable(ProcessedTable.SUBSCRIPTIONS);
        processTable(source, RawTable.SUBSCRIPTION, this::subscription);
        startCleanedTable(ProcessedTable.PAYMENTS);
        processTable(source, RawTable.PAYMENT, this::payment);
        startCleanedTable(ProcessedTable.PAYMENT_METHODS);
        processTable(source, RawTable.PAYMENT_METHOD, this::paymentMethod);
        acceptedPayments = null;
        startCleanedTable(ProcessedTable.USER_NOTIFICATIONS);
        processTable(source, RawTable.USER_NOTIFICATION, this::userNotification);
        acceptedNotifications = null;
        startCleanedTable(ProcessedTable.ACTIVITY_LOG);
        processTable(source, RawTable.JOURNAL, this::journal);
    }

    // ------------------------------------------------------------------ the two passes

    private interface Cleaner {
        /** Cleans a winning record; returns the processed row to write, or null (rejected, or merged elsewhere). */
        OutRow clean(RecordContext ctx) throws Exception;
    }

    static String naturalKey(RawRow row) {
        List<String> keyFields = row.table().keyFields();
        String[] parts = new String[keyFields.size()];
        for (int i = 0; i < parts.length; i++) parts[i] = row.get(keyFields.get(i));
        return naturalKey(parts);
    }

    /** Key fields trimmed and joined with '|'; null when one is missing, blank or longer than an id column. */
    static String naturalKey(String[] parts) {
        if (parts.length == 1) {
            String v = parts[0];
            if (v == null) return null;
            v = v.strip();
            return v.isEmpty() || v.length() > 20 ? null : v;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String v = parts[i];
            if (v == null) return null;
            v = v.strip();
            if (v.isEmpty() || v.length() > 20) return null;
            if (i > 0) sb.append('|');
            sb.append(v);
        }
        return sb.toString();
    }

    /** Seconds of date_extraction, or -1 when unreadable (it then loses every tie). */
    static long extractionEpoch(String raw) {
        LocalDateTime t = Normalize.parseTimestamp(raw);
        return t == null ? -1 : t.toEpochSecond(ZoneOffset.UTC);
    }

    private KeyIndex winners(RawSource source, RawTable table) throws Exception {
        // every row may carry a distinct key: sized for all of them, the index never grows
        KeyIndex winners = KeyIndex.winners(table.keyFields().size(), Math.max(0, source.rowCount(table)));
        source.scanKeys(table, (keyValues, dateExtraction, rowId) -> {
            String key = naturalKey(keyValues);
            if (key != null) winners.offer(key, extractionEpoch(dateExtraction), rowId);
        });
        return winners;
    }

    private void processTable(RawSource source, RawTable table, Cleaner cleaner) throws Exception {
        // only the winners' row ids are kept while the table is cleaned, not the index of its keys
        processTable(source, table, cleaner, new WinnerRows(winners(source, table)));
    }

    private void processTable(RawSource source, RawTable table, Cleaner cleaner, WinnerRows winnerRows) throws Exception {
        startRejectedTable(table);
        long watermark = watermarks.getOrDefault(table, 0L);
        long[] maxRowId = {Long.MIN_VALUE};
        source.scan(table, row -> {
            maxRowId[0] = Math.max(maxRowId[0], row.rowId());
            boolean fresh = row.rowId() > watermark;
            RecordContext ctx = new RecordContext(row, naturalKey(row));
            OutRow out = null;
            if (ctx.key == null) {
                ctx.reject(Rules.KEY_MISSING, "natural key " + table.keyFields() + " missing, blank or longer than 20 characters");
            } else if (!winnerRows.contains(row.rowId())) {
                ctx.supersede(Rules.DUPLICATE, "duplicate superseded by a later date_extraction");
            } else {
                out = cleaner.clean(ctx);
            }
            if (fresh) finish(ctx, out);
        });
        if (maxRowId[0] != Long.MIN_VALUE) maxRowIds.merge(table, maxRowId[0], Math::max);
        source.release(table);
    }

    private void finish(RecordContext ctx, OutRow out) throws Exception {
        progress.step();
        stats.record(ctx);
        if (scorer != null) scorer.observe(ctx);
        if (observer != null) observer.accept(ctx);
        if (ctx.rejected()) {
            writer.submit(() -> writeRejected(ctx));
            return;
        }
        // merged records (profiles, memberships) have no row of their own but their values are stored
        boolean logged = !ctx.events.isEmpty();
        if (out != null && logged) {
            writer.submit(() -> {
                out.write(cleanedOut.generator());
                repairs.write(ctx);
            });
        } else if (out != null) {
            writer.submit(() -> out.write(cleanedOut.generator()));
        } else if (logged) {
            writer.submit(() -> repairs.write(ctx));
        }
    }

    /** Written field by field, as the tree it replaced would have been (no tree per record). */
    private void writeRejected(RecordContext ctx) throws Exception {
        JsonGenerator g = rejectedOut.generator();
        RawRow row = ctx.row;
        g.writeStartObject();
        writeText(g, RAW_ID, row.get(RAW_ID));
        writeText(g, "key", ctx.key);
        g.writeStringField("outcome", ctx.outcome.name());
        g.writeArrayFieldStart("rules");
        for (Rule rule : ctx.rejectRules) g.writeString(ctx.outcome == RecordContext.Outcome.SUPERSEDED ? Rules.DUPLICATE.id() : rule.id());
        g.writeEndArray();
        g.writeArrayFieldStart("reasons");
        for (String reason : ctx.reasons) g.writeString(reason);
        g.writeEndArray();
        g.writeObjectFieldStart("record");
        List<String> fields = row.table().fields();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (!Masking.dropInQuarantine(f)) writeText(g, f, Masking.forQuarantine(f, row.values()[i]));
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void writeText(JsonGenerator g, String field, String value) throws java.io.IOException {
        g.writeFieldName(field);
        if (value == null) g.writeNull(); else g.writeString(value);
    }

    private OutRow emit(ProcessedTable table, RecordContext ctx, Map<String, Object> values) {
        if (ctx.rejected()) return null;
        List<Column> columns = table.columns();
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < row.length; i++) {
            Column c = columns.get(i);
            Object v = values.get(c.name());
            if (v instanceof String s && c.type() instanceof JdbcType.Text text && s.length() > text.maxLength()) {
                if (!c.nullable()) {
                    ctx.reject(Rules.TEXT_TOO_LONG, c.name() + " longer than " + text.maxLength() + " characters");
                    return null;
                }
                // logged on the raw field the value came from, so the repair log and the score see it stored as null
                String field = sourceFieldOf(ctx, s, c.name());
                ctx.fire(Rules.TEXT_TOO_LONG, field, s, null);
                if (ctx.outputs.containsKey(field)) ctx.outputs.put(field, null);
                v = null;
            }
            row[i] = v;
        }
        if (ctx.row.rowId() > watermarks.getOrDefault(ctx.row.table(), 0L)) stats.processedRow(table);
        return new OutRow(table, row);
    }

    /** The raw field whose cleaned value is this very string (a cleaner passes its result on unchanged), else the column. */
    private static String sourceFieldOf(RecordContext ctx, String value, String column) {
        for (Map.Entry<String, String> e : ctx.outputs.entrySet()) if (e.getValue() == value) return e.getKey();
        return column;
    }

    private Map<String, Object> lineage(RecordContext ctx) {
        Map<String, Object> v = new HashMap<>();
        String src = ctx.row.get(SOURCE_SYSTEM);
        v.put("source_system", src == null || src.isBlank() ? null : src.strip());
        String raw = ctx.row.get(EXTRACTED_AT);
        v.put("extracted_at", ctx.field(EXTRACTED_AT, raw, Normalize.timestamp(raw), Rules.EXTRACTED_AT, Rules.EXTRACTED_AT, false));
        return v;
    }

    private String id(RecordContext ctx, String field) {
        String v = ctx.row.get(field);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private String clean(RecordContext ctx, String field, java.util.function.Function<String, Cleaned> f, Rule repair, Rule invalid) {
        String raw = ctx.row.get(field);
        return ctx.field(field, raw, f.apply(raw), repair, invalid, false);
    }

    // ------------------------------------------------------------------ suppliers and users

    private OutRow supplier(RecordContext ctx) {
        Map<String, Object> v = lineage(ctx);
        v.put("supplier_id", ctx.key);
        String nameRaw = ctx.row.get(SUPPLIER_NAME);
        v.put("name", ctx.field(SUPPLIER_NAME, nameRaw, Normalize.companyName(nameRaw), Rules.SUP_NAME_CASE, Rules.SUP_NAME_MISSING, true));
        v.put("email", clean(ctx, SUPPLIER_EMAIL, Normalize::email, Rules.SUP_EMAIL, Rules.SUP_EMAIL_INVALID));
        v.put("phone", clean(ctx, SUPPLIER_PHONE, Normalize::phone, Rules.SUP_PHONE, Rules.SUP_PHONE_INVALID));
        v.put("address", clean(ctx, SUPPLIER_ADDRESS, s -> Normalize.address(s, " - "), Rules.SUP_ADDRESS, Rules.TEXT_EMPTY));
        v.put("sector", clean(ctx, SUPPLIER_SECTOR, s -> code(s, Normalize.SECTOR), Rules.SUP_SECTOR, Rules.SUP_SECTOR_UNKNOWN));
        OutRow o = emit(ProcessedTable.SUPPLIERS, ctx, v);
        if (!ctx.rejected()) acceptedSuppliers.add(ctx.key);
        return o;
    }

    private boolean fresh(RecordContext ctx) {
        return ctx.row.rowId() > watermarks.getOrDefault(ctx.row.table(), 0L);
    }

    private OutRow admin(RecordContext ctx) {
        if (ctx.requireParent(Rules.ADM_ORPHAN, USER_ID, ctx.key, usersForMembership)) {
            adminUsers.add(ctx.key);
            if (fresh(ctx)) touchedUsers.add(ctx.key);
        }
        return null;
    }

    private KeyIndex usersForMembership;

    /**
     * A user links to at most one supplier: the latest extraction wins, then the smallest supplier id.
     * Two scans (the first finds each user's best link, the second writes every record's outcome in
     * row order) so no record is held in memory.
     */
    private void processSupplierLinks(RawSource source, KeyIndex userWinners) throws Exception {
        RawTable table = RawTable.USER_SUPPLIER;
        KeyIndex winners = winners(source, table);
        startRejectedTable(table);
        long watermark = watermarks.getOrDefault(table, 0L);
        Map<String, Link> bestLink = new HashMap<>();
        WinnerRows firstScan = new WinnerRows(winners);
        source.scan(table, row -> {
            RecordContext ctx = linkContext(table, row, firstScan, userWinners);
            if (ctx.key != null && !ctx.rejected()) {
                Link link = new Link(extractionEpoch(row.get(EXTRACTED_AT)), id(ctx, SUPPLIER_ID), row.rowId());
                bestLink.merge(id(ctx, USER_ID), link, (a, b) -> b.beats(a) ? b : a);
            }
        });
        WinnerRows secondScan = new WinnerRows(winners);
        source.scan(table, row -> {
            maxRowIds.merge(table, row.rowId(), Math::max);
            RecordContext ctx = linkContext(table, row, secondScan, userWinners);
            if (!ctx.rejected()) {
                String user = id(ctx, USER_ID);
                Link best = bestLink.get(user);
                if (best.rowId != row.rowId()) {
                    ctx.reject(Rules.UFR_SECOND_SUPPLIER, "user " + user + " already linked to supplier " + best.supplier);
                } else {
                    supplierOfUser.put(user, best.supplier);
                    if (row.rowId() > watermark) touchedUsers.add(user);
                }
            }
            if (row.rowId() > watermark) finish(ctx, null);
        });
        source.release(table);
    }

    private RecordContext linkContext(RawTable table, RawRow row, WinnerRows winners, KeyIndex userWinners) {
        RecordContext ctx = new RecordContext(row, naturalKey(row));
        if (ctx.key == null) {
            ctx.reject(Rules.KEY_MISSING, "natural key " + table.keyFields() + " missing, blank or longer than 20 characters");
        } else if (!winners.contains(row.rowId())) {
            ctx.supersede(Rules.DUPLICATE, "duplicate superseded by a later date_extraction");
        } else {
            ctx.requireParent(Rules.UFR_ORPHAN_USER, USER_ID, id(ctx, USER_ID), userWinners);
            ctx.requireParent(Rules.UFR_ORPHAN_SUPPLIER, SUPPLIER_ID, id(ctx, SUPPLIER_ID), acceptedSuppliers);
        }
        return ctx;
    }

    /** A candidate supplier link of a user. */
    private record Link(long epoch, String supplier, long rowId) {
        boolean beats(Link other) {
            if (epoch != other.epoch) return epoch > other.epoch;
            return supplier.compareTo(other.supplier) < 0;
        }
    }

    private OutRow profile(RecordContext ctx) {
        String first = clean(ctx, PROFILE_FIRST_NAME, Normalize::personName, Rules.PRS_NAME_CASE, Rules.PRS_NAME_EMPTY);
        String last = clean(ctx, PROFILE_LAST_NAME, Normalize::personName, Rules.PRS_NAME_CASE, Rules.PRS_NAME_EMPTY);
        String phone = clean(ctx, PROFILE_PHONE, Normalize::phone, Rules.PRS_PHONE, Rules.PRS_PHONE_INVALID);
        String address = clean(ctx, PROFILE_ADDRESS, s -> Normalize.address(s, "; "), Rules.PRS_ADDRESS, Rules.TEXT_EMPTY);
        if (address != null && !Normalize.hasHouseNumber(address)) {
            ctx.fire(Rules.PRS_ADDRESS_INCOMPLETE, PROFILE_ADDRESS, ctx.row.get(PROFILE_ADDRESS), address);
        }
        if (ctx.requireParent(Rules.PRS_ORPHAN, USER_ID, ctx.key, usersForMembership)) {
            profileOfUser.put(ctx.key, new String[] {first, last, phone, address});
            if (fresh(ctx)) touchedUsers.add(ctx.key);
        }
        return null;
    }

    private OutRow user(RecordContext ctx) throws Exception {
        Map<String, Object> v = lineage(ctx);
        v.put("user_id", ctx.key);
        String emailRaw = ctx.row.get(USER_EMAIL);
        Cleaned email = Normalize.email(emailRaw);
        String untagged = email.usable() ? Normalize.withoutPlusTag(email.value()) : null;
        if (untagged != null && !untagged.equals(email.value())) {
            ctx.fire(Rules.USR_EMAIL_PLUS_TAG, USER_EMAIL, emailRaw, untagged);
            ctx.outputs.put(USER_EMAIL, untagged);
            v.put("email", untagged);
        } else {
            v.put("email", ctx.field(USER_EMAIL, emailRaw, email, Rules.USR_EMAIL_CASE, Rules.USR_EMAIL_INVALID, false));
        }
        String pw = ctx.row.get(USER_PASSWORD);
        if (pw != null) {
            // The value is never passed on: the events carry no raw or cleaned password.
            ctx.fire(Rules.USR_PASSWORD_DROPPED, USER_PASSWORD, null, null);
            if (Normalize.weakPassword(pw)) ctx.fire(Rules.USR_PASSWORD_WEAK, USER_PASSWORD, null, null);
        }
        String roleRaw = ctx.row.get(USER_ROLE);
        Cleaned role = code(roleRaw, Normalize.ROLE);
        String roleValue;
        if (role.outcome() == Cleaned.Outcome.EMPTY) {
            String derived = adminUsers.contains(ctx.key) ? "ADMIN" : supplierOfUser.containsKey(ctx.key) ? "SUPPLIER" : null;
            if (derived != null) {
                ctx.fire(Rules.USR_ROLE_DERIVED, USER_ROLE, roleRaw, derived);
            } else if (roleRaw != null) {
                ctx.fire(Rules.USR_ROLE_UNKNOWN, USER_ROLE, roleRaw, null);
            }
            roleValue = derived;
            ctx.outputs.put(USER_ROLE, derived);
        } else {
            roleValue = ctx.field(USER_ROLE, roleRaw, role, Rules.USR_ROLE_VARIANT, Rules.USR_ROLE_UNKNOWN, false);
        }
        v.put("role", roleValue);
        String[] profile = profileOfUser.get(ctx.key);
        if (profile != null) {
            v.put("first_name", profile[0]);
            v.put("last_name", profile[1]);
            v.put("phone", profile[2]);
            v.put("address", profile[3]);
        }
        v.put("supplier_id", supplierOfUser.get(ctx.key));
        OutRow o = emit(ProcessedTable.USERS, ctx, v);
        if (!ctx.rejected()) acceptedUsers.add(ctx.key);
        // An incremental run writes a user again when only a side record of theirs is new.
        if (!fresh(ctx) && touchedUsers.contains(ctx.key) && o != null) {
            stats.processedRow(ProcessedTable.USERS);
            writer.submit(() -> o.write(cleanedOut.generator()));
        }
        return o;
    }

    // ------------------------------------------------------------------ plans, notifications, subscriptions

    private OutRow plan(RecordContext ctx) {
        Map<String, Object> v = lineage(ctx);
        v.put("plan_id", ctx.key);
        String supplier = id(ctx, SUPPLIER_ID);
        String priceRaw = ctx.row.get(PLAN_PRICE);
        v.put("price", ctx.field(PLAN_PRICE, priceRaw, Normalize.money(priceRaw), Rules.PLN_PRICE_FORMAT, Rules.PLN_PRICE_INVALID, true));
        v.put("currency", "EUR");
        v.put("title", clean(ctx, PLAN_TITLE, Normalize::text, Rules.TEXT_TRIM, Rules.TEXT_EMPTY));
        v.put("description", clean(ctx, PLAN_DESCRIPTION, Normalize::text, Rules.TEXT_TRIM, Rules.TEXT_EMPTY));
        v.put("category", clean(ctx, PLAN_CATEGORY, s -> code(s, Normalize.CATEGORY), Rules.PLN_CATEGORY, Rules.PLN_CATEGORY_UNKNOWN));
        ctx.requireParent(Rules.PLN_ORPHAN_SUPPLIER, SUPPLIER_ID, supplier, acceptedSuppliers);
        v.put("supplier_id", supplier);
        OutRow o = emit(ProcessedTable.PLANS, ctx, v);
        if (!ctx.rejected()) acceptedPlans.add(ctx.key);
        return o;
    }

    private OutRow notification(RecordContext ctx) {
        Map<String, Object> v = lineage(ctx);
        v.put("notification_id", ctx.key);
        v.put("type", clean(ctx, NOTIFICATION_TYPE, s -> code(s, Normalize.NOTIFICATION_TYPE), Rules.NTF_TYPE, Rules.NTF_TYPE_UNKNOWN));
        String sentRaw = ctx.row.get(NOTIFICATION_SENT_AT);
        if (Normalize.isSentinel(sentRaw)) {
            ctx.fire(Rules.NTF_SENT_SENTINEL, NOTIFICATION_SENT_AT, sentRaw, null);
            ctx.outputs.put(NOTIFICATION_SENT_AT, null);
            v.put("sent_at", null);
        } else {
            v.put("sent_at", ctx.field(NOTIFICATION_SENT_AT, sentRaw, Normalize.timestamp(sentRaw), Rules.NTF_SENT_FORMAT, Rules.NTF_SENT_INVALID, false));
        }
        v.put("channel", clean(ctx, NOTIFICATION_CHANNEL, s -> code(s, Normalize.CHANNEL), Rules.NTF_CHANNEL, Rules.NTF_CHANNEL_EMPTY));
        v.put("content", clean(ctx, NOTIFICATION_CONTENT, Normalize::text, Rules.TEXT_TRIM, Rules.TEXT_EMPTY));
        OutRow o = emit(ProcessedTable.NOTIFICATIONS, ctx, v);
        if (!ctx.rejected()) acceptedNotifications.add(ctx.key);
        return o;
    }

    private OutRow subscription(RecordContext ctx) {
        Map<String, Object> v = lineage(ctx);
        String user = id(ctx, USER_ID);
        String plan = id(ctx, PLAN_ID);
        v.put("user_id", user);
        v.put("plan_id", plan);
        String cycle = clean(ctx, SUBSCRIPTION_BILLING_CYCLE, s -> code(s, Normalize.BILLING), Rules.SUB_BILLING, Rules.SUB_BILLING_UNKNOWN);
        v.put("billing_cycle", cycle);
        v.put("status", clean(ctx, SUBSCRIPTION_STATUS, s -> code(s, Normalize.SUBSCRIPTION_STATUS), Rules.SUB_STATUS, Rules.SUB_STATUS_UNKNOWN));
        // the three dates are read together: an ambiguous one by what the other two and the cycle say
        String startRaw = ctx.row.get(SUBSCRIPTION_START_DATE), nextRaw = ctx.row.get(SUBSCRIPTION_NEXT_BILLING_DATE);
        String renewalRaw = ctx.row.get(SUBSCRIPTION_RENEWAL_DATE);
        SubscriptionDates.Resolution dates = SubscriptionDates.resolve(renewalRaw, startRaw, nextRaw, cycle);
        String start = ctx.field(SUBSCRIPTION_START_DATE, startRaw, dates.start(), Rules.SUB_DATE_FORMAT, Rules.SUB_DATE_INVALID, false);
        String next = ctx.field(SUBSCRIPTION_NEXT_BILLING_DATE, nextRaw, dates.next(), Rules.SUB_DATE_FORMAT, Rules.SUB_DATE_INVALID, false);
        v.put("renewal_date", ctx.field(SUBSCRIPTION_RENEWAL_DATE, renewalRaw, dates.renewal(), Rules.SUB_DATE_FORMAT, Rules.SUB_DATE_INVALID, false));
        v.put("start_date", start);
        v.put("next_billing_date", next);
        if (dates.violation() != null) ctx.reject(Rules.SUB_DATES_ORDER, dates.violation());
        ctx.requireParent(Rules.SUB_ORPHAN_USER, USER_ID, user, acceptedUsers);
        ctx.requireParent(Rules.SUB_ORPHAN_PLAN, PLAN_ID, plan, acceptedPlans);
        return emit(ProcessedTable.SUBSCRIPTIONS, ctx, v);
    }

    // ------------------------------------------------------------------ payments

    private OutRow payment(RecordContext ctx) {
        Map<String, Object> v = lineage(ctx);
        String user = id(ctx, USER_ID);
        String plan = id(ctx, PLAN_ID);
        v.put("payment_id", ctx.key);
        v.put("user_id", user);
        v.put("plan_id", plan);
        v.put("method", clean(ctx, PAYMENT_MEANS, s -> code(s, Normalize.PAYMENT_METHOD), Rules.PAY_METHOD, Rules.PAY_METHOD_UNKNOWN));
        v.put("payment_date", clean(ctx, PAYMENT_DATE, Normalize::date, Rules.PAY_DATE_FORMAT, Rules.PAY_DATE_INVALID));
        String amountRaw = ctx.row.get(PAYMENT_AMOUNT);
        v.put("amount", ctx.field(PAYMENT_AMOUNT, amountRaw, Normalize.money(amountRaw), Rules.PAY_AMOUNT_FORMAT, Rules.PAY_AMOUNT_INVALID, true));
        v.put("currency", "EUR");
        v.put("reason", clean(ctx, PAYMENT_REASON, Normalize::text, Rules.TEXT_TRIM, Rules.PAY_REASON_EMPTY));
        v.put("status", clean(ctx, PAYMENT_STATUS, s -> code(s, Normalize.PAYMENT_STATUS), Rules.PAY_STATUS, Rules.PAY_STATUS_UNKNOWN));
        ctx.requireParent(Rules.PAY_ORPHAN_USER, USER_ID, user, acceptedUsers);
        ctx.requireParent(Rules.PAY_ORPHAN_PLAN, PLAN_ID, plan, acceptedPlans);
        OutRow o = emit(ProcessedTable.PAYMENTS, ctx, v);
        if (!ctx.rejected()) acceptedPayments.add(ctx.key);
        return o;
    }

    private OutRow paymentMethod(RecordContext ctx) {
        Map<String, Object> v = lineage(ctx);
        String user = id(ctx, USER_ID);
        v.put("payment_id", ctx.key);
        v.put("user_id", user);
        v.put("card_last4", clean(ctx, METHOD_CARD, Normalize::cardLast4, Rules.PMT_CARD_LAST4, Rules.PMT_CARD_INVALID));
        v.put("card_expiry", clean(ctx, METHOD_CARD_EXPIRY, Normalize::cardExpiry, Rules.PMT_EXPIRY, Rules.PMT_EXPIRY_INVALID));
        v.put("method_type", clean(ctx, METHOD_TYPE, s -> code(s, Normalize.METHOD_TYPE), Rules.PMT_TYPE, Rules.PMT_TYPE_UNKNOWN));
        ctx.requireParent(Rules.PMT_ORPHAN_PAYMENT, PAYMENT_ID, ctx.key, acceptedPayments);
        ctx.requireParent(Rules.PMT_ORPHAN_USER, USER_ID, user, acceptedUsers);
        return emit(ProcessedTable.PAYMENT_METHODS, ctx, v);
    }

    // ------------------------------------------------------------------ user notifications, activity log

    private OutRow userNotification(RecordContext ctx) {
        Map<String, Object> v = lineage(ctx);
        String user = id(ctx, USER_ID);
        String notification = id(ctx, NOTIFICATION_ID);
        v.put("user_id", user);
        v.put("notification_id", notification);
        String read = clean(ctx, USER_NOTIFICATION_READ, Normalize::bool, Rules.UNT_BOOLEAN, Rules.UNT_BOOLEAN_INVALID);
        String urgent = clean(ctx, USER_NOTIFICATION_URGENT, Normalize::bool, Rules.UNT_BOOLEAN, Rules.UNT_BOOLEAN_INVALID);
        v.put("is_read", read == null ? null : Boolean.valueOf(read));
        v.put("is_urgent", urgent == null ? null : Boolean.valueOf(urgent));
        ctx.requireParent(Rules.UNT_ORPHAN_USER, USER_ID, user, acceptedUsers);
        ctx.requireParent(Rules.UNT_ORPHAN_NOTIFICATION, NOTIFICATION_ID, notification, acceptedNotifications);
        return emit(ProcessedTable.USER_NOTIFICATIONS, ctx, v);
    }

    private OutRow journal(RecordContext ctx) {
        Map<String, Object> v = lineage(ctx);
        String user = id(ctx, USER_ID);
        String plan = id(ctx, PLAN_ID);
        v.put("log_id", ctx.key);
        v.put("user_id", user);
        v.put("plan_id", plan);
        v.put("description", clean(ctx, JOURNAL_DESCRIPTION, Normalize::text, Rules.TEXT_TRIM, Rules.TEXT_EMPTY));
        v.put("activity_type", clean(ctx, JOURNAL_ACTIVITY_TYPE, s -> code(s, Normalize.ACTIVITY_TYPE), Rules.JRN_TYPE, Rules.JRN_TYPE_UNKNOWN));
        v.put("created_at", clean(ctx, JOURNAL_CREATED_AT, Normalize::timestamp, Rules.JRN_TIME_FORMAT, Rules.JRN_TIME_INVALID));
        v.put("previous_value", clean(ctx, JOURNAL_PREVIOUS_VALUE, Transformer::optionalValue, Rules.TEXT_TRIM, Rules.JRN_VALUE_EMPTY));
        v.put("new_value", clean(ctx, JOURNAL_NEW_VALUE, Transformer::optionalValue, Rules.TEXT_TRIM, Rules.JRN_VALUE_EMPTY));
        v.put("status", clean(ctx, JOURNAL_STATUS, s -> code(s, Normalize.ACTIVITY_STATUS), Rules.JRN_STATUS, Rules.JRN_STATUS_UNKNOWN));
        v.put("event_time", clean(ctx, JOURNAL_EVENT_TIME, Normalize::timestamp, Rules.JRN_TIME_FORMAT, Rules.JRN_TIME_INVALID));
        ctx.requireParent(Rules.JRN_ORPHAN_USER, USER_ID, user, acceptedUsers);
        if (plan != null) ctx.requireParent(Rules.JRN_ORPHAN_PLAN, PLAN_ID, plan, acceptedPlans);
        return emit(ProcessedTable.ACTIVITY_LOG, ctx, v);
    }

    /** Journal values are free text kept verbatim; only "" means "no value". */
    private static Cleaned optionalValue(String raw) {
        if (raw == null || raw.isEmpty()) return Cleaned.EMPTY;
        return new Cleaned(raw, Cleaned.Outcome.SAME);
    }
}
