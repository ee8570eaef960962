package io.subtrack.transformer;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.ExitCode;
import io.subtrack.common.cli.Progress;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.cli.StageSummary;
import io.subtrack.common.cli.VersionProvider;
import io.subtrack.common.config.DatabaseOptions;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.extract.Extract;
import io.subtrack.common.extract.ExtractDates;
import io.subtrack.common.extract.ExtractRegistry;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.report.GroundTruthScorer;
import io.subtrack.transformer.report.QualityFigures;
import io.subtrack.transformer.report.QualityReport;
import io.subtrack.transformer.report.ScoreFigures;
import io.subtrack.transformer.report.QualityHistory;
import io.subtrack.transformer.report.QualityStats;
import io.subtrack.transformer.report.RunChecks;
import io.subtrack.transformer.source.FileRawSource;
import io.subtrack.transformer.source.JdbcRawSource;
import io.subtrack.transformer.source.RawSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import io.subtrack.common.run.RecordedStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Stage 4: raw tables (or a raw JSON file) in; cleaned data, quarantine and data-quality report out. */
@Command(name = "transformer", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Cleans and validates the raw layer into the processed model (SPEC sections 6 and 7).",
    exitCodeListHeading = "Exit codes:%n",
    exitCodeList = {"0:ok", "1:failed", "2:bad usage", "3:a reject-rate threshold was exceeded (all outputs written)"})
public final class TransformerCommand implements Callable<Integer>, RecordedStage {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    /** The key that decrypts the sensitive raw fields (docs/field-encryption.md); needed once a ciphertext is met. */
    @Mixin
    io.subtrack.common.crypto.FieldKeyOptions fieldKey = new io.subtrack.common.crypto.FieldKeyOptions();

    /** Where the run's lineage events go (docs/lineage.md). */
    @Mixin
    io.subtrack.common.lineage.LineageOptions lineage = new io.subtrack.common.lineage.LineageOptions();

    @Option(names = "--input", paramLabel = "FILE", description = "Raw JSON file to read instead of the raw database.")
    Path input;

    @Option(names = "--output", paramLabel = "FILE", defaultValue = "cleaned_data_output.json",
        description = "Cleaned data file (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--rejected", paramLabel = "FILE", defaultValue = "rejected_records.json",
        description = "Quarantine file (default: ${DEFAULT-VALUE}).")
    Path rejected;

    @Option(names = "--repairs", paramLabel = "FILE",
        description = "Repair log, one JSON line per changed value (default: repairs.jsonl beside --output).")
    Path repairs;

    @Option(names = "--report", paramLabel = "BASE", defaultValue = "quality-report",
        description = "Report base name: writes BASE.json and BASE.html (default: ${DEFAULT-VALUE}).")
    Path report;

    @Option(names = "--ground-truth", paramLabel = "FILE", description = "Generator ground-truth file: the report scores itself against it.")
    Path groundTruth;

    @Option(names = "--max-reject-rate", paramLabel = "RATE",
        description = "Maximum share of raw records quarantined overall, 0..1 (default: no limit).")
    Double maxRejectRate;

    @Option(names = "--max-reject-rate-table", paramLabel = "TABLE=RATE",
        description = "Maximum share quarantined for one raw table (repeatable), e.g. raw_Paiement=0.05.")
    Map<String, Double> maxRejectRateByTable = new LinkedHashMap<>();

    @Option(names = "--extract-id", paramLabel = "ID",
        description = "The extract to transform (default: the oldest complete extract not transformed yet).")
    String extractId;

    @Option(names = "--skip-extract", paramLabel = "ID",
        description = "Marks a refused (or unwanted) extract as done without applying anything, so the next one can be"
            + " transformed; the run says so.")
    List<String> skipExtracts = new ArrayList<>();

    @Option(names = "--full",
        description = "Rebuild: read every raw row of every extract and write every accepted row, with no comparison"
            + " with earlier days and no deletions (default: a day's extract against the stored state).")
    boolean full;

    @Option(names = "--max-delete-rate", paramLabel = "RATE", defaultValue = "0.2",
        description = "A snapshot that would delete more than this share of a table's rows is refused: exit 3, nothing"
            + " applied (default: ${DEFAULT-VALUE}).")
    double maxDeleteRate;

    @Option(names = "--warn-volume-drop", paramLabel = "RATE", defaultValue = "0.2",
        description = "Warn when a raw table's records fall by this share against the last run of the same kind (default: ${DEFAULT-VALUE}).")
    Double warnVolumeDrop;

    @Option(names = "--max-volume-drop", paramLabel = "RATE", defaultValue = "0.5",
        description = "Fail (exit 3, outputs written) when a raw table's records fall by this share (default: ${DEFAULT-VALUE}).")
    Double maxVolumeDrop;

    @Option(names = "--warn-reject-rate-rise", paramLabel = "POINTS", defaultValue = "0.02",
        description = "Warn when a raw table's reject rate rises by this much, 0..1 (default: ${DEFAULT-VALUE}).")
    Double warnRejectRise;

    @Option(names = "--max-reject-rate-rise", paramLabel = "POINTS",
        description = "Fail when a raw table's reject rate rises by this much, 0..1 (default: off).")
    Double maxRejectRise;

    @Option(names = "--warn-age", paramLabel = "DURATION",
        description = "Warn when the extract's newest date_extraction is older than this (ISO-8601, e.g. P2D; default: off).")
    java.time.Duration warnAge;

    @Option(names = "--max-age", paramLabel = "DURATION",
        description = "Fail when the extract's newest date_extraction is older than this (ISO-8601, e.g. P3D; default: off).")
    java.time.Duration maxAge;

    @Option(names = "--empty-table", paramLabel = "warn|fail|off", defaultValue = "warn",
        description = "A raw table with no record where the last run of the same kind had some (default: ${DEFAULT-VALUE}).")
    String emptyTable;

    @Option(names = "--trend-runs", paramLabel = "N", defaultValue = "14",
        description = "Runs the report's trend charts show, this one included (default: ${DEFAULT-VALUE}).")
    int trendRuns;

    /** This run's figures, for its lineage facets. */
    private QualityStats lastStats;

    @Option(names = "--incremental",
        description = "Write only raw rows ingested since the last successful run (watermark kept in the raw database).")
    boolean incremental;

    public static void main(String[] args) {
        Cli.main(new TransformerCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        StageSummary summary = new StageSummary("transformer");
        GroundTruthScorer scorer = groundTruth == null ? null : GroundTruthScorer.loadInBackground(groundTruth);
        Connection connection = null;
        Map<RawTable, Long> watermarks = Map.of();
        Transformer transformer;
        RowStateStore state = null;
        ExtractRegistry.Registered day = null;
        ExtractRegistry registry = null;
        io.subtrack.common.crypto.FieldCipher cipher = fieldKey.cipherOrNull(); // a bad key file fails before anything is read
        try (Progress progress = new Progress("transformer", 0)) {
            RawSource source;
            transformer = new Transformer(watermarks, scorer, progress);
            if (input != null) {
                if (!Files.isReadable(input)) throw new StageFailure("cannot read --input " + input);
                source = new FileRawSource(input);
            } else {
                connection = Database.connect(database);
                DatabaseDialect dialect = DatabaseDialect.forUrl(database.jdbcUrl);
                SchemaApplier.applyRaw(connection, dialect);
                if (incremental) watermarks = Watermarks.read(connection);
                registry = new ExtractRegistry(dialect);
                List<ExtractRegistry.Registered> extracts = registry.all(connection);
                if (full || incremental || extracts.isEmpty()) {
                    // every raw row (a rebuild, or raw rows loaded before extracts existed), stamped with the newest extract
                    transformer = new Transformer(watermarks, scorer, progress);
                    if (!extracts.isEmpty()) {
                        Extract newest = extracts.get(extracts.size() - 1).extract();
                        transformer.stamp(newest.id(), ExtractDates.format(newest.date()));
                    }
                    source = new JdbcRawSource(connection);
                } else {
                    day = ExtractChoice.choose(connection, registry, extracts, extractId, skipExtracts);
                    if (day == null) {
                        source = new JdbcRawSource(connection, NO_EXTRACT);
                    } else {
                        Extract e = day.extract();
                        io.subtrack.common.run.RunRecorder.current().extract(e.id(), e.date());
                        System.out.println("transformer: extract " + e.id() + " (" + e.mode().code() + " of "
                            + ExtractDates.format(e.date()) + ", " + e.records() + " records)");
                        state = new RowStateStore(Database.connect(database), dialect);
                        transformer.daily(new DailyRun(e, state, maxDeleteRate, transformer.stats()));
                        source = new JdbcRawSource(connection, e.id());
                    }
                }
            }
            // the sensitive fields decrypted in memory (docs/field-encryption.md); a plaintext file passes as it is
            try (RawSource decrypted = new io.subtrack.transformer.source.DecryptingRawSource(source, cipher); RowStateStore stateStore = state) {
                try {
                    transformer.run(decrypted, output, rejected, repairs != null ? repairs : RepairLog.besides(output));
                } catch (DailyRun.MassDeleteRefused refused) {
                    System.err.println("transformer: " + refused.getMessage());
                    return ExitCode.THRESHOLD_EXCEEDED;
                }
                QualityStats stats = transformer.stats();
                lastStats = stats;
                List<String> violations = thresholdViolations(stats);
                List<String> warnings = new ArrayList<>();
                List<QualityHistory.Run> trend = null;
                io.subtrack.common.run.RunRecorder record = io.subtrack.common.run.RunRecorder.current();
                if (connection != null) {
                    DatabaseDialect dialect = DatabaseDialect.forUrl(database.jdbcUrl);
                    List<QualityHistory.Run> history = QualityHistory.recent(connection, dialect, Math.max(1, trendRuns - 1));
                    RunChecks.Findings found = RunChecks.evaluate(RunChecks.volumes(stats), ExtractChoice.comparableRun(history, day, registry, connection),
                        day == null ? null : day.extract().date(), java.time.LocalDateTime.now(),
                        new RunChecks.Levels(warnVolumeDrop, maxVolumeDrop, warnRejectRise, maxRejectRise, warnAge, maxAge, emptyTable));
                    violations.addAll(found.fails());
                    warnings.addAll(found.warnings());
                    List<QualityHistory.Run> points = new ArrayList<>(history);
                    points.add(new QualityHistory.Run(record.runId(), java.time.LocalDateTime.now(),
                        day == null ? null : day.extract().id(), RunChecks.volumes(stats), ruleFailures(stats)));
                    trend = points;
                }
                // the report names the repair log relative to itself, so its link works wherever the two files are moved together
                RepairLog.Counts logged = transformer.repairCounts();
                Path reportDir = report.toAbsolutePath().getParent();
                logged = new RepairLog.Counts(reportDir.relativize(logged.file()), logged.lines(), logged.exact(), logged.evidence(), logged.policy());
                QualityFigures.RunInfo runInfo = new QualityFigures.RunInfo(record.runId(),
                    java.time.LocalDateTime.now().withNano(0).toString(), day == null ? null : day.extract().id(),
                    day == null ? null : day.extract().mode().code(), day == null ? null : ExtractDates.format(day.extract().date()));
                ScoreFigures score = scorer == null ? null : scorer.figures();
                QualityReport.write(report, new QualityFigures(stats, logged, violations, score, runInfo, warnings, trend));
                if (connection != null) {
                    QualityHistory.write(connection, DatabaseDialect.forUrl(database.jdbcUrl), record.runId(), stats);
                }
                for (String w : warnings) {
                    System.err.println("transformer: warning: " + w);
                    record.note("warning: " + w);
                }
                for (String v : violations) record.note("failed: " + v);
                if (stateStore != null) {
                    String id = day.extract().id();
                    ExtractRegistry reg = registry;
                    stateStore.commit(c -> reg.markTransformed(c, id));
                }
                if (incremental && violations.isEmpty()) {
                    // A new JDBC connection is unnecessary: the source's connection is still open here.
                    Watermarks.write(connection, transformer.maxRowIds());
                }
                // out: what goes on to producer-processed, the rows written and (a snapshot day) the deletions
                long deletions = stats.days().values().stream().mapToLong(d -> d.deleted).sum();
                summary.in(stats.totalIn()).out(stats.totalOut() + deletions).rejected(stats.totalQuarantined());
                if (day != null) {
                    summary.detail("extract", day.extract().id());
                    summary.detail("mode", day.extract().mode().code());
                    long[] t = new long[5];
                    for (QualityStats.DayCounts d : stats.days().values()) {
                        t[0] += d.added; t[1] += d.changed + d.returned; t[2] += d.deleted; t[3] += d.unchanged;
                    }
                    summary.detail("new", t[0]).detail("changed", t[1]).detail("deleted", t[2]).detail("unchanged", t[3]);
                    summary.figure("deleted", t[2]);
                }
                summary.detail("ambiguous dates", stats.totalAmbiguous());
                summary.detail("read by evidence", stats.totalResolvedByEvidence());
                summary.detail("read by policy", stats.totalResolvedByPolicy());
                summary.detail("repairs logged", transformer.repairCounts().lines());
                if (score != null) {
                    summary.detail("gt caught", score.caught() + "/" + score.injected());
                    summary.detail("gt exact", score.repairedExact() + "/" + score.repairable());
                    summary.detail("gt wrong", score.decisions().wrong());
                    summary.figure("wrong", score.decisions().wrong());
                    summary.detail("gt mistakes", score.cleanValuesChanged());
                }
                summary.finish().print(System.out);
                for (String v : violations) System.err.println("transformer: threshold exceeded: " + v);
                return violations.isEmpty() ? ExitCode.OK : ExitCode.THRESHOLD_EXCEEDED;
            }
        }
    }

    private static java.util.Map<String, Long> ruleFailures(QualityStats stats) {
        java.util.Map<String, Long> m = new java.util.LinkedHashMap<>();
        stats.rules().forEach((id, rc) -> m.put(id, rc.fired));
        return m;
    }

    @Override
    public List<io.subtrack.common.lineage.DatasetRef> inputs() {
        if (input != null) return List.of(io.subtrack.common.lineage.Datasets.file(input.toAbsolutePath()));
        return RawTable.all().stream().map(t -> io.subtrack.common.lineage.Datasets.jdbcTable(database.jdbcUrl, t.tableName())).toList();
    }

    @Override
    public List<io.subtrack.common.lineage.DatasetRef> outputs() {
        return List.of(io.subtrack.common.lineage.Datasets.file(output.toAbsolutePath()),
            io.subtrack.common.lineage.Datasets.file(rejected.toAbsolutePath()));
    }

    /** The run's data-quality metrics and assertions, one assertion per rule, on the raw tables it read. */
    @Override
    public io.subtrack.common.lineage.LineageFacets lineageFacets() {
        if (lastStats == null) return io.subtrack.common.lineage.LineageFacets.none();
        java.util.Map<String, Long> rowsIn = new java.util.LinkedHashMap<>();
        lastStats.tables().forEach((t, c) -> rowsIn.put(t.tableName(), c.in));
        List<io.subtrack.common.lineage.QualityRule> rules = new ArrayList<>();
        for (io.subtrack.transformer.rules.Rule r : io.subtrack.transformer.rules.Rules.all()) {
            if (RawTable.byName(r.table()) == null) continue;
            QualityStats.RuleCounts rc = lastStats.rules().get(r.id());
            rules.add(new io.subtrack.common.lineage.QualityRule(r.id(), r.table(), r.field(), lastStats.evaluated(r), rc == null ? 0 : rc.fired));
        }
        java.util.function.Function<String, io.subtrack.common.lineage.DatasetRef> dataset = input != null
            ? t -> io.subtrack.common.lineage.Datasets.file(input.toAbsolutePath())
            : t -> io.subtrack.common.lineage.Datasets.jdbcTable(database.jdbcUrl, t);
        return io.subtrack.common.lineage.LineageFacets.none().quality(dataset, rowsIn, rules);
    }

    /** An extract id no row carries: a run with nothing to transform still writes its (empty) outputs. */
    private static final String NO_EXTRACT = "";

    private void validate() {
        if (maxRejectRate != null && (maxRejectRate < 0 || maxRejectRate > 1)) {
            throw new ParameterException(spec.commandLine(), "--max-reject-rate must be between 0 and 1");
        }
        for (Map.Entry<String, Double> e : maxRejectRateByTable.entrySet()) {
            if (RawTable.byName(e.getKey()) == null) {
                throw new ParameterException(spec.commandLine(), "--max-reject-rate-table: unknown raw table " + e.getKey());
            }
            if (e.getValue() < 0 || e.getValue() > 1) {
                throw new ParameterException(spec.commandLine(), "--max-reject-rate-table: rate must be between 0 and 1");
            }
        }
        if (incremental && input != null) {
            throw new ParameterException(spec.commandLine(), "--incremental reads the raw database; it cannot be combined with --input");
        }
    }

    List<String> thresholdViolations(QualityStats stats) {
        List<String> out = new ArrayList<>();
        long in = stats.totalIn();
        double overall = in == 0 ? 0 : (double) stats.totalQuarantined() / in;
        if (maxRejectRate != null && overall > maxRejectRate) {
            out.add(String.format(Locale.ROOT, "overall reject rate %.4f > %.4f", overall, maxRejectRate));
        }
        for (Map.Entry<String, Double> e : maxRejectRateByTable.entrySet()) {
            double rate = stats.tables().get(RawTable.byName(e.getKey())).rejectRate();
            if (rate > e.getValue()) out.add(String.format(Locale.ROOT, "%s reject rate %.4f > %.4f", e.getKey(), rate, e.getValue()));
        }
        return out;
    }
}
