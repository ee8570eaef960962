package io.subtrack.bench;

import io.subtrack.common.pipeline.PipelineProgram;
import io.subtrack.common.pipeline.PipelineStages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Whole-pipeline benchmark: runs the declared stages ({@link PipelineStages}) one after another, each
 * in its own child JVM exactly as bin/run-pipeline chains them, on ONE dev broker and ONE dev-db
 * (PostgreSQL 17), each a child JVM on free ports with its data under the work dir, and in the same
 * run, on the same broker and database, the bare baseline each stage is compared against
 * ({@link StageSteps}, {@link Baselines}). Prints a markdown table ({@link PipelineTable}) and writes
 * it to {@code bench/results/<timestamp>.md}.
 *
 * <pre>
 * PipelineBench [--records N] [--work-dir DIR] [--stages a,b,...] [--xmx SIZE] [--no-baselines] [--no-scoring]
 *               [--results-dir DIR] [--seed N] [--keep]
 * PipelineBench --daily [--records N] [--daily-modes delta,snapshot] [--empty-db all|none|delta|snapshot] ...   (DailyBench)
 * </pre>
 */
public final class PipelineBench {
    /** Distinct records the generator writes at --scale 1 (docs/generator.md). */
    static final double RECORDS_AT_SCALE_ONE = 1670.0;

    long records = 100_000;
    Path workDir;
    Set<String> stages = new LinkedHashSet<>(PipelineStages.stageNames());
    String xmx;
    boolean baselines = true;
    /** The transformer scores itself against the generator's ground truth, as bin/run-pipeline runs it. */
    boolean scoring = true;
    Path resultsDir = Path.of("bench", "results");
    long seed = 42;
    boolean keep;
    /** --daily: day 1 as history, then a day per mode on top, each day's file also loaded into an empty database (DailyBench). */
    boolean daily;
    List<String> dailyModes = List.of("delta", "snapshot");
    /** Which days' modes are also loaded into an empty database (--empty-db all|none|delta|snapshot|delta,snapshot). */
    Set<String> emptyDbModes = Set.of("delta", "snapshot");
    /** The child JVMs of this run, once its work dir is known. */
    ChildJvms children;

    public static void main(String[] args) throws Exception {
        PipelineBench b = new PipelineBench();
        b.parse(args);
        b.run(String.join(" ", args));
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--records" -> records = Long.parseLong(args[++i].replace("_", "").replace(",", ""));
                case "--work-dir" -> workDir = Path.of(args[++i]);
                case "--stages" -> stages = new LinkedHashSet<>(List.of(args[++i].split(",")));
                case "--xmx" -> xmx = args[++i];
                case "--no-baselines" -> baselines = false;
                case "--no-scoring" -> scoring = false;
                case "--results-dir" -> resultsDir = Path.of(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--keep" -> keep = true;
                case "--daily" -> daily = true;
                case "--daily-modes" -> dailyModes = List.of(args[++i].split(","));
                case "--no-empty-db" -> emptyDbModes = Set.of();
                case "--empty-db" -> {
                    String v = args[++i];
                    emptyDbModes = v.equals("all") ? Set.of("delta", "snapshot") : v.equals("none") ? Set.of() : Set.of(v.split(","));
                }
                case "-h", "--help" -> {
                    System.out.println("PipelineBench [--records N] [--work-dir DIR] [--stages a,b,...] [--xmx SIZE]"
                        + " [--no-baselines] [--no-scoring] [--results-dir DIR] [--seed N] [--keep]"
                        + " [--daily [--daily-modes delta,snapshot] [--empty-db all|none|delta|snapshot]]");
                    System.exit(0);
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        List<String> declared = PipelineStages.stageNames();
        for (String s : stages) if (!declared.contains(s)) throw new IllegalArgumentException("unknown stage " + s + "; stages: " + declared);
        // a stage declared without a bench step fails here, not after the stages before it ran
        if (!new HashSet<>(declared).equals(StageSteps.stagesWithAStep())) {
            throw new IllegalStateException("the bench's stage steps " + StageSteps.stagesWithAStep()
                + " are not the declared stages " + declared);
        }
        for (String m : dailyModes) {
            if (!m.equals("delta") && !m.equals("snapshot")) throw new IllegalArgumentException("--daily-modes: delta or snapshot, got " + m);
        }
        if (daily && stages.size() != declared.size()) throw new IllegalArgumentException("--daily runs every stage; --stages does not apply");
    }

    private void run(String argLine) throws Exception {
        if (daily) {
            new DailyBench(this).run(argLine);
            return;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        boolean fullRun = stages.size() == PipelineStages.stages().size();
        if (workDir == null) workDir = Path.of("bench", "work", stamp);
        workDir = workDir.toAbsolutePath();
        if (fullRun && Files.exists(workDir)) deleteTree(workDir);
        children = new ChildJvms(Files.createDirectories(workDir), xmx);
        double scale = records / RECORDS_AT_SCALE_ONE;

        System.out.printf(Locale.ROOT, "pipeline bench: %,d raw records (generator --scale %.4f), stages %s, stage JVM heap %s, work dir %s%n",
            records, scale, stages, children.heapNote(), workDir);
        List<StageSteps.Row> rows = new ArrayList<>();
        long benchStart = System.nanoTime();
        Process broker = children.startBroker();
        String failure = null;
        Path dbDataDir = null;
        try {
            children.db = DevDbServer.start(children.java, workDir.resolve("pg"), children.logs.resolve("dev-db.log"));
            dbDataDir = children.db.dataDir();
            String jdbc = children.db.url();
            System.out.println("dev-db: " + jdbc + " (data " + children.db.dataDir() + ", postmaster pid "
                + children.db.postmasterPid().map(String::valueOf).orElse("?") + ")");
            String bootstrap = children.awaitBroker(broker);
            StageSteps steps = new StageSteps(children, bootstrap, jdbc, baselines, scoring, scale, seed);
            for (PipelineProgram stage : PipelineStages.stages()) {
                if (stages.contains(stage.name())) rows.add(steps.run(stage));
            }
        } catch (IllegalStateException stageFailed) {
            // still print and write what was measured up to the failure
            failure = stageFailed.getMessage();
            System.out.println("FAILED: " + failure);
        } finally {
            if (children.db != null) children.db.close();
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) broker.destroyForcibly();
        }
        double benchWall = (System.nanoTime() - benchStart) / 1e9;
        String table = PipelineTable.of(rows, records, argLine, benchWall, stamp, children.heapNote(), dbDataDir)
            + (failure == null ? "" : "\n**Run incomplete:** " + failure + "\n");
        System.out.println();
        System.out.print(table);
        Files.createDirectories(resultsDir);
        Path result = resultsDir.resolve(stamp + ".md");
        Files.writeString(result, table);
        System.out.println("written to " + result);
        if (failure != null) System.exit(1);
        if (!keep && fullRun) {
            // keep the logs, drop the bulky data
            for (String f : List.of("raw_data_output.json", "ground_truth.jsonl", "cleaned_data_output.json", "rejected_records.json")) {
                Files.deleteIfExists(workDir.resolve(f));
            }
            deleteTree(workDir.resolve("pg"));
            deleteTree(workDir.resolve("kafka"));
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
