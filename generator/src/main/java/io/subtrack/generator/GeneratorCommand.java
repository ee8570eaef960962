package io.subtrack.generator;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.Progress;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.cli.StageSummary;
import io.subtrack.common.cli.VersionProvider;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import io.subtrack.common.run.RecordedStage;
import io.subtrack.common.config.DatabaseOptions;
import io.subtrack.common.lineage.DatasetRef;
import io.subtrack.common.lineage.Datasets;
import io.subtrack.common.lineage.LineageOptions;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generator", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Writes SubTrack raw data (the 12 source tables, with the source's defects) and a ground-truth "
        + "file listing every injected defect. Same seed, options and --as-of give byte-identical files.")
public final class GeneratorCommand implements Callable<Integer>, RecordedStage {
    /** Where the run's lineage events go (docs/lineage.md). */
    @Mixin LineageOptions lineage = new LineageOptions();

    /** Where this run goes on record (subtrack_runs); a database it cannot reach is reported and skipped. */
    @Mixin DatabaseOptions database = new DatabaseOptions();


    @Spec
    CommandSpec spec;

    @Option(names = "--users", description = "Users (default: ${DEFAULT-VALUE}). Profiles, admins and link tables follow in the original's proportions.")
    long users = TableCounts.DEFAULT_USERS;

    @Option(names = "--suppliers", description = "Suppliers (default: ${DEFAULT-VALUE}).")
    long suppliers = TableCounts.DEFAULT_SUPPLIERS;

    @Option(names = "--plans", description = "Subscription plans (default: ${DEFAULT-VALUE}).")
    long plans = TableCounts.DEFAULT_PLANS;

    @Option(names = "--payments", description = "Payments (default: ${DEFAULT-VALUE}).")
    long payments = TableCounts.DEFAULT_PAYMENTS;

    @Option(names = "--notifications", description = "Notifications (default: ${DEFAULT-VALUE}).")
    long notifications = TableCounts.DEFAULT_NOTIFICATIONS;

    @Option(names = "--journal", description = "Activity journal rows (default: ${DEFAULT-VALUE}).")
    long journal = TableCounts.DEFAULT_JOURNAL;

    @Option(names = "--scale", description = "Multiplies every count (default: ${DEFAULT-VALUE}; 1 is about 1,670 records).")
    double scale = 1.0;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = GeneratorSettings.DEFAULT_SEED;

    @Option(names = "--as-of", paramLabel = "<yyyy-MM-dd>",
        description = "The 'today' every generated date is relative to (default: ${DEFAULT-VALUE}).")
    LocalDate asOf = GeneratorSettings.DEFAULT_AS_OF;

    @Option(names = "--defect-rate", paramLabel = "<0..1>",
        description = "Share of values given a source defect (default: ${DEFAULT-VALUE}); duplicates, orphans, bad amounts "
            + "and inverted dates come at a fifth of it.")
    double defectRate = GeneratorSettings.DEFAULT_DEFECT_RATE;

    @Option(names = "--threads", description = "Tables generated in parallel (default: up to 4, one per core). "
        + "The output does not depend on it.")
    int threads = GeneratorSettings.defaultThreads();

    @Option(names = {"-o", "--output"}, description = "Raw JSON file (default: ${DEFAULT-VALUE}).")
    Path output = Path.of("raw_data_output.json");

    @Option(names = "--ground-truth", description = "Ground-truth file, JSON lines (default: ground_truth.jsonl beside --output).")
    Path groundTruth;

    @Option(names = "--day", description = "Which day's extract of the population to write (default: ${DEFAULT-VALUE}; "
        + "day 1 is the population as first generated, each later day changes, adds and removes records).")
    int day = 1;

    @Option(names = "--extract-mode", paramLabel = "snapshot|delta", description = "Day 2 on: the whole population "
        + "(snapshot) or only the records new or changed that day (delta) (default: ${DEFAULT-VALUE}).")
    String extractMode = "snapshot";

    @Option(names = "--daily-change-rate", paramLabel = "<0..1>",
        description = "Per day, the chance that a changeable record changes (default: ${DEFAULT-VALUE}).")
    double dailyChangeRate = DailyExtract.DEFAULT_CHANGE_RATE;

    @Option(names = "--daily-new-rate", paramLabel = "<0..1>",
        description = "Per day, new users as a share of the day-1 users (default: ${DEFAULT-VALUE}).")
    double dailyNewRate = DailyExtract.DEFAULT_NEW_RATE;

    @Option(names = "--daily-delete-rate", paramLabel = "<0..1>",
        description = "Per day, the chance that a user leaves with all their records (default: ${DEFAULT-VALUE}).")
    double dailyDeleteRate = DailyExtract.DEFAULT_DELETE_RATE;

    @Option(names = "--day-changes", description = "Day-changes file, JSON lines: keys added, deleted and changed per "
        + "processed table (default from day 2: day_changes.json beside --output; day 1 writes it only when given).")
    Path dayChanges;

    public static void main(String[] args) {
        TextPools.preload();
        Cli.main(new GeneratorCommand(), args);
    }

    @Override
    public Integer call() {
        GeneratorSettings settings = settings();
        StageSummary summary = new StageSummary("generator");
        RawDataGenerator.Result result;
        try (Progress progress = new Progress("generator", settings.counts().total())) {
            result = new RawDataGenerator(settings).run(progress);
        } catch (IOException e) {
            throw new StageFailure("cannot write " + settings.output() + " / " + settings.groundTruth() + ": " + describe(e), e);
        }
        summary.in(result.records()).out(result.records())
            .detail("defects", result.defects())
            .detail("output", settings.output())
            .detail("ground truth", settings.groundTruth())
            .detail("seed", settings.seed())
            .detail("as of", settings.asOf());
        // Day 1's summary stays as it was before days existed (scripts read it).
        if (settings.daily().dayChanges() != null) {
            summary.detail("day", settings.daily().day()).detail("extract mode", settings.daily().extractMode())
                .detail("day changes", settings.daily().dayChanges());
        }
        for (Map.Entry<String, Long> e : result.recordsPerTable().entrySet()) summary.detail(e.getKey(), e.getValue());
        summary.finish().print(System.out);
        return 0;
    }

    GeneratorSettings settings() {
        if (!(scale > 0) || scale > 1_000_000) usage("--scale must be above 0 and at most 1000000, got " + scale);
        if (threads < 1 || threads > 64) usage("--threads must be between 1 and 64, got " + threads);
        if (!(defectRate >= 0 && defectRate <= 1)) usage("--defect-rate must be between 0 and 1, got " + defectRate);
        TableCounts counts = TableCounts.scaled(scale, users, suppliers, plans, payments, notifications, journal);
        for (long c : new long[] {users, suppliers, plans, payments, notifications, journal}) {
            if (c < 1) usage("counts must be at least 1: " + invalidName(c));
        }
        String invalid = counts.firstInvalid();
        if (invalid != null) {
            usage(String.format(Locale.ROOT, "count out of range after --scale %s: %s (each table must have 1 to %,d records)",
                scale, invalid, TableCounts.MAX_TABLE_COUNT));
        }
        Path truth = groundTruth != null ? groundTruth
            : output.toAbsolutePath().resolveSibling("ground_truth.jsonl");
        if (truth.toAbsolutePath().normalize().equals(output.toAbsolutePath().normalize())) {
            usage("--ground-truth must differ from --output");
        }
        return new GeneratorSettings(counts, seed, asOf, defectRate, output, truth, threads, daily(truth));
    }

    private DailyExtract daily(Path truth) {
        if (day < 1 || day > DailyExtract.MAX_DAY) usage("--day must be between 1 and " + DailyExtract.MAX_DAY + ", got " + day);
        if (!extractMode.equals("snapshot") && !extractMode.equals("delta")) {
            usage("--extract-mode must be snapshot or delta, got " + extractMode);
        }
        for (double rate : new double[] {dailyChangeRate, dailyNewRate, dailyDeleteRate}) {
            if (!(rate >= 0 && rate <= 1)) usage("daily rates must be between 0 and 1, got " + rate);
        }
        Path changes = dayChanges != null ? dayChanges
            : day > 1 ? output.toAbsolutePath().resolveSibling("day_changes.json") : null;
        if (changes != null) {
            Path c = changes.toAbsolutePath().normalize();
            if (c.equals(output.toAbsolutePath().normalize()) || c.equals(truth.toAbsolutePath().normalize())) {
                usage("--day-changes must differ from --output and --ground-truth");
            }
        }
        return new DailyExtract(day, extractMode.equals("snapshot"), dailyChangeRate, dailyNewRate, dailyDeleteRate, changes);
    }

    private String invalidName(long value) {
        if (users == value) return "--users " + value;
        if (suppliers == value) return "--suppliers " + value;
        if (plans == value) return "--plans " + value;
        if (payments == value) return "--payments " + value;
        if (notifications == value) return "--notifications " + value;
        return "--journal " + value;
    }

    private void usage(String message) {
        throw new CommandLine.ParameterException(spec.commandLine(), message);
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
    }

    @Override
    public List<DatasetRef> inputs() {
        return List.of();
    }

    @Override
    public List<DatasetRef> outputs() {
        return List.of(Datasets.file(output.toAbsolutePath()));
    }
}
