package io.subtrack.generator;

import io.subtrack.common.cli.Progress;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.truth.DayChangesWriter;
import io.subtrack.common.truth.EncodedString;
import io.subtrack.common.truth.GroundTruthWriter;
import io.subtrack.common.truth.Utf8JsonWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.List;
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
 * (ids are sequential), so no state grows with the record count. This class runs the tables on
 * their threads and stamps the lineage fields every table shares; one {@link RawRecordWriter} per table
 * makes that table's own fields.
 */
public final class RawDataGenerator {

    /** What a run wrote. */
    public record Result(long records, long defects, Map<String, Long> recordsPerTable) {}

    // Constant values are pre-encoded once: their UTF-8 bytes are copied instead of encoded per record.
    static final EncodedString[] SOURCE_SYSTEMS = Stream.of(
        "Web_Form", "CRM_System", "API_Import", "Legacy_DB", "Mobile_App_v2", "Manual_Entry")
        .map(EncodedString::new).toArray(EncodedString[]::new);

    private final GeneratorSettings settings;
    private final long seed;
    /** Made when the run starts: the text pools are loaded while the command line is parsed. */
    private GeneratorContext context;
    /** Day N >= 2 only (null on day 1): the population's evolution, the day-1 live plans and payments, the new users. */
    private DailyPopulation population;
    private DayOneLiveness liveness;
    private NewUsers newUsers;

    public RawDataGenerator(GeneratorSettings settings) {
        this.settings = settings;
        this.seed = settings.seed();
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
        context = new GeneratorContext(settings, TextPools.shared());
        DailyExtract daily = settings.daily();
        if (daily.day() > 1) {
            // A later day's deletions and changes exist only in that file: a run without it would lose them.
            if (daily.dayChanges() == null) throw new IllegalArgumentException("day " + daily.day() + " needs a day-changes file");
            population = new DailyPopulation(settings);
            liveness = dayOneLiveness();
            newUsers = new NewUsers(context, population, liveness, seed);
        }
        String changesHeader = null;
        if (daily.dayChanges() != null) {
            ByteArrayOutputStream header = new ByteArrayOutputStream();
            try (DayChangesWriter w = new DayChangesWriter(header)) {
                w.header(daily.day(), settings.asOf().plusDays(daily.day() - 1L), daily.extractMode());
            }
            changesHeader = header.toString(StandardCharsets.UTF_8);
        }
        try (SegmentedOutput out = new SegmentedOutput(settings.output(), settings.groundTruth(), daily.dayChanges(),
                changesHeader, tables)) {
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
             GroundTruthWriter truth = new GroundTruthWriter(out.truth(i));
             DayChangesWriter changes = settings.daily().dayChanges() == null ? null : new DayChangesWriter(out.changes(i))) {
            TableSink sink = new TableSink(table, records, truth, progress);
            DayRecords day = population == null ? null
                : new DayRecords(context, population, liveness, sink, changes, settings.daily().snapshot(), seed);
            writeTable(sink, new SplittableRandom(Seeds.derive(seed, table.tableName())), day, null);
            if (day != null && NewUsers.writes(table)) newUsers.write(sink, day);
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

    /**
     * Makes the table's day-1 records from its random stream and writes them: as they are on day 1; through
     * {@code day} on a later day; or, with {@code dryRun}, not at all, noting which are live. The stream is drawn
     * the same way in all three, so every day starts from the same day-1 records.
     */
    private void writeTable(TableSink t, SplittableRandom r, DayRecords day, DayOneLiveness dryRun) throws IOException {
        RawRecordWriter w = writer(t, r);
        int planParent = DayOneLiveness.planParent(t);
        int paymentParent = DayOneLiveness.paymentParent(t);
        for (long i = 0, n = w.records(); i < n; i++) {
            t.begin();
            w.fill(i);
            long extraction = context.recentSecond(r);
            t.extraction(extraction);
            t.sourceSystem(SOURCE_SYSTEMS[r.nextInt(SOURCE_SYSTEMS.length)]);
            if (day == null && dryRun == null) {
                t.emit();
                if (w.duplicateFollows()) t.emitOlderDuplicate(extraction - 3600 - r.nextLong(60 * Formats.SECONDS_PER_DAY));
                continue;
            }
            boolean duplicate = w.duplicateFollows();
            long older = duplicate ? extraction - 3600 - r.nextLong(60 * Formats.SECONDS_PER_DAY) : 0;
            if (day != null) day.dayOneRecord(i, duplicate, older);
            else dryRun.note(t.table(), i, dryRun.live(t, planParent, paymentParent));
        }
    }

    /**
     * The day-1 plans and payments the transformer rejects (their children are rejected with them), by a dry run of
     * the two tables, plans first since a payment of a rejected plan is rejected. About 18 % of a run's records.
     */
    private DayOneLiveness dayOneLiveness() throws IOException {
        DayOneLiveness found = new DayOneLiveness(settings.counts());
        SharedProgress quiet = new SharedProgress(new Progress("dry run", 0, new PrintStream(OutputStream.nullOutputStream()), false));
        for (RawTable table : List.of(RawTable.PLAN, RawTable.PAYMENT)) {
            try (Utf8JsonWriter nowhere = new Utf8JsonWriter(OutputStream.nullOutputStream(), 1 << 16);
                 GroundTruthWriter noTruth = new GroundTruthWriter(OutputStream.nullOutputStream())) {
                TableSink sink = new TableSink(table, nowhere, noTruth, quiet);
                writeTable(sink, new SplittableRandom(Seeds.derive(seed, table.tableName())), null, found);
            }
        }
        return found;
    }

    private RawRecordWriter writer(TableSink t, SplittableRandom r) {
        return switch (t.table()) {
            case USER -> new UserWriter(context, t, r);
            case USER_PROFILE -> new ProfileWriter(context, t, r);
            case ADMIN -> new AdminWriter(context, t, r);
            case USER_SUPPLIER -> new UserSupplierWriter(context, t, r);
            case SUPPLIER -> new SupplierWriter(context, t, r);
            case NOTIFICATION -> new NotificationWriter(context, t, r);
            case JOURNAL -> new JournalWriter(context, t, r);
            case PLAN -> new PlanWriter(context, t, r);
            case PAYMENT -> new PaymentWriter(context, t, r);
            case PAYMENT_METHOD -> new PaymentMethodWriter(context, t, r);
            case USER_NOTIFICATION -> new UserNotificationWriter(context, t, r);
            case SUBSCRIPTION -> new SubscriptionWriter(context, t, r);
        };
    }
}
