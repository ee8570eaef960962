package io.subtrack.bench;

import io.subtrack.common.pipeline.PipelineProgram;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the whole-pipeline bench runs for each declared stage ({@link io.subtrack.common.pipeline.PipelineStages}):
 * the stage's arguments, as bin/run-pipeline passes them, and the bare baseline it is measured against
 * ({@link Baselines}), on the bench's broker and database. The order is the declaration's.
 */
final class StageSteps {
    /** A stage and its baseline. */
    record Row(String stage, ChildRun run, String baselineName, ChildRun baseline) {}

    private interface Step {
        Row run(StageSteps steps, PipelineProgram stage) throws Exception;
    }

    private static final Map<String, Step> STEPS = Map.of(
        "generator", StageSteps::generator,
        "producer-raw", StageSteps::producerRaw,
        "consumer-raw", StageSteps::consumerRaw,
        "transformer", StageSteps::transformer,
        "producer-processed", StageSteps::producerProcessed,
        "consumer-processed", StageSteps::consumerProcessed);

    /** The stages the bench has a step for: the declared ones, as {@code StageStepsTest} holds. */
    static Set<String> stagesWithAStep() {
        return STEPS.keySet();
    }

    private final ChildJvms children;
    private final Path workDir;
    private final String bootstrap;
    private final String jdbc;
    private final boolean baselines;
    private final boolean scoring;
    private final double scale;
    private final long seed;
    private final Path raw;
    private final Path truth;
    private final Path cleaned;
    /** The stages run so far: a consumer reads as many messages as its producer wrote. */
    private final Map<String, ChildRun> done = new HashMap<>();

    StageSteps(ChildJvms children, String bootstrap, String jdbc, boolean baselines, boolean scoring, double scale, long seed) {
        this.children = children;
        this.workDir = children.workDir;
        this.bootstrap = bootstrap;
        this.jdbc = jdbc;
        this.baselines = baselines;
        this.scoring = scoring;
        this.scale = scale;
        this.seed = seed;
        this.raw = workDir.resolve("raw_data_output.json");
        this.truth = workDir.resolve("ground_truth.jsonl");
        this.cleaned = workDir.resolve("cleaned_data_output.json");
    }

    /** Runs the stage and its baseline in child JVMs. */
    Row run(PipelineProgram stage) throws Exception {
        Step step = STEPS.get(stage.name());
        if (step == null) throw new IllegalStateException("the bench has no step for the declared stage " + stage.name());
        Row row = step.run(this, stage);
        done.put(stage.name(), row.run());
        return row;
    }

    /** Messages the stage wrote; 0 when it did not run here (the consumers then stop on their idle timeout). */
    private long out(String stage) {
        ChildRun r = done.get(stage);
        return r == null ? 0 : r.out;
    }

    private ChildRun baseline(String name, String... args) throws Exception {
        return baselines ? children.baseline(name, args) : null;
    }

    private Row generator(PipelineProgram stage) throws Exception {
        ChildRun s = children.stage(stage.name(), stage.commandClass(), "--scale", String.format(Locale.ROOT, "%.6f", scale),
            "--seed", String.valueOf(seed), "--output", raw.toString(), "--ground-truth", truth.toString());
        ChildRun b = baseline("json-copy", "json-copy", raw.toString(), workDir.resolve("baseline-copy.json").toString());
        Files.deleteIfExists(workDir.resolve("baseline-copy.json"));
        return new Row(stage.name(), s, "bare JSON read+write (token copy) of the same file", b);
    }

    private Row producerRaw(PipelineProgram stage) throws Exception {
        ChildRun b = baseline("producer-raw.baseline", "producer", bootstrap, raw.toString(), "bench_baseline_raw", "raw");
        ChildRun s = children.stage(stage.name(), stage.commandClass(), "--bootstrap-server", bootstrap, "--input", raw.toString());
        return new Row(stage.name(), s, "bare KafkaProducer, pre-serialized envelopes, same config", b);
    }

    private Row consumerRaw(PipelineProgram stage) throws Exception {
        String n = String.valueOf(out("producer-raw"));
        ChildRun b = baseline("consumer-raw.baseline", "consume-copy", bootstrap, "subscriptions_raw", jdbc, n);
        ChildRun s = children.stage(stage.name(), stage.commandClass(), "--bootstrap-server", bootstrap, "--jdbc-url", jdbc,
            "--max-messages", n, "--idle-timeout", "20s");
        return new Row(stage.name(), s, "bare KafkaConsumer + one COPY per raw table per poll, commit per poll", b);
    }

    private Row transformer(PipelineProgram stage) throws Exception {
        List<String> args = new ArrayList<>(List.of("--jdbc-url", jdbc, "--output", cleaned.toString(),
            "--rejected", workDir.resolve("rejected_records.json").toString(), "--report", workDir.resolve("quality-report").toString()));
        if (scoring) args.addAll(List.of("--ground-truth", truth.toString()));
        ChildRun s = children.stage(stage.name(), stage.commandClass(), args.toArray(String[]::new));
        ChildRun b = baseline("transformer.baseline", "jdbc-to-json", jdbc, workDir.resolve("baseline-raw-dump.json").toString());
        Files.deleteIfExists(workDir.resolve("baseline-raw-dump.json"));
        return new Row(stage.name(), s, "bare SELECT of the raw tables + JSON write", b);
    }

    private Row producerProcessed(PipelineProgram stage) throws Exception {
        ChildRun b = baseline("producer-processed.baseline", "producer", bootstrap, cleaned.toString(),
            "bench_baseline_processed", "processed");
        ChildRun s = children.stage(stage.name(), stage.commandClass(), "--bootstrap-server", bootstrap, "--input", cleaned.toString());
        return new Row(stage.name(), s, "bare KafkaProducer, pre-serialized envelopes, same config", b);
    }

    private Row consumerProcessed(PipelineProgram stage) throws Exception {
        ChildRun s = children.stage(stage.name(), stage.commandClass(), "--bootstrap-server", bootstrap, "--jdbc-url", jdbc,
            "--max-messages", String.valueOf(out("producer-processed")), "--idle-timeout", "20s");
        ChildRun b = baseline("consumer-processed.baseline", "consume-upsert", bootstrap, "subscriptions_processed_data", jdbc,
            String.valueOf(s.in));
        return new Row(stage.name(), s, "bare KafkaConsumer + per table COPY into a temporary staging table and one"
            + " INSERT ... SELECT ... ON CONFLICT DO UPDATE, parents first, commit per poll (after the stage: update path)", b);
    }
}
