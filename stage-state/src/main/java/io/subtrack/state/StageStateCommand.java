package io.subtrack.state;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.ExitCode;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.cli.StageSummary;
import io.subtrack.common.cli.VersionProvider;
import io.subtrack.common.config.ConsumerOptions;
import io.subtrack.common.config.DatabaseOptions;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.config.TopicOptions;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.LoadOffsets;
import io.subtrack.common.kafka.KafkaClients;
import java.io.PrintStream;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The stored state of the pipeline, which lives in the database and not in Kafka's consumer groups
 * (kafka-consumer-groups --reset-offsets does nothing here): lists it, resets the loaders' offsets, and replays the
 * dead-letter topic. One flat program in the style of Kafka's tools; the work is done by plain classes
 * ({@link StoredState}, {@link OffsetReset}, {@link DeadLetterReplay}).
 */
@Command(name = "stage-state", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    sortOptions = false,
    description = {"Lists and operates the state the pipeline keeps in its database, where",
        "kafka-consumer-groups cannot see it: the loaders' stored offsets",
        "(subtrack_load_offsets), the transformer's watermark, the daily extracts.",
        "Resets the offsets; replays the dead letters. A reset or a replay is a dry",
        "run unless --execute is given.",
        "",
        "  stage-state --list",
        "  stage-state --reset-offsets --target raw --to-earliest [--execute]",
        "  stage-state --reset-offsets --target raw \\",
        "      --to-datetime 2025-06-01T00:00:00 --execute",
        "  stage-state --reset-offsets --target processed \\",
        "      --topic subscriptions_processed_data:0 --to-offset 120 --execute",
        "  stage-state --replay-dead-letters --error-stage consumer-raw [--execute]",
        ""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:done (a dry run changes nothing)", "1:failed (unreachable broker or database; a refused reset)",
        "2:bad usage"})
public final class StageStateCommand implements Callable<Integer> {
    /** The loader of each target: its consumer group's default name and the topic it reads by default. */
    static final Map<String, String[]> TARGETS = Map.of(
        "raw", new String[] {"consumer-raw", TopicOptions.RAW},
        "processed", new String[] {"consumer-processed", TopicOptions.PROCESSED});
    static final String DEFAULT_REPLAY_GROUP = "stage-state-replay";

    @Mixin KafkaOptions kafka;
    @Mixin DatabaseOptions database;
    @Mixin TopicOptions topics;

    static final class Action {
        @Option(names = {"--list", "--describe"}, required = true,
            description = "List the stored offsets with each partition's end and lag, the transformer's watermark"
                + " and the extracts (the default action).")
        boolean list;

        @Option(names = "--reset-offsets", required = true,
            description = "Move a target's stored offsets (--target, a scenario --to-...; --topic, --partition).")
        boolean reset;

        @Option(names = "--runs", required = true,
            description = "List the last runs on record (--last N): stage, status, extract, seconds, counts; a run left open shows.")
        boolean runs;

        @Option(names = "--replay-dead-letters", required = true,
            description = "Send the dead letters (--errors-topic) back to their origin topics, each once.")
        boolean replay;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "%nAction (one; default --list):%n")
    Action action;

    @Option(names = "--target", paramLabel = "raw|processed",
        description = "Whose offsets --reset-offsets moves: consumer-raw's (raw) or consumer-processed's (processed).")
    String target;

    @Option(names = "--topic", paramLabel = "TOPIC[:P[,P...]]",
        description = "Topic to reset, optionally with its partitions (repeatable). Default: every topic the target"
            + " has stored offsets for, else its loader's topic.")
    List<String> resetTopics = new ArrayList<>();

    @Option(names = "--partition", paramLabel = "P", split = ",",
        description = "Partitions to reset, of every --topic that names none (repeatable, or P,P). Default: all.")
    List<Integer> resetPartitions = new ArrayList<>();

    static final class Scenario {
        @Option(names = "--to-offset", paramLabel = "N", required = true, description = "To offset N.")
        Long toOffset;

        @Option(names = "--to-datetime", paramLabel = "DATETIME", required = true,
            description = "To the first offset whose message is at or after this time (offsetsForTimes):"
                + " YYYY-MM-DDTHH:mm:SS[.sss], with Z or +hh:mm, else in this machine's zone.")
        String toDatetime;

        @Option(names = "--by-duration", paramLabel = "DURATION", required = true,
            description = "To the first offset at or after now minus DURATION (PT2H, P1DT12H, 90m, 30s).")
        String byDuration;

        @Option(names = "--to-earliest", required = true, description = "To the log start: everything is loaded again.")
        boolean toEarliest;

        @Option(names = "--to-latest", required = true, description = "To the log end: everything not loaded is skipped.")
        boolean toLatest;

        @Option(names = "--shift-by", paramLabel = "N", required = true,
            description = "By N from the stored offset (negative: back).")
        Long shiftBy;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1", heading = "%nReset scenario (one, with --reset-offsets):%n")
    Scenario scenario;

    @Option(names = "--last", paramLabel = "N", defaultValue = "18", description = "With --runs: how many (default: ${DEFAULT-VALUE}).")
    int last;

    @Option(names = "--execute", description = "Apply the reset or the replay.")
    boolean execute;

    @Option(names = "--dry-run", description = "Only show what would change (the default).")
    boolean dryRun;

    @Option(names = "--group", paramLabel = "GROUP_ID",
        description = "The target loader's consumer group: a reset is refused while it has members, and its committed"
            + " offsets are set too (default: consumer-raw / consumer-processed).")
    String loaderGroup;

    @Option(names = "--replay-group", paramLabel = "GROUP_ID", defaultValue = DEFAULT_REPLAY_GROUP,
        description = "Consumer group that records what was replayed (default: ${DEFAULT-VALUE}).")
    String replayGroup;

    @Option(names = "--origin-topic", paramLabel = "TOPIC", split = ",",
        description = "Replay only letters that came from this topic (repeatable).")
    List<String> originTopics = new ArrayList<>();

    @Option(names = "--error-stage", paramLabel = "STAGE", split = ",",
        description = "Replay only letters that this stage dead-lettered, e.g. consumer-raw (repeatable).")
    List<String> errorStages = new ArrayList<>();

    @Option(names = "--max-wait", paramLabel = "DURATION", defaultValue = "30s",
        description = "Give up reading the dead letters after this long without progress (default: ${DEFAULT-VALUE}).")
    String maxWait;

    public static void main(String[] args) {
        Cli.main(new StageStateCommand(), args);
    }

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // only a flag on the command line applies anything: never an environment variable or a properties file
        execute = execute && spec.commandLine().getParseResult().hasMatchedOption("--execute");
        if (execute && dryRun) throw usage("--execute and --dry-run: give one");
        boolean resetting = action != null && action.reset;
        boolean replaying = action != null && action.replay;
        if (!resetting && scenario != null) throw usage("a scenario (--to-...) goes with --reset-offsets");
        if (!resetting && (target != null || !resetTopics.isEmpty() || !resetPartitions.isEmpty() || loaderGroup != null)) {
            throw usage("--target, --topic, --partition and --group go with --reset-offsets");
        }
        if (!replaying && (!originTopics.isEmpty() || !errorStages.isEmpty())) {
            throw usage("--origin-topic and --error-stage go with --replay-dead-letters");
        }
        if (!resetting && !replaying && execute) throw usage("--execute goes with --reset-offsets or --replay-dead-letters");
        PrintStream out = System.out;
        if (resetting) return reset(out);
        if (replaying) return replay(out);
        if (action != null && action.runs) {
            try (Connection c = Database.connect(database)) {
                RunHistory.print(RunHistory.last(c, DatabaseDialect.forUrl(database.jdbcUrl), last), out);
            }
            return ExitCode.OK;
        }
        return list(out);
    }

    private int list(PrintStream out) throws Exception {
        DatabaseDialect dialect = DatabaseDialect.forUrl(database.jdbcUrl);
        try (Connection c = Database.connect(database); KafkaConsumer<byte[], byte[]> k = StateClients.offsetReader(kafka)) {
            StoredState.Listing l;
            try {
                l = StoredState.read(c, dialect, k);
            } catch (org.apache.kafka.common.KafkaException e) {
                throw KafkaClients.unreachable(kafka, e);
            }
            StoredState.print(l, out);
        }
        return ExitCode.OK;
    }

    private int reset(PrintStream out) throws Exception {
        if (target == null) throw usage("--reset-offsets needs --target raw or --target processed");
        String t = target.strip().toLowerCase(Locale.ROOT);
        if (!TARGETS.containsKey(t)) throw usage("--target: raw or processed, not '" + target + "'");
        if (scenario == null) {
            throw usage("--reset-offsets needs one of --to-offset, --to-datetime, --by-duration, --to-earliest,"
                + " --to-latest, --shift-by");
        }
        OffsetReset.Spec spec = spec();
        String group = loaderGroup != null ? loaderGroup : TARGETS.get(t)[0];
        DatabaseDialect dialect = DatabaseDialect.forUrl(database.jdbcUrl);
        try (Connection c = Database.connect(database); KafkaConsumer<byte[], byte[]> k = StateClients.offsetReader(kafka);
             Admin admin = Admin.create(KafkaClients.adminConfig(kafka))) {
            if (!StoredState.tableExists(c, LoadOffsets.TABLE)) {
                throw new StageFailure("no " + LoadOffsets.TABLE + " in " + Database.redact(database.jdbcUrl)
                    + ": no consumer has loaded into this database (run " + TARGETS.get(t)[0] + " once first)");
            }
            Map<TopicPartition, Long> stored = new LinkedHashMap<>();
            for (LoadOffsets.Stored s : LoadOffsets.all(c, dialect)) if (s.target().equals(t)) stored.put(s.partition(), s.nextOffset());
            List<OffsetReset.Planned> plan;
            LoaderGroup.Status status;
            try {
                plan = OffsetReset.plan(partitions(t, stored, k), stored, spec, k);
                status = LoaderGroup.status(admin, group);
            } catch (org.apache.kafka.common.KafkaException | java.util.concurrent.ExecutionException
                     | java.util.concurrent.TimeoutException e) {
                throw KafkaClients.unreachable(kafka, e);
            }
            out.println("Reset of target " + t + "'s stored offsets to " + spec + " (loader group " + group + ": "
                + (status.exists() ? status.members() + " member(s), " + status.state() : "none") + ")");
            OffsetReset.print(t, plan, out);
            long changes = plan.stream().filter(OffsetReset.Planned::changes).count();
            if (!execute) {
                out.println("Dry run: nothing changed (" + changes + " of " + plan.size()
                    + " partition(s) would move); add --execute to apply.");
                return ExitCode.OK;
            }
            if (status.members() > 0) {
                throw new StageFailure("group " + group + " has " + status.members() + " active member(s): stop "
                    + TARGETS.get(t)[0] + " first (a running loader keeps its position and would store it over the"
                    + " reset); nothing changed");
            }
            OffsetReset.apply(c, dialect, t, plan);
            String aligned = "";
            if (status.exists()) {
                Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
                for (OffsetReset.Planned p : plan) offsets.put(p.partition(), p.newOffset());
                try {
                    LoaderGroup.commit(admin, group, offsets);
                    aligned = "; group " + group + "'s committed offsets set to the same";
                } catch (Exception e) {
                    aligned = "; group " + group + "'s committed offsets not set (" + e.getMessage()
                        + "): the database's offsets are the ones the loader starts from";
                }
            }
            out.println("Applied: " + changes + " of " + plan.size() + " partition(s) moved in " + LoadOffsets.TABLE
                + aligned + ".");
        }
        return ExitCode.OK;
    }

    private OffsetReset.Spec spec() {
        Scenario s = scenario;
        if (s.toOffset != null) {
            if (s.toOffset < 0) throw usage("--to-offset: not negative");
            return OffsetReset.Spec.toOffset(s.toOffset);
        }
        if (s.shiftBy != null) return OffsetReset.Spec.shiftBy(s.shiftBy);
        if (s.toEarliest) return OffsetReset.Spec.toEarliest();
        if (s.toLatest) return OffsetReset.Spec.toLatest();
        if (s.toDatetime != null) {
            try {
                return OffsetReset.Spec.toDatetime(OffsetReset.parseDateTime(s.toDatetime, ZoneId.systemDefault()));
            } catch (IllegalArgumentException e) {
                throw usage("--to-datetime: " + e.getMessage());
            }
        }
        Duration d = ConsumerOptions.parseDuration("--by-duration", s.byDuration);
        return OffsetReset.Spec.byDuration(d, Instant.now());
    }

    /** The partitions --topic and --partition name; by default every partition of the target's topics. */
    private List<TopicPartition> partitions(String t, Map<TopicPartition, Long> stored, KafkaConsumer<byte[], byte[]> k) {
        Map<String, List<Integer>> wanted = new LinkedHashMap<>();
        for (String spec : resetTopics) {
            int colon = spec.indexOf(':');
            String topic = (colon < 0 ? spec : spec.substring(0, colon)).strip();
            if (topic.isEmpty()) throw usage("--topic: no topic name in '" + spec + "'");
            List<Integer> ps = new ArrayList<>();
            if (colon >= 0) {
                for (String p : spec.substring(colon + 1).split(",")) {
                    try {
                        ps.add(Integer.parseInt(p.strip()));
                    } catch (NumberFormatException e) {
                        throw usage("--topic: not a partition number: '" + p + "' in '" + spec + "'");
                    }
                }
            }
            wanted.put(topic, ps.isEmpty() ? new ArrayList<>(resetPartitions) : ps);
        }
        if (wanted.isEmpty()) {
            Set<String> storedTopics = new LinkedHashSet<>();
            stored.keySet().forEach(tp -> storedTopics.add(tp.topic()));
            if (storedTopics.isEmpty()) storedTopics.add(TARGETS.get(t)[1]);
            for (String topic : storedTopics) wanted.put(topic, new ArrayList<>(resetPartitions));
        }
        List<TopicPartition> out = new ArrayList<>();
        wanted.forEach((topic, ps) -> {
            List<TopicPartition> existing = StoredState.partitionsOf(k, topic);
            if (existing.isEmpty()) throw new StageFailure("topic " + topic + " does not exist", null, ExitCode.FAILED);
            if (ps.isEmpty()) {
                out.addAll(existing);
            } else {
                for (int p : ps) {
                    TopicPartition tp = new TopicPartition(topic, p);
                    if (!existing.contains(tp)) {
                        throw new StageFailure("topic " + topic + " has no partition " + p + " (it has " + existing.size() + ")");
                    }
                    out.add(tp);
                }
            }
        });
        return out;
    }

    private int replay(PrintStream out) throws Exception {
        Duration wait = ConsumerOptions.parseDuration("--max-wait", maxWait);
        DeadLetterReplay.Filter filter = new DeadLetterReplay.Filter(Set.copyOf(originTopics), Set.copyOf(errorStages));
        StageSummary summary = new StageSummary("stage-state");
        DeadLetterReplay.Result result;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(StateClients.replayConsumerConfig(kafka, replayGroup))) {
            DeadLetterReplay replay = new DeadLetterReplay(consumer,
                () -> new KafkaProducer<>(StateClients.replayProducerConfig(kafka, replayGroup)),
                topics.errorsTopic, replayGroup, wait);
            out.println((execute ? "Replaying" : "Dry run: would replay") + " dead letters of " + topics.errorsTopic
                + " (replay group " + replayGroup + ")" + describe(filter));
            try {
                result = replay.run(filter, execute, l -> out.println(line(l, execute)));
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                throw KafkaClients.unreachable(kafka, e);
            }
        }
        long replayed = result.count(DeadLetterReplay.ReplayDecision.REPLAY);
        summary.in(result.letters().size()).out(execute ? replayed : 0).rejected(0)
            .detail("dead letters", topics.errorsTopic)
            .detail(execute ? "replayed" : "would replay", replayed)
            .detail("replayed before", result.count(DeadLetterReplay.ReplayDecision.ALREADY_REPLAYED))
            .detail("left by filter", result.count(DeadLetterReplay.ReplayDecision.FILTERED_OUT))
            .detail("not replayable", result.count(DeadLetterReplay.ReplayDecision.NOT_REPLAYABLE))
            .figure("replayable", replayed)
            .figure("already", result.count(DeadLetterReplay.ReplayDecision.ALREADY_REPLAYED))
            .figure("filtered", result.count(DeadLetterReplay.ReplayDecision.FILTERED_OUT))
            .figure("unreplayable", result.count(DeadLetterReplay.ReplayDecision.NOT_REPLAYABLE));
        summary.finish().print(out);
        if (!execute && replayed > 0) out.println("Dry run: nothing sent; add --execute to replay.");
        return ExitCode.OK;
    }

    private static String describe(DeadLetterReplay.Filter f) {
        String s = "";
        if (!f.originTopics().isEmpty()) s += ", origin topic " + String.join(",", new java.util.TreeSet<>(f.originTopics()));
        if (!f.stages().isEmpty()) s += ", error stage " + String.join(",", new java.util.TreeSet<>(f.stages()));
        return s;
    }

    private static String line(DeadLetterReplay.Letter l, boolean execute) {
        String what = switch (l.outcome()) {
            case REPLAY -> execute ? "REPLAYED" : "WOULD-REPLAY";
            case ALREADY_REPLAYED -> "REPLAYED-BEFORE";
            case FILTERED_OUT -> "LEFT-BY-FILTER";
            case NOT_REPLAYABLE -> "NOT-REPLAYABLE";
        };
        return what + " " + l.at() + "@" + l.offset() + " from " + l.originTopic() + "-" + l.originPartition() + "@"
            + l.originOffset() + " stage=" + l.stage() + " error=" + shortClass(l.errorClass()) + ": " + l.errorMessage()
            + (l.why().isEmpty() ? "" : " (" + l.why() + ")");
    }

    private static String shortClass(String cls) {
        return cls == null ? "?" : cls.substring(cls.lastIndexOf('.') + 1);
    }

    private static StageFailure usage(String message) {
        return new StageFailure(message, null, ExitCode.USAGE);
    }
}
