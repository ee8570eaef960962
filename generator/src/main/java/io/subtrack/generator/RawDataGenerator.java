package io.subtrack.generator;

import io.subtrack.common.cli.Progress;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.truth.EncodedString;
import io.subtrack.common.truth.Expected;
import io.subtrack.common.truth.ExactNumber;
import io.subtrack.common.truth.GroundTruthWriter;
import io.subtrack.common.truth.Utf8JsonWriter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Writes the twelve SubTrack raw tables and the ground truth of every defect injected into them.
 * Each table is streamed record by record from its own random stream, so tables can be generated
 * on parallel threads and still give the same bytes; references are drawn from id arithmetic
 * (ids are sequential), so no state grows with the record count.
 */
public final class RawDataGenerator {

    /** What a run wrote. */
    public record Result(long records, long defects, Map<String, Long> recordsPerTable) {}

    // Constant values are pre-encoded once: Jackson then copies their UTF-8 bytes instead of encoding per record.
    private static final EncodedString[] SOURCE_SYSTEMS = Stream.of(
        "Web_Form", "CRM_System", "API_Import", "Legacy_DB", "Mobile_App_v2", "Manual_Entry")
        .map(EncodedString::new).toArray(EncodedString[]::new);
    private static final String[] WEAK_PASSWORDS = {"password123", "123456", "azerty", "motdepasse", "qwerty123"};
    private static final String PASSWORD_CHARS =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()_+";
    /** A placeholder the source writes when it has no send date. */
    private static final String PLACEHOLDER_TIMESTAMP = "2023-12-31T23:59:59.999Z";
    private static final int EXTRACTION_WINDOW_DAYS = 150;
    private static final int HISTORY_DAYS = 365;
    private static final String ORPHAN = TableSink.ORPHAN_REFERENCE;
    private static final Expected ORPHAN_EXPECTED = Expected.reject("orphan reference");
    private static final Expected EXPECT_NEGATIVE_AMOUNT = Expected.reject("negative amount");
    private static final Expected EXPECT_ABSURD_AMOUNT = Expected.reject("absurd amount (above 100000.00 EUR)");
    private static final Expected EXPECT_EMAIL_WITHOUT_DOMAIN = Expected.nullify("email without domain");
    private static final Expected EXPECT_EMAIL_ON_A_NON_ROUTABLE_DOMAIN = Expected.nullify("email on a non-routable domain");
    private static final Expected EXPECT_WEAK_PASSWORD = Expected.flag("weak password");
    private static final Expected EXPECT_ROLE_FROM_MEMBERSHIP = Expected.derive("missing role, derived from the user's raw_Admin or raw_Utilisateur_fournisseur membership");
    private static final Expected EXPECT_MISSING_ROLE = Expected.nullify("missing role");
    private static final Expected EXPECT_MISSING_FIRST_NAME = Expected.nullify("missing first name");
    private static final Expected EXPECT_PHONE_NOT_IN_A_FRENCH_FORMAT = Expected.nullify("phone not in a French format");
    private static final Expected EXPECT_MISSING_PHONE = Expected.nullify("missing phone");
    private static final Expected EXPECT_ADDRESS_INCOMPLETE = Expected.flag("address incomplete (no house number)");
    private static final Expected EXPECT_MISSING_EMAIL = Expected.nullify("missing email");
    private static final Expected EXPECT_PLACEHOLDER_TIMESTAMP = Expected.nullify("placeholder timestamp");
    private static final Expected EXPECT_MISSING_CHANNEL = Expected.nullify("missing channel");
    private static final Expected EXPECT_INVALID_CARD_NUMBER = Expected.nullify("invalid card number");
    private static final Expected EXPECT_MISSING_FLAG = Expected.nullify("missing flag");
    private static final Expected EXPECT_NEXT_BILLING_BEFORE_START = Expected.reject("next billing date before start date");
    private static final String CODE_VARIANT = "code_variant";

    private final GeneratorSettings settings;
    private final TableCounts counts;
    private final long seed;
    private final double rate;
    private final double rejectRate;
    private final long asOfDay;
    private final long asOfSecond;
    private final int userWidth;
    private final int supplierWidth;
    private final int planWidth;
    private final int paymentWidth;
    private final int notificationWidth;
    private final int journalWidth;
    private TextPools pools;
    // Salts of the pure reference functions, derived once: they run for every link record.
    private final long subscriptionPlanSalt;
    private final long paymentSubscriptionSalt;
    private final long userSupplierSalt;
    private final long userNotificationSalt;

    public RawDataGenerator(GeneratorSettings settings) {
        this.settings = settings;
        this.counts = settings.counts();
        this.seed = settings.seed();
        this.rate = settings.defectRate();
        this.rejectRate = settings.rejectRate();
        this.asOfDay = settings.asOf().toEpochDay();
        this.asOfSecond = asOfDay * Formats.SECONDS_PER_DAY;
        this.userWidth = Formats.idWidth(5, counts.users());
        this.supplierWidth = Formats.idWidth(4, counts.suppliers());
        this.planWidth = Formats.idWidth(5, counts.plans());
        this.paymentWidth = Formats.idWidth(6, counts.payments());
        this.notificationWidth = Formats.idWidth(6, counts.notifications());
        this.journalWidth = Formats.idWidth(5, counts.journal());
        this.subscriptionPlanSalt = Seeds.derive(seed, "subscription-plan");
        this.paymentSubscriptionSalt = Seeds.derive(seed, "payment-subscription");
        this.userSupplierSalt = Seeds.derive(seed, "user-supplier");
        this.userNotificationSalt = Seeds.derive(seed, "user-notification");
    }

    public Result run(Progress progress) throws IOException {
        List<RawTable> tables = RawTable.all();
        SharedProgress shared = new SharedProgress(progress);
        long[] written = new long[tables.size()];
        long[] defects = new long[tables.size()];
        int threads = Math.max(1, Math.min(settings.threads(), tables.size()));
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "generator-table");
            t.setDaemon(true);
            return t;
        });
        pools = TextPools.shared();
        try (SegmentedOutput out = new SegmentedOutput(settings.output(), settings.groundTruth(), tables)) {
            // In file order, so that each table can be appended to the output while the later ones are generated.
            List<Future<?>> futures = new CopyOnWriteArrayList<>();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int t = 0; t < tables.size(); t++) {
                int i = t;
                futures.add(workers.submit(() -> {
                    if (failure.get() != null) return null;
                    try {
                        writeSegment(out, tables, i, shared, written, defects);
                    } catch (IOException | RuntimeException | Error e) {
                        // Stop the other tables now rather than when the main thread reaches this one.
                        if (failure.compareAndSet(null, e)) for (Future<?> f : futures) f.cancel(true);
                        throw e;
                    }
                    return null;
                }));
            }
            for (int i = 0; i < tables.size(); i++) {
                await(futures.get(i), failure);
                out.append(i);
            }
            out.commit();
        } finally {
            workers.shutdownNow();
        }
        Map<String, Long> perTable = new LinkedHashMap<>();
        long records = 0;
        long defectCount = 0;
        for (int i = 0; i < tables.size(); i++) {
            perTable.put(tables.get(i).tableName(), written[i]);
            records += written[i];
            defectCount += defects[i];
        }
        return new Result(records, defectCount, perTable);
    }

    private void writeSegment(SegmentedOutput out, List<RawTable> tables, int i, SharedProgress progress,
                              long[] written, long[] defects) throws IOException {
        RawTable table = tables.get(i);
        try (Utf8JsonWriter records = new Utf8JsonWriter(out.records(i), 1 << 16);
             GroundTruthWriter truth = new GroundTruthWriter(out.truth(i))) {
            TableSink sink = new TableSink(table, records, truth, progress);
            writeTable(sink, new SplittableRandom(Seeds.derive(seed, table.tableName())));
            sink.flushProgress();
            written[i] = sink.written();
            defects[i] = sink.defects();
        }
    }

    /** Waits for one table; if any table failed, rethrows the first failure. */
    private static void await(Future<?> f, AtomicReference<Throwable> failure) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while generating");
        } catch (ExecutionException | CancellationException e) {
            // A cancelled table was stopped because another one failed first: report that one.
        }
        Throwable cause = failure.get();
        if (cause == null) return;
        if (cause instanceof IOException io) throw io;
        if (cause instanceof RuntimeException re) throw re;
        if (cause instanceof Error err) throw err;
        throw new IOException(cause);
    }

    private void writeTable(TableSink t, SplittableRandom r) throws IOException {
        switch (t.table()) {
            case USER -> users(t, r);
            case USER_PROFILE -> profiles(t, r);
            case ADMIN -> admins(t, r);
            case USER_SUPPLIER -> userSuppliers(t, r);
            case SUPPLIER -> suppliers(t, r);
            case NOTIFICATION -> notifications(t, r);
            case JOURNAL -> journal(t, r);
            case PLAN -> plans(t, r);
            case PAYMENT -> payments(t, r);
            case PAYMENT_METHOD -> paymentMethods(t, r);
            case USER_NOTIFICATION -> userNotifications(t, r);
            case SUBSCRIPTION -> subscriptions(t, r);
        }
    }

    // ---- ids and references -------------------------------------------------------------------

    private String userId(long n) { return Formats.id("USR", n, userWidth); }
    private String supplierId(long n) { return Formats.id("FRN", n, supplierWidth); }
    private String planId(long n) { return Formats.id("ABN", n, planWidth); }
    private String paymentId(long n) { return Formats.id("PAY", n, paymentWidth); }
    private String notificationId(long n) { return Formats.id("NOT", n, notificationWidth); }
    private String journalId(long n) { return Formats.id("JRN", n, journalWidth); }

    /** A stable per-user offset, so user u's k-th link goes to parent (k + offset) mod parents: distinct for k < parents. */
    private static long linkOffset(long salt, long user, long parents) {
        return Math.floorMod(Seeds.mix(salt + user), parents);
    }

    /** The (user, plan) pair, both 1-based, of subscription s (0-based). */
    private long subscriptionUser(Bijection users, long s) {
        return users.apply(s % counts.users()) + 1;
    }

    private long subscriptionPlan(Bijection users, long s) {
        long user0 = users.apply(s % counts.users());
        return (s / counts.users() + linkOffset(subscriptionPlanSalt, user0, counts.plans())) % counts.plans() + 1;
    }

    private Bijection subscriptionUsers() {
        return new Bijection(counts.users(), Seeds.derive(seed, "subscription-users"));
    }

    /** The subscription a payment settles; a pure function so payment methods can find the payment's user. */
    private long paymentSubscription(long payment) {
        return Math.floorMod(Seeds.mix(paymentSubscriptionSalt + payment), counts.subscriptions());
    }

    private long extraction(SplittableRandom r) {
        return asOfSecond - 1 - r.nextLong(EXTRACTION_WINDOW_DAYS * Formats.SECONDS_PER_DAY);
    }

    private void maybeDuplicate(TableSink t, DefectDice duplicates, SplittableRandom r, long extraction) throws IOException {
        if (duplicates.fire()) t.emitOlderDuplicate(extraction - 3600 - r.nextLong(60 * Formats.SECONDS_PER_DAY));
    }

    private void common(TableSink t, SplittableRandom r, long extraction) {
        t.extraction(extraction);
        t.sourceSystem(SOURCE_SYSTEMS[r.nextInt(SOURCE_SYSTEMS.length)]);
    }

    // ---- shared field makers --------------------------------------------------------------------

    private int code(TableSink t, int field, CodeSet set, DefectDice dice, SplittableRandom r) {
        if (dice.fire()) {
            int c = set.randomCodeWithVariant(r);
            t.repairable(field, CODE_VARIANT, set.randomVariant(r, c), set.codes[c]);
            return c;
        }
        int c = set.randomCode(r);
        t.set(field, set.encoded[c]);
        return c;
    }

    private void amount(TableSink t, int field, long cents, DefectDice format, DefectDice reject, SplittableRandom r) {
        if (reject.fire()) {
            if (reject.kind(2) == 0) {
                t.unrepairable(field, "negative_amount", Formats.amountNumber(-cents), EXPECT_NEGATIVE_AMOUNT);
            } else {
                long absurd = 100_000_000L + r.nextLong(900_000_000L);
                t.unrepairable(field, "absurd_amount", Formats.amountNumber(absurd), EXPECT_ABSURD_AMOUNT);
            }
            return;
        }
        ExactNumber clean = Formats.amountNumber(cents);
        if (format.fire()) {
            switch (format.kind(3)) {
                case 0 -> t.repairable(field, "amount_format_euro_suffix", clean.text() + " €", clean);
                case 1 -> t.repairable(field, "amount_format_eur_prefix", "EUR " + clean.text(), clean);
                default -> t.repairable(field, "amount_format_decimal_comma", clean.text().replace('.', ','), clean);
            }
            return;
        }
        // Whole amounts come as JSON integers, as in the source: same number, not a defect.
        t.set(field, cents % 100 == 0 ? (Object) (cents / 100) : clean);
    }

    /** A date whose canonical form is yyyy-MM-dd, sometimes written dd/MM/yyyy or month first. */
    private void date(TableSink t, int field, long day, DefectDice dice, char monthFirstSeparator) {
        date(t, field, day, dice, monthFirstSeparator, false);
    }

    /**
     * As above; with {@code noAmbiguousForm}, a date whose day and month are both 12 or less is written in ISO form
     * (no defect) instead of a slash form (used where another injected defect depends on this date having one reading).
     */
    private void date(TableSink t, int field, long day, DefectDice dice, char monthFirstSeparator, boolean noAmbiguousForm) {
        String clean = Formats.isoDate(day);
        if (!dice.fire()) {
            t.set(field, clean);
            return;
        }
        int dd = Formats.dayOfMonth(day);
        int mm = Formats.month(day);
        boolean ambiguous = dd <= 12 && dd != mm;
        if (ambiguous && noAmbiguousForm) {
            t.set(field, clean);
            return;
        }
        if (dice.kind(2) == 0) {
            String raw = Formats.dayMonthYear(day, '/');
            if (ambiguous) t.repairableAmbiguous(field, "date_format_dmy", raw, clean, clean);
            else t.repairable(field, "date_format_dmy", raw, clean);
        } else {
            String raw = Formats.monthDayYear(day, monthFirstSeparator);
            String kind = monthFirstSeparator == '/' ? "date_format_mdy" : "date_format_mdy_dash";
            if (ambiguous) {
                LocalDate d = LocalDate.ofEpochDay(day);
                String dayFirst = Formats.isoDate(LocalDate.of(d.getYear(), dd, mm).toEpochDay());
                t.repairableAmbiguous(field, kind, raw, clean, dayFirst);
            } else {
                t.repairable(field, kind, raw, clean);
            }
        }
    }

    /** Day and month both 12 or less and different: a slash form of this day reads two ways. */
    private static boolean ambiguousDay(long day) {
        int dd = Formats.dayOfMonth(day);
        return dd <= 12 && dd != Formats.month(day);
    }

    /** An ambiguous day written as a slash date, day first or month first, listed with its day-first reading. */
    private static void ambiguousDate(TableSink t, int field, long day, boolean dayFirst) {
        String clean = Formats.isoDate(day);
        if (dayFirst) {
            t.repairableAmbiguous(field, "date_format_dmy", Formats.dayMonthYear(day, '/'), clean, clean);
        } else {
            LocalDate d = LocalDate.ofEpochDay(day);
            String dayFirstReading = Formats.isoDate(LocalDate.of(d.getYear(), d.getDayOfMonth(), d.getMonthValue()).toEpochDay());
            t.repairableAmbiguous(field, "date_format_mdy", Formats.monthDayYear(day, '/'), clean, dayFirstReading);
        }
    }

    /**
     * An annual subscription that reads consistently both ways: start, next billing (a year on) and renewal (the
     * next billing date) all written in the same slash order, with day and month both 12 or less. Every relation the
     * transformer can check holds under the day-first and the month-first reading alike, so only its policy can
     * decide: written day first, the policy is right; month first, it is wrong, and the score must say so.
     */
    private static void undecidableDates(TableSink t, LocalDate start, boolean dayFirst, int renewal, int startField, int next) {
        int dom = 1 + (start.getDayOfMonth() - 1) % 12;
        if (dom == start.getMonthValue()) dom = dom % 12 + 1;
        LocalDate s = start.withDayOfMonth(dom);
        long nextDay = s.plusYears(1).toEpochDay();
        ambiguousDate(t, renewal, nextDay, dayFirst);
        ambiguousDate(t, startField, s.toEpochDay(), dayFirst);
        ambiguousDate(t, next, nextDay, dayFirst);
    }

    private String frenchDigits(SplittableRandom r) {
        // Nine digits after the country code, the first one never 0.
        StringBuilder sb = new StringBuilder(9).append((char) ('1' + r.nextInt(9)));
        for (int i = 0; i < 8; i++) sb.append((char) ('0' + r.nextInt(10)));
        return sb.toString();
    }

    private static String spacedPairs(String nineDigits) {
        // "247463522" -> "2 47 46 35 22"
        StringBuilder sb = new StringBuilder(13).append(nineDigits.charAt(0));
        for (int i = 1; i < 9; i += 2) sb.append(' ').append(nineDigits, i, i + 2);
        return sb.toString();
    }

    private static String digits(SplittableRandom r, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) sb.append((char) ('0' + r.nextInt(10)));
        return sb.toString();
    }

    /**
     * An area code of a foreign national number: never starting with 0 (as in North America and Brazil), so that the
     * digits cannot also read as a French national number (0 and nine digits).
     */
    private static String foreignDigits(SplittableRandom r, int n) {
        return (char) ('1' + r.nextInt(9)) + digits(r, n - 1);
    }

    /** The digits followed by the Luhn check digit that makes the whole number pass the check. */
    static String withLuhnCheckDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            // Counted from the right of the final number, whose last digit is the check digit (not doubled).
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 0) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
        }
        return digits + (char) ('0' + (10 - sum % 10) % 10);
    }

    private String address(SplittableRandom r, boolean withNumber, String separator) {
        String street = TextPools.pick(pools.streets, r);
        String town = TextPools.pick(pools.postcodeTowns, r);
        return (withNumber ? (1 + r.nextInt(250)) + " " : "") + street + separator + town;
    }

    // ---- tables ---------------------------------------------------------------------------------

    private void users(TableSink t, SplittableRandom r) throws IOException {
        int userId = t.field("userId"), email = t.field("email"), password = t.field("motsDePasse");
        int role = t.field("role"), flag = t.field("data_quality_flag");
        DefectDice emailDice = new DefectDice(r, rate), passwordDice = new DefectDice(r, rate);
        DefectDice roleDice = new DefectDice(r, rate), duplicates = new DefectDice(r, rejectRate);
        char[] pw = new char[16];
        Bijection adminOrder = new Bijection(counts.users(), Seeds.derive(seed, "admin-users"));
        Bijection supplierLinkOrder = new Bijection(counts.users(), Seeds.derive(seed, "user-supplier-users"));
        for (long n = 1; n <= counts.users(); n++) {
            t.begin();
            t.set(userId, userId(n));
            String local = TextPools.localPart(TextPools.pick(pools.firstNames, r), TextPools.pick(pools.lastNames, r))
                + (r.nextInt(3) == 0 ? Integer.toString(r.nextInt(100)) : "");
            String domain = TextPools.pick(pools.mailDomains, r);
            if (emailDice.fire()) {
                switch (emailDice.kind(3)) {
                    case 0 -> t.unrepairable(email, "email_missing_domain", "user" + (100 + r.nextInt(900)),
                        EXPECT_EMAIL_WITHOUT_DOMAIN);
                    case 1 -> t.unrepairable(email, "email_localhost", local + "@localhost",
                        EXPECT_EMAIL_ON_A_NON_ROUTABLE_DOMAIN);
                    default -> t.repairable(email, "email_plus_tag", local + "+" + (1 + r.nextInt(99)) + "@" + domain,
                        local + "@" + domain);
                }
            } else {
                t.set(email, local + "@" + domain);
            }
            int len = 10 + r.nextInt(7);
            for (int i = 0; i < len; i++) pw[i] = PASSWORD_CHARS.charAt(r.nextInt(PASSWORD_CHARS.length()));
            String clean = new String(pw, 0, len);
            if (passwordDice.fire()) {
                if (passwordDice.kind(2) == 0) t.repairable(password, "password_padded", " " + clean + " ", clean);
                else t.unrepairable(password, "password_weak", WEAK_PASSWORDS[r.nextInt(WEAK_PASSWORDS.length)],
                    EXPECT_WEAK_PASSWORD);
            } else {
                t.set(password, clean);
            }
            if (roleDice.fire()) {
                if (roleDice.kind(2) == 0) {
                    // The transformer merges users with raw_Admin and raw_Utilisateur_fournisseur: a member's empty
                    // role is derived from the membership (null when that link is itself rejected).
                    long user0 = n - 1;
                    boolean member = adminOrder.inverse(user0) < counts.admins()
                        || supplierLinkOrder.inverse(user0) < Math.min(counts.userSuppliers(), counts.users());
                    t.unrepairable(role, "code_missing", "", member
                        ? EXPECT_ROLE_FROM_MEMBERSHIP
                        : EXPECT_MISSING_ROLE);
                } else {
                    int c = CodeSet.ROLE.randomCode(r);
                    t.repairable(role, CODE_VARIANT, CodeSet.ROLE.randomVariant(r, c), CodeSet.ROLE.codes[c]);
                }
            } else {
                t.set(role, CodeSet.ROLE.encoded[CodeSet.ROLE.randomCode(r)]);
            }
            int f = r.nextInt(3);
            t.set(flag, f == 2 ? null : (Object) (long) f);
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }

    private void profiles(TableSink t, SplittableRandom r) throws IOException {
        int userId = t.field("userId"), first = t.field("prenom"), last = t.field("nom"), phone = t.field("telephone");
        int address = t.field("adresse"), notes = t.field("data_quality_notes");
        DefectDice firstDice = new DefectDice(r, rate), lastDice = new DefectDice(r, rate);
        DefectDice phoneDice = new DefectDice(r, rate), addressDice = new DefectDice(r, rate);
        DefectDice duplicates = new DefectDice(r, rejectRate);
        Bijection who = new Bijection(counts.users(), Seeds.derive(seed, "profile-users"));
        for (long k = 0; k < counts.profiles(); k++) {
            t.begin();
            t.set(userId, userId(who.apply(k) + 1));
            String note = null;
            String firstName = TextPools.pick(pools.firstNames, r);
            if (firstDice.fire()) {
                if (firstDice.kind(2) == 0) {
                    t.unrepairable(first, "name_missing", "", EXPECT_MISSING_FIRST_NAME);
                    note = "Missing first name";
                } else {
                    t.repairable(first, "name_upper_case", firstName.toUpperCase(Locale.ROOT), firstName);
                }
            } else {
                t.set(first, firstName);
            }
            String lastName = TextPools.pick(pools.lastNames, r);
            if (lastDice.fire()) t.repairable(last, "name_lower_case", lastName.toLowerCase(Locale.ROOT), lastName);
            else t.set(last, lastName);
            String nine = frenchDigits(r);
            String e164 = "+33" + nine;
            if (phoneDice.fire()) {
                switch (phoneDice.kind(5)) {
                    case 0 -> t.repairable(phone, "phone_format_national", "0" + nine, e164);
                    case 1 -> t.repairable(phone, "phone_format_spaced", "+33 " + nine, e164);
                    case 2 -> t.unrepairable(phone, "phone_foreign_format",
                        foreignDigits(r, 3) + "." + digits(r, 3) + "." + digits(r, 4), EXPECT_PHONE_NOT_IN_A_FRENCH_FORMAT);
                    case 3 -> t.unrepairable(phone, "phone_foreign_format",
                        "(" + foreignDigits(r, 2) + ") " + digits(r, 4) + "-" + digits(r, 4), EXPECT_PHONE_NOT_IN_A_FRENCH_FORMAT);
                    default -> t.unrepairable(phone, "phone_missing", "N/A", EXPECT_MISSING_PHONE);
                }
                if (note == null) note = "Phone format issue";
            } else {
                t.set(phone, e164);
            }
            if (addressDice.fire()) {
                if (addressDice.kind(2) == 0) {
                    String clean = address(r, true, ", ");
                    t.repairable(address, "address_separator", clean.replaceFirst(", ", "; "), clean);
                } else {
                    t.unrepairable(address, "address_incomplete", address(r, false, ", "),
                        EXPECT_ADDRESS_INCOMPLETE);
                    if (note == null) note = "Address incomplete";
                }
            } else {
                t.set(address, address(r, true, ", "));
            }
            t.set(notes, note);
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }

    private void admins(TableSink t, SplittableRandom r) throws IOException {
        int userId = t.field("userId");
        DefectDice duplicates = new DefectDice(r, rejectRate);
        Bijection who = new Bijection(counts.users(), Seeds.derive(seed, "admin-users"));
        for (long k = 0; k < counts.admins(); k++) {
            t.begin();
            t.set(userId, userId(who.apply(k) + 1));
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }

    private void userSuppliers(TableSink t, SplittableRandom r) throws IOException {
        int userId = t.field("userId"), supplierId = t.field("idFournisseur");
        DefectDice orphans = new DefectDice(r, rejectRate), duplicates = new DefectDice(r, rejectRate);
        Bijection who = new Bijection(counts.users(), Seeds.derive(seed, "user-supplier-users"));
        long orphanSerial = 0;
        for (long k = 0; k < counts.userSuppliers(); k++) {
            t.begin();
            long user0 = who.apply(k % counts.users());
            t.set(userId, userId(user0 + 1));
            if (orphans.fire()) {
                t.unrepairable(supplierId, ORPHAN, supplierId(counts.suppliers() + ++orphanSerial), ORPHAN_EXPECTED);
            } else {
                long supplier = (k / counts.users() + linkOffset(userSupplierSalt, user0, counts.suppliers()))
                    % counts.suppliers() + 1;
                t.set(supplierId, supplierId(supplier));
            }
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }

    private void suppliers(TableSink t, SplittableRandom r) throws IOException {
        int id = t.field("idFournisseur"), name = t.field("nomFournisseur"), email = t.field("emailFournisseur");
        int phone = t.field("numTele"), address = t.field("addressFournisseur"), sector = t.field("secteurFournisseur");
        DefectDice nameDice = new DefectDice(r, rate), emailDice = new DefectDice(r, rate);
        DefectDice phoneDice = new DefectDice(r, rate), addressDice = new DefectDice(r, rate);
        DefectDice sectorDice = new DefectDice(r, rate), duplicates = new DefectDice(r, rejectRate);
        for (long n = 1; n <= counts.suppliers(); n++) {
            t.begin();
            t.set(id, supplierId(n));
            int company = r.nextInt(pools.companies.length);
            String companyName = pools.companies[company];
            if (nameDice.fire()) t.repairable(name, "name_upper_case", companyName.toUpperCase(Locale.ROOT), companyName);
            else t.set(name, companyName);
            String mail = "contact@" + pools.companySlugs[company] + (r.nextBoolean() ? ".fr" : ".com");
            if (emailDice.fire()) t.unrepairable(email, "email_missing", "", EXPECT_MISSING_EMAIL);
            else t.set(email, mail);
            String nine = frenchDigits(r);
            String e164 = "+33" + nine;
            if (phoneDice.fire()) {
                switch (phoneDice.kind(4)) {
                    case 0 -> t.repairable(phone, "phone_format_national", "0" + nine, e164);
                    case 1 -> t.repairable(phone, "phone_format_national_spaced", "0" + spacedPairs(nine), e164);
                    case 2 -> t.repairable(phone, "phone_format_spaced", "+33 " + spacedPairs(nine), e164);
                    default -> t.repairable(phone, "phone_format_trunk_prefix", "+33 (0)" + spacedPairs(nine), e164);
                }
            } else {
                t.set(phone, e164);
            }
            String clean = address(r, true, ", ");
            if (addressDice.fire()) t.repairable(address, "address_separator", clean.replaceFirst(", ", " - "), clean);
            else t.set(address, clean);
            code(t, sector, CodeSet.SECTOR, sectorDice, r);
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }

    private void notifications(TableSink t, SplittableRandom r) throws IOException {
        int id = t.field("idNotification"), type = t.field("typeNotification"), sent = t.field("dateEnvoi");
        int channel = t.field("typeEnvoi"), content = t.field("contenu");
        DefectDice typeDice = new DefectDice(r, rate), sentDice = new DefectDice(r, rate);
        DefectDice channelDice = new DefectDice(r, rate), duplicates = new DefectDice(r, rejectRate);
        for (long n = 1; n <= counts.notifications(); n++) {
            t.begin();
            t.set(id, notificationId(n));
            code(t, type, CodeSet.NOTIFICATION_TYPE, typeDice, r);
            long at = asOfSecond - 1 - r.nextLong(EXTRACTION_WINDOW_DAYS * Formats.SECONDS_PER_DAY);
            if (sentDice.fire()) {
                switch (sentDice.kind(5)) {
                    case 0 -> t.repairable(sent, "timestamp_format_space", Formats.timestamp(at, ' '), Formats.timestamp(at, 'T'));
                    case 1 -> {
                        long minute = at - Math.floorMod(at, 60);
                        t.repairable(sent, "timestamp_format_dmy_hm", Formats.dayMonthYearHourMinute(minute),
                            Formats.timestamp(minute, 'T'));
                    }
                    case 2 -> {
                        long day = Math.floorDiv(at, Formats.SECONDS_PER_DAY);
                        t.repairable(sent, "timestamp_date_only", Formats.isoDate(day),
                            Formats.timestamp(day * Formats.SECONDS_PER_DAY, 'T'));
                    }
                    case 3 -> t.repairable(sent, "timestamp_utc_suffix", Formats.timestamp(at, 'T') + "Z", Formats.timestamp(at, 'T'));
                    default -> t.unrepairable(sent, "timestamp_placeholder", PLACEHOLDER_TIMESTAMP, EXPECT_PLACEHOLDER_TIMESTAMP);
                }
            } else {
                t.set(sent, Formats.timestamp(at, 'T'));
            }
            if (channelDice.fire()) {
                if (channelDice.kind(2) == 0) {
                    t.unrepairable(channel, "code_missing", "", EXPECT_MISSING_CHANNEL);
                } else {
                    int c = CodeSet.CHANNEL.randomCodeWithVariant(r);
                    t.repairable(channel, CODE_VARIANT, CodeSet.CHANNEL.randomVariant(r, c), CodeSet.CHANNEL.codes[c]);
                }
            } else {
                t.set(channel, CodeSet.CHANNEL.encoded[CodeSet.CHANNEL.randomCode(r)]);
            }
            t.set(content, r.nextInt(3) == 0 ? TextPools.pick(pools.sentences, r) : TextPools.pick(pools.paragraphs, r));
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }

    private void journal(TableSink t, SplittableRandom r) throws IOException {
        int id = t.field("idJournal"), userId = t.field("userId"), planId = t.field("idAbonnement");
        int description = t.field("descriptionJournal"), type = t.field("typeActivite");
        int created = t.field("dateCreationJournal"), before = t.field("valeurPrécedente");
        int after = t.field("nouvelleValeur"), status = t.field("StatusActivite"), stamp = t.field("Timestamps");
        DefectDice typeDice = new DefectDice(r, rate), createdDice = new DefectDice(r, rate);
        DefectDice beforeDice = new DefectDice(r, rate), afterDice = new DefectDice(r, rate);
        DefectDice statusDice = new DefectDice(r, rate), stampDice = new DefectDice(r, rate);
        DefectDice orphans = new DefectDice(r, rejectRate), duplicates = new DefectDice(r, rejectRate);
        Bijection subscriptionUsers = subscriptionUsers();
        long orphanSerial = 0;
        int priceChanged = indexOf(CodeSet.ACTIVITY_TYPE, "PRICE_CHANGED");
        int profileUpdated = indexOf(CodeSet.ACTIVITY_TYPE, "PROFILE_UPDATED");
        for (long n = 1; n <= counts.journal(); n++) {
            t.begin();
            t.set(id, journalId(n));
            long s = r.nextLong(counts.subscriptions());
            if (orphans.fire()) {
                t.unrepairable(userId, ORPHAN, userId(counts.users() + ++orphanSerial), ORPHAN_EXPECTED);
            } else {
                t.set(userId, userId(subscriptionUser(subscriptionUsers, s)));
            }
            t.set(planId, planId(subscriptionPlan(subscriptionUsers, s)));
            t.set(description, TextPools.pick(pools.sentences, r));
            int activity = code(t, type, CodeSet.ACTIVITY_TYPE, typeDice, r);
            long at = asOfSecond - 1 - r.nextLong(EXTRACTION_WINDOW_DAYS * Formats.SECONDS_PER_DAY);
            if (createdDice.fire()) t.repairable(created, "timestamp_format_space", Formats.timestamp(at, ' '), Formats.timestamp(at, 'T'));
            else t.set(created, Formats.timestamp(at, 'T'));
            String oldValue = null;
            String newValue = null;
            if (activity == priceChanged) {
                oldValue = Integer.toString(1 + r.nextInt(99));
                newValue = Integer.toString(1 + r.nextInt(99));
            } else if (activity == profileUpdated) {
                oldValue = TextPools.pick(pools.words, r);
                newValue = TextPools.pick(pools.words, r);
            }
            emptyOrValue(t, before, oldValue, beforeDice);
            emptyOrValue(t, after, newValue, afterDice);
            code(t, status, CodeSet.ACTIVITY_STATUS, statusDice, r);
            long logged = at + r.nextInt(3600);
            if (stampDice.fire()) {
                t.repairable(stamp, "timestamp_microseconds", Formats.timestamp(logged, ' ') + ".000000",
                    Formats.timestamp(logged, 'T'));
            } else {
                t.set(stamp, Formats.timestamp(logged, 'T'));
            }
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }

    /** The source sends "" where it means "no value": a defect only where the clean value is null. */
    private static void emptyOrValue(TableSink t, int field, String value, DefectDice dice) {
        if (value == null && dice.fire()) t.repairable(field, "empty_string", "", null);
        else t.set(field, value);
    }

    private static int indexOf(CodeSet set, String code) {
        for (int i = 0; i < set.codes.length; i++) if (set.codes[i].equals(code)) return i;
        throw new IllegalArgumentException(code);
    }

    private void plans(TableSink t, SplittableRandom r) throws IOException {
        int id = t.field("idAbonnement"), supplierId = t.field("idFournisseur"), title = t.field("titreAbonnement");
        int description = t.field("descriptionAbonnement"), price = t.field("prixAbonnement");
        int category = t.field("categorieAbonnement");
        DefectDice priceDice = new DefectDice(r, rate), categoryDice = new DefectDice(r, rate);
        DefectDice amounts = new DefectDice(r, rejectRate), orphans = new DefectDice(r, rejectRate);
        DefectDice duplicates = new DefectDice(r, rejectRate);
        long orphanSerial = 0;
        for (long n = 1; n <= counts.plans(); n++) {
            t.begin();
            t.set(id, planId(n));
            if (orphans.fire()) {
                t.unrepairable(supplierId, ORPHAN, supplierId(counts.suppliers() + ++orphanSerial), ORPHAN_EXPECTED);
            } else {
                t.set(supplierId, supplierId(1 + r.nextLong(counts.suppliers())));
            }
            t.set(title, TextPools.pick(pools.catchPhrases, r));
            t.set(description, TextPools.pick(pools.paragraphs, r));
            long cents = r.nextInt(5) == 0 ? 100L * (1 + r.nextInt(99)) : 199 + r.nextInt(9800);
            amount(t, price, cents, priceDice, amounts, r);
            code(t, category, CodeSet.PLAN_CATEGORY, categoryDice, r);
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }

    private void payments(TableSink t, SplittableRandom r) throws IOException {
        int id = t.field("idPaiement"), planId = t.field("idAbonnement"), userId = t.field("userId");
        int method = t.field("methodePaiement"), date = t.field("datePaiement"), amount = t.field("montantPaiement");
        int reason = t.field("motifPaiement"), status = t.field("statusPaiement");
        DefectDice methodDice = new DefectDice(r, rate), dateDice = new DefectDice(r, rate);
        DefectDice amountDice = new DefectDice(r, rate), reasonDice = new DefectDice(r, rate);
        DefectDice statusDice = new DefectDice(r, rate), amounts = new DefectDice(r, rejectRate);
        DefectDice orphans = new DefectDice(r, rejectRate), duplicates = new DefectDice(r, rejectRate);
        Bijection subscriptionUsers = subscriptionUsers();
        long orphanUsers = 0;
        long orphanPlans = 0;
        for (long n = 1; n <= counts.payments(); n++) {
            t.begin();
            t.set(id, paymentId(n));
            long s = paymentSubscription(n);
            t.set(planId, planId(subscriptionPlan(subscriptionUsers, s)));
            t.set(userId, userId(subscriptionUser(subscriptionUsers, s)));
            if (orphans.fire()) {
                if (orphans.kind(2) == 0) {
                    t.unrepairable(planId, ORPHAN, planId(counts.plans() + ++orphanPlans), ORPHAN_EXPECTED);
                } else {
                    t.unrepairable(userId, ORPHAN, userId(counts.users() + ++orphanUsers), ORPHAN_EXPECTED);
                }
            }
            code(t, method, CodeSet.PAYMENT_METHOD, methodDice, r);
            date(t, date, asOfDay - 1 - r.nextInt(HISTORY_DAYS), dateDice, '-');
            long cents = r.nextInt(4) == 0 ? 100L * (1 + r.nextInt(500)) : 100 + r.nextInt(49_900);
            amount(t, amount, cents, amountDice, amounts, r);
            if (reasonDice.fire()) {
                t.repairable(reason, "empty_string", "", null);
            } else {
                int k = r.nextInt(3);
                t.set(reason, k == 0 ? "Abonnement mensuel" : k == 1 ? "Renouvellement" : TextPools.pick(pools.sentences, r));
            }
            code(t, status, CodeSet.PAYMENT_STATUS, statusDice, r);
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }

    private void paymentMethods(TableSink t, SplittableRandom r) throws IOException {
        int paymentId = t.field("idPaiement"), userId = t.field("userId"), card = t.field("informationCarte");
        int expiry = t.field("dateExpirementCarte"), type = t.field("typeMethode");
        DefectDice cardDice = new DefectDice(r, rate), expiryDice = new DefectDice(r, rate);
        DefectDice typeDice = new DefectDice(r, rate), orphans = new DefectDice(r, rejectRate);
        DefectDice duplicates = new DefectDice(r, rejectRate);
        // Not a defect decision: how a (sensitive) card number is sent, in turn full, masked with X, masked with *.
        DefectDice cardForm = new DefectDice(r, 1.0);
        Bijection whichPayment = new Bijection(counts.payments(), Seeds.derive(seed, "payment-method-payments"));
        Bijection subscriptionUsers = subscriptionUsers();
        long orphanSerial = 0;
        long asOfMonth = LocalDate.ofEpochDay(asOfDay).getYear() * 12L + LocalDate.ofEpochDay(asOfDay).getMonthValue() - 1;
        for (long k = 0; k < counts.paymentMethods(); k++) {
            t.begin();
            long payment = whichPayment.apply(k) + 1;
            if (orphans.fire()) {
                t.unrepairable(paymentId, ORPHAN, paymentId(counts.payments() + ++orphanSerial), ORPHAN_EXPECTED);
                t.set(userId, userId(1 + r.nextLong(counts.users())));
            } else {
                t.set(paymentId, paymentId(payment));
                t.set(userId, userId(subscriptionUser(subscriptionUsers, paymentSubscription(payment))));
            }
            int c = code(t, type, CodeSet.METHOD_TYPE, typeDice, r);
            boolean amex = "AMEX".equals(CodeSet.METHOD_TYPE.codes[c]);
            // A real full card number passes the Luhn check: the last digit is the check digit.
            String number = withLuhnCheckDigit((amex ? "3" : r.nextBoolean() ? "4" : "5") + digits(r, amex ? 13 : 14));
            String lastFour = number.substring(number.length() - 4);
            if (cardDice.fire()) {
                t.unrepairable(card, "card_number_invalid", number.substring(0, number.length() - 1) + "X",
                    EXPECT_INVALID_CARD_NUMBER);
            } else {
                switch (cardForm.kind(3)) {
                    case 0 -> t.repairable(card, "card_number_full", number, lastFour);
                    case 1 -> t.repairable(card, "card_number_masked", number.substring(0, 4) + " XXXX XXXX " + lastFour, lastFour);
                    default -> t.repairable(card, "card_number_masked", "**** **** **** " + lastFour, lastFour);
                }
            }
            long month = asOfMonth - 12 + r.nextInt(61);
            int year = (int) (month / 12);
            int mm = (int) (month % 12) + 1;
            String yearMonth = Formats.pad(new StringBuilder(7), year, 4).append('-').append(mm < 10 ? "0" : "").append(mm).toString();
            // The processed card_expiry is a DATE: the last day of the expiry month (a card is valid through it).
            String clean = LocalDate.of(year, mm, 1).plusMonths(1).minusDays(1).toString();
            String mm2 = (mm < 10 ? "0" : "") + mm;
            if (expiryDice.fire()) {
                int day = 1 + r.nextInt(27); // never the last day: that is the canonical form
                String dd = (day < 10 ? "0" : "") + day;
                switch (expiryDice.kind(4)) {
                    case 0 -> t.repairable(expiry, "expiry_format_mm_yy", mm2 + "/" + Formats.pad(new StringBuilder(), year % 100, 2), clean);
                    case 1 -> t.repairable(expiry, "expiry_format_mm_yyyy", mm2 + "/" + year, clean);
                    case 2 -> t.repairable(expiry, "expiry_format_full_date", dd + "/" + mm2 + "/" + year, clean);
                    default -> t.repairable(expiry, "expiry_format_full_date", yearMonth + "-" + dd, clean);
                }
            } else {
                t.set(expiry, clean);
            }
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }

    private void userNotifications(TableSink t, SplittableRandom r) throws IOException {
        int userId = t.field("userId"), notificationId = t.field("idNotification");
        int read = t.field("estLu"), urgent = t.field("estUrgent");
        DefectDice readDice = new DefectDice(r, rate), urgentDice = new DefectDice(r, rate);
        DefectDice orphans = new DefectDice(r, rejectRate), duplicates = new DefectDice(r, rejectRate);
        Bijection who = new Bijection(counts.users(), Seeds.derive(seed, "user-notification-users"));
        long orphanSerial = 0;
        for (long k = 0; k < counts.userNotifications(); k++) {
            t.begin();
            long user0 = who.apply(k % counts.users());
            t.set(userId, userId(user0 + 1));
            if (orphans.fire()) {
                t.unrepairable(notificationId, ORPHAN, notificationId(counts.notifications() + ++orphanSerial), ORPHAN_EXPECTED);
            } else {
                long notification = (k / counts.users() + linkOffset(userNotificationSalt, user0, counts.notifications()))
                    % counts.notifications() + 1;
                t.set(notificationId, notificationId(notification));
            }
            // JSON 1/0 is how the source normally sends a flag (it never sends JSON true/false): not a defect.
            long isRead = r.nextBoolean() ? 1L : 0L;
            if (readDice.fire()) {
                // The source sends estLu as text variants but never null (estUrgent it does send null).
                switch (readDice.kind(3)) {
                    case 0 -> t.repairable(read, "boolean_variant", isRead == 1 ? "1" : "0", isRead == 1);
                    case 1 -> t.repairable(read, "boolean_variant", isRead == 1 ? "true" : "false", isRead == 1);
                    default -> t.repairable(read, "boolean_variant", isRead == 1 ? "Oui" : "Non", isRead == 1);
                }
            } else {
                t.set(read, isRead);
            }
            long isUrgent = r.nextInt(3) == 0 ? 1L : 0L;
            if (urgentDice.fire()) t.unrepairable(urgent, "boolean_missing", null, EXPECT_MISSING_FLAG);
            else t.set(urgent, isUrgent);
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }

    private void subscriptions(TableSink t, SplittableRandom r) throws IOException {
        int userId = t.field("userId"), planId = t.field("idAbonnement"), cycle = t.field("typeFacturation");
        int status = t.field("statutAbonnement"), renewal = t.field("dateRenouvelement");
        int start = t.field("dateDebutFacturation"), next = t.field("prochaineDeFacturation");
        DefectDice cycleDice = new DefectDice(r, rate), statusDice = new DefectDice(r, rate);
        DefectDice renewalDice = new DefectDice(r, rate), startDice = new DefectDice(r, rate);
        DefectDice nextDice = new DefectDice(r, rate), inverted = new DefectDice(r, rejectRate);
        DefectDice orphans = new DefectDice(r, rejectRate), duplicates = new DefectDice(r, rejectRate);
        // the original source's family: one date in two fields, ISO in one and an ambiguous slash form in the other
        DefectDice twinForms = new DefectDice(r, rejectRate);
        // records no evidence decides: an annual subscription whose three dates are all in one ambiguous order
        DefectDice undecidable = new DefectDice(r, rejectRate);
        Bijection subscriptionUsers = subscriptionUsers();
        long orphanUsers = 0;
        long orphanPlans = 0;
        for (long s = 0; s < counts.subscriptions(); s++) {
            t.begin();
            t.set(userId, userId(subscriptionUser(subscriptionUsers, s)));
            t.set(planId, planId(subscriptionPlan(subscriptionUsers, s)));
            if (orphans.fire()) {
                if (orphans.kind(2) == 0) {
                    t.unrepairable(planId, ORPHAN, planId(counts.plans() + ++orphanPlans), ORPHAN_EXPECTED);
                } else {
                    t.unrepairable(userId, ORPHAN, userId(counts.users() + ++orphanUsers), ORPHAN_EXPECTED);
                }
            }
            int c = code(t, cycle, CodeSet.BILLING_CYCLE, cycleDice, r);
            code(t, status, CodeSet.SUBSCRIPTION_STATUS, statusDice, r);
            long startDay = asOfDay - 1 - r.nextInt(HISTORY_DAYS);
            LocalDate startDate = LocalDate.ofEpochDay(startDay);
            boolean annual = CodeSet.BILLING_CYCLE.codes[c].equals("ANNUAL");
            if (annual && undecidable.fire()) {
                undecidableDates(t, startDate, undecidable.kind(2) == 0, renewal, start, next);
                long ext = extraction(r);
                common(t, r, ext);
                t.emit();
                maybeDuplicate(t, duplicates, r, ext);
                continue;
            }
            long nextDay = switch (CodeSet.BILLING_CYCLE.codes[c]) {
                case "DAILY" -> startDay + 1;
                case "WEEKLY" -> startDay + 7;
                case "SEMIMONTHLY" -> startDay + 15;
                case "MONTHLY" -> startDate.plusMonths(1).toEpochDay();
                default -> startDate.plusYears(1).toEpochDay();
            };
            // An inverted pair is a defect only when no reading of the start date keeps the order (a reading that
            // keeps it is the transformer's to take), so such a start date is never written in an ambiguous form.
            boolean invert = inverted.fire();
            if (!invert && ambiguousDay(nextDay) && twinForms.fire()) {
                // the renewal date is the next billing date: ISO there, slash (either order) in the next billing
                t.set(renewal, Formats.isoDate(nextDay));
                date(t, start, startDay, startDice, '/', false);
                ambiguousDate(t, next, nextDay, twinForms.kind(2) == 0);
            } else {
                date(t, renewal, nextDay, renewalDice, '/');
                date(t, start, startDay, startDice, '/', invert);
                if (invert) {
                    t.unrepairable(next, "end_before_start", Formats.isoDate(startDay - 1 - r.nextInt(60)),
                        EXPECT_NEXT_BILLING_BEFORE_START);
                } else {
                    date(t, next, nextDay, nextDice, '/');
                }
            }
            long ext = extraction(r);
            common(t, r, ext);
            t.emit();
            maybeDuplicate(t, duplicates, r, ext);
        }
    }
}
