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
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.report.GroundTruthScorer;
import io.subtrack.transformer.report.QualityReport;
import io.subtrack.transformer.report.QualityStats;
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
public final class TransformerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

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
        try (Progress progress = new Progress("transformer", 0)) {
            RawSource source;
            if (input != null) {
                if (!Files.isReadable(input)) throw new StageFailure("cannot read --input " + input);
                source = new FileRawSource(input);
            } else {
                connection = Database.connect(database);
                SchemaApplier.applyRaw(connection, DatabaseDialect.forUrl(database.jdbcUrl));
                if (incremental) watermarks = Watermarks.read(connection);
                source = new JdbcRawSource(connection);
            }
            transformer = new Transformer(watermarks, scorer, progress);
            try (source) {
                transformer.run(source, output, rejected, repairs != null ? repairs : RepairLog.besides(output));
                QualityStats stats = transformer.stats();
                List<String> violations = thresholdViolations(stats);
                // the report names the repair log relative to itself, so its link works wherever the two files are moved together
                RepairLog.Counts logged = transformer.repairCounts();
                Path reportDir = report.toAbsolutePath().getParent();
                logged = new RepairLog.Counts(reportDir.relativize(logged.file()), logged.lines(), logged.exact(), logged.evidence(), logged.policy());
                QualityReport.write(report, QualityReport.toJson(stats, scorer, violations, logged));
                if (incremental && violations.isEmpty()) {
                    // A new JDBC connection is unnecessary: the source's connection is still open here.
                    Watermarks.write(connection, transformer.maxRowIds());
                }
                summary.in(stats.totalIn()).out(stats.totalOut()).rejected(stats.totalQuarantined());
                summary.detail("ambiguous dates", stats.totalAmbiguous());
                summary.detail("read by evidence", stats.totalResolvedByEvidence());
                summary.detail("read by policy", stats.totalResolvedByPolicy());
                summary.detail("repairs logged", transformer.repairCounts().lines());
                if (scorer != null) {
                    var g = scorer.toJson();
                    summary.detail("gt caught", g.get("caught") + "/" + g.get("injected"));
                    summary.detail("gt exact", g.get("repaired_exact") + "/" + g.get("repairable"));
                    summary.detail("gt wrong", g.get("wrong"));
                    summary.figure("wrong", g.get("wrong").asLong());
                    summary.detail("gt mistakes", g.get("clean_values_changed"));
                }
                summary.finish().print(System.out);
                for (String v : violations) System.err.println("transformer: threshold exceeded: " + v);
                return violations.isEmpty() ? ExitCode.OK : ExitCode.THRESHOLD_EXCEEDED;
            }
        }
    }

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
