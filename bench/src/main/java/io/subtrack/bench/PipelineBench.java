package io.subtrack.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whole-pipeline benchmark (issue 8): runs the six stages one after another, each in its own
 * child JVM exactly as bin/run-pipeline chains them, on ONE dev broker and ONE dev-db (PostgreSQL
 * 17), each a child JVM on free ports with its data under the work dir, and in the same run, on the
 * same broker and database, the bare baseline each stage is compared against ({@link Baselines}).
 * Prints a markdown table (records/s, baseline records/s, ratio, peak RSS of the stage's JVM, the
 * dev-db server's own peak memory while the stage ran, seconds) and the end-to-end wall time, and
 * writes it to {@code bench/results/<timestamp>.md}.
 *
 * <pre>
 * PipelineBench [--records N] [--work-dir DIR] [--stages a,b,...] [--xmx SIZE] [--no-baselines] [--no-scoring]
 *               [--results-dir DIR] [--seed N] [--keep]
 * PipelineBench --daily [--records N] [--daily-modes delta,snapshot] [--empty-db all|none|delta|snapshot] ...   (DailyBench)
 * </pre>
 */
public final class PipelineBench {
    static final List<String> STAGES = List.of("generator", "producer-raw", "consumer-raw", "transformer",
        "producer-processed", "consumer-processed");
    /** Distinct records the generator writes at --scale 1 (docs/generator.md). */
    static final double RECORDS_AT_SCALE_ONE = 1670.0;
    private static final Pattern SUMMARY = Pattern.compile("^SUMMARY stage=(\\S+) in=(\\d+) out=(\\d+) rejected=(\\d+) seconds=([0-9.]+)");
    private static final Pattern BASELINE = Pattern.compile("^BASELINE records=(\\d+) seconds=([0-9.]+)");
    private static final Pattern PEAK = Pattern.compile("^PEAK_RSS_KB=(\\d+)");
    private static final Pattern CPU = Pattern.compile("^CPU_MS=(\\d+)");
    /** A StageSummary detail line: {@code "  new             : 1234"}. */
    private static final Pattern DETAIL = Pattern.compile("^  ([a-z][a-z ]*?) *: (.+)$");

    /** What one child JVM reported. */
    static final class Run {
        String name;
        long in = -1;
        long out = -1;
        long rejected = -1;
        double seconds = -1;
        long peakKb = -1;
        long cpuMs = -1;
        double wall;
        /** The SUMMARY's detail lines (e.g. the transformer's new/changed/deleted/unchanged). */
        final java.util.Map<String, String> details = new java.util.LinkedHashMap<>();
        String load;
        /** The dev-db server's processes while this JVM ran: peaks of the sampled sums. */
        DevDbServer.Memory db = DevDbServer.Memory.NONE;
        int dbSamples;
        /** CPU time the dev-db server used while this JVM ran; -1 unknown. */
        long dbCpuMs = -1;
        double rps() { return seconds > 0 ? in / seconds : 0; }
    }

    /** A stage and its baseline. */
    record Row(String stage, Run run, String baselineName, Run baseline) {}

    long records = 100_000;
    Path workDir;
    Set<String> stages = new LinkedHashSet<>(STAGES);
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
    String classpath;
    String java;
    Path logs;
    DevDbServer db;
    /** How often the dev-db's processes are read while a child JVM runs. */
    static final long DB_SAMPLE_MS = 250;

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
        for (String s : stages) if (!STAGES.contains(s)) throw new IllegalArgumentException("unknown stage " + s + "; stages: " + STAGES);
        for (String m : dailyModes) {
            if (!m.equals("delta") && !m.equals("snapshot")) throw new IllegalArgumentException("--daily-modes: delta or snapshot, got " + m);
        }
        if (daily && stages.size() != STAGES.size()) throw new IllegalArgumentException("--daily runs every stage; --stages does not apply");
    }

    private void run(String argLine) throws Exception {
        if (daily) {
            new DailyBench(this).run(argLine);
            return;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        boolean fullRun = stages.size() == STAGES.size();
        if (workDir == null) workDir = Path.of("bench", "work", stamp);
        workDir = workDir.toAbsolutePath();
        if (fullRun && Files.exists(workDir)) deleteTree(workDir);
        logs = workDir.resolve("logs");
        Files.createDirectories(logs);
        classpath = System.getProperty("java.class.path");
        java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Path raw = workDir.resolve("raw_data_output.json");
        Path truth = workDir.resolve("ground_truth.jsonl");
        Path cleaned = workDir.resolve("cleaned_data_output.json");
        double scale = records / RECORDS_AT_SCALE_ONE;

        System.out.printf(Locale.ROOT, "pipeline bench: %,d raw records (generator --scale %.4f), stages %s, stage JVM heap %s, work dir %s%n",
            records, scale, stages, heapNote(), workDir);
        List<Row> rows = new ArrayList<>();
        long benchStart = System.nanoTime();
        Process broker = startBroker();
        String failure = null;
        try {
            db = DevDbServer.start(java, workDir.resolve("pg"), logs.resolve("dev-db.log"));
            String jdbc = db.url();
            System.out.println("dev-db: " + jdbc + " (data " + db.dataDir() + ", postmaster pid "
                + db.postmasterPid().map(String::valueOf).orElse("?") + ")");
            String bootstrap = awaitBroker(broker);
            long rawMessages = 0;
            long processedMessages = 0;
            for (String stage : STAGES) {
                if (!stages.contains(stage)) continue;
                switch (stage) {
                    case "generator" -> {
                        Run s = stage(stage, "io.subtrack.generator.GeneratorCommand", "--scale",
                            String.format(Locale.ROOT, "%.6f", scale), "--seed", String.valueOf(seed),
                            "--output", raw.toString(), "--ground-truth", truth.toString());
                        Run b = baselines ? baseline("json-copy", "json-copy", raw.toString(),
                            workDir.resolve("baseline-copy.json").toString()) : null;
                        Files.deleteIfExists(workDir.resolve("baseline-copy.json"));
                        rows.add(new Row(stage, s, "bare JSON read+write (token copy) of the same file", b));
                    }
                    case "producer-raw" -> {
                        Run b = baselines ? baseline("producer-raw.baseline", "producer", bootstrap, raw.toString(),
                            "bench_baseline_raw", "raw") : null;
                        Run s = stage(stage, "io.subtrack.producer.raw.ProducerRawCommand", "--bootstrap-server", bootstrap,
                            "--input", raw.toString());
                        rawMessages = s.out;
                        rows.add(new Row(stage, s, "bare KafkaProducer, pre-serialized envelopes, same config", b));
                    }
                    case "consumer-raw" -> {
                        long n = rawMessages; // 0 (producer-raw not run): the consumers stop on their idle timeout
                        Run b = baselines ? baseline("consumer-raw.baseline", "consume-copy", bootstrap,
                            "subscriptions_raw", jdbc, String.valueOf(n)) : null;
                        Run s = stage(stage, "io.subtrack.consumer.raw.ConsumerRawCommand", "--bootstrap-server", bootstrap,
                            "--jdbc-url", jdbc, "--max-messages", String.valueOf(n), "--idle-timeout", "20s");
                        rows.add(new Row(stage, s, "bare KafkaConsumer + one COPY per raw table per poll, commit per poll", b));
                    }
                    case "transformer" -> {
                        List<String> args = new ArrayList<>(List.of("--jdbc-url", jdbc,
                            "--output", cleaned.toString(), "--rejected", workDir.resolve("rejected_records.json").toString(),
                            "--report", workDir.resolve("quality-report").toString()));
                        if (scoring) args.addAll(List.of("--ground-truth", truth.toString()));
                        Run s = stage(stage, "io.subtrack.transformer.TransformerCommand", args.toArray(String[]::new));
                        Run b = baselines ? baseline("transformer.baseline", "jdbc-to-json", jdbc,
                            workDir.resolve("baseline-raw-dump.json").toString()) : null;
                        Files.deleteIfExists(workDir.resolve("baseline-raw-dump.json"));
                        rows.add(new Row(stage, s, "bare SELECT of the raw tables + JSON write", b));
                    }
                    case "producer-processed" -> {
                        Run b = baselines ? baseline("producer-processed.baseline", "producer", bootstrap, cleaned.toString(),
                            "bench_baseline_processed", "processed") : null;
                        Run s = stage(stage, "io.subtrack.producer.processed.ProducerProcessedCommand", "--bootstrap-server",
                            bootstrap, "--input", cleaned.toString());
                        processedMessages = s.out;
                        rows.add(new Row(stage, s, "bare KafkaProducer, pre-serialized envelopes, same config", b));
                    }
                    case "consumer-processed" -> {
                        long n = processedMessages;
                        Run s = stage(stage, "io.subtrack.consumer.processed.ConsumerProcessedCommand", "--bootstrap-server",
                            bootstrap, "--jdbc-url", jdbc, "--max-messages", String.valueOf(n), "--idle-timeout", "20s");
                        Run b = baselines ? baseline("consumer-processed.baseline", "consume-upsert", bootstrap,
                            "subscriptions_processed_data", jdbc, String.valueOf(s.in)) : null;
                        rows.add(new Row(stage, s, "bare KafkaConsumer + per table COPY into a temporary staging table and one"
                            + " INSERT ... SELECT ... ON CONFLICT DO UPDATE, parents first, commit per poll (after the stage: update path)", b));
                    }
                    default -> throw new IllegalStateException(stage);
                }
            }
        } catch (IllegalStateException stageFailed) {
            // still print and write what was measured up to the failure
            failure = stageFailed.getMessage();
            System.out.println("FAILED: " + failure);
        } finally {
            if (db != null) db.close();
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) broker.destroyForcibly();
        }
        double benchWall = (System.nanoTime() - benchStart) / 1e9;
        String table = table(rows, argLine, benchWall, stamp)
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

    /** What the stage and baseline JVMs run with, for the table's header. */
    String heapNote() {
        if (xmx != null) return "-Xmx" + xmx + " (--xmx)";
        StringBuilder sb = new StringBuilder("each module's jvm.options (JVM default where none)");
        for (String stage : STAGES) {
            List<String> o = JvmOptions.of(stage);
            if (!o.isEmpty()) sb.append("; ").append(stage).append(": `").append(String.join(" ", o)).append('`');
        }
        return sb.toString();
    }

    private String table(List<Row> rows, String argLine, double benchWall, String stamp) throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "## Pipeline bench %s: %,d raw records%n%n", stamp, records));
        sb.append("Command: `bench/run ").append(argLine).append("`  \n");
        sb.append(String.format(Locale.ROOT, "Stage JVM heap: %s; %d cores; load average at start/end of each stage in the last column.%n%n",
            heapNote(), Runtime.getRuntime().availableProcessors()));
        sb.append("| stage | records | seconds | records/s | baseline records/s | ratio | peak RSS MB | baseline RSS MB | dev-db RSS MB | baseline dev-db RSS MB | JVM wall s | CPU s | baseline CPU s | load |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double e2e = 0;
        for (Row r : rows) {
            Run s = r.run();
            Run b = r.baseline();
            e2e += s.wall;
            double ratio = b != null && b.rps() > 0 ? s.rps() / b.rps() : Double.NaN;
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %s | %s | %.0f | %s | %.0f | %s | %.2f | %.1f | %s | %s |%n",
                r.stage(), s.in, s.seconds, s.rps(),
                b == null ? "–" : String.format(Locale.ROOT, "%,.0f", b.rps()),
                Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "**%.2f**", ratio),
                s.peakKb / 1024.0, b == null ? "–" : String.format(Locale.ROOT, "%.0f", b.peakKb / 1024.0),
                s.db.rssKb() / 1024.0, b == null ? "–" : String.format(Locale.ROOT, "%.0f", b.db.rssKb() / 1024.0),
                s.wall, s.cpuMs / 1000.0, b == null ? "–" : String.format(Locale.ROOT, "%.1f", b.cpuMs / 1000.0), s.load));
        }
        sb.append(String.format(Locale.ROOT, "%n**End-to-end wall time of the stages: %.1f s** (sum of the stage JVMs' wall times, start-up included, "
            + "as bin/run-pipeline runs them one after another); whole bench incl. broker and baselines: %.1f s.%n%n", e2e, benchWall));
        sb.append("Baselines (same run, same broker and database, child JVMs with the same heap):\n\n");
        for (Row r : rows) {
            if (r.baseline() != null) {
                sb.append(String.format(Locale.ROOT, "- %s: %s — %,d records in %.2f s%n", r.stage(), r.baselineName(),
                    r.baseline().in, r.baseline().seconds));
            }
        }
        sb.append("\nrecords/s = the stage's SUMMARY in= / seconds= (start-up excluded); the ratio is against its baseline's records/s.\n");
        sb.append(String.format(Locale.ROOT, "peak RSS = VmHWM of the stage's (baseline's) JVM. dev-db RSS = the PostgreSQL server's own memory while that JVM ran:"
            + " the postmaster (pid in %s/postmaster.pid) and all its child processes, /proc/<pid>/status VmRSS summed over them, sampled every %d ms,"
            + " peak sample (the dev-db launcher JVM not counted). A summed VmRSS counts the shared buffers once per process that touched them;"
            + " the PSS column below (/proc/<pid>/smaps_rollup Pss summed) counts shared pages once. dev-db CPU s = the server's"
            + " utime+stime over the JVM's run (its processes, and the postmaster's exited children).%n%n", db == null ? "pg" : db.dataDir(), DB_SAMPLE_MS));
        sb.append("| JVM | records/s | JVM CPU s | dev-db CPU s | dev-db peak sum VmRSS MB | dev-db peak sum Pss MB | sum of VmHWM MB (upper bound) | processes (max) | samples |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            for (Run x : r.baseline() == null ? List.of(r.run()) : List.of(r.run(), r.baseline())) {
                if (x.dbSamples == 0 && x.db.processes() == 0) continue;
                sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %s | %.0f | %.0f | %.0f | %d | %d |%n", x.name, x.rps(), x.cpuMs / 1000.0,
                    x.dbCpuMs < 0 ? "?" : String.format(Locale.ROOT, "%.1f", x.dbCpuMs / 1000.0), x.db.rssKb() / 1024.0,
                    x.db.pssKb() / 1024.0, x.db.hwmKb() / 1024.0, x.db.processes(), x.dbSamples));
            }
        }
        return sb.toString();
    }

    Process startBroker() throws IOException {
        List<String> cmd = jvm();
        cmd.addAll(List.of("io.subtrack.devbroker.DevBrokerCommand", "--port", String.valueOf(freePort()),
            "--controller-port", String.valueOf(freePort()), "--data-dir", workDir.resolve("kafka").toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logs.resolve("dev-broker.log").toFile()).start();
    }

    String awaitBroker(Process broker) throws Exception {
        Path log = logs.resolve("dev-broker.log");
        Pattern bootstrap = Pattern.compile("(localhost:\\d+)");
        for (int i = 0; i < 240; i++) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    if (line.contains("READY")) {
                        Matcher m = bootstrap.matcher(line);
                        if (m.find()) return m.group(1);
                    }
                }
            }
            if (!broker.isAlive()) throw new IllegalStateException("dev broker failed; see " + log);
            Thread.sleep(500);
        }
        throw new IllegalStateException("dev broker not ready after 120 s; see " + log);
    }

    private List<String> jvm() {
        return jvm("child");
    }

    /**
     * The child JVM's command start: {@code --xmx} if given, else the options of the module's
     * {@code jvm.options} (what its launcher runs it with; none when the module has no such file);
     * then BENCH_STAGE_JAVA_OPTS, where {name} becomes the child's name (e.g. a JFR file per stage).
     */
    private List<String> jvm(String name) {
        List<String> cmd = new ArrayList<>(List.of(java));
        if (xmx != null) cmd.add("-Xmx" + xmx);
        else cmd.addAll(JvmOptions.of(module(name)));
        String extra = System.getenv("BENCH_STAGE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) cmd.addAll(List.of(extra.trim().replace("{name}", name).split("\\s+")));
        cmd.addAll(List.of("-cp", classpath));
        return cmd;
    }

    /** The module whose jvm.options a child runs with: a stage is its module; a baseline runs as its stage does. */
    static String module(String childName) {
        if (childName.equals("json-copy")) return "generator";
        int dot = childName.indexOf('.');
        return dot < 0 ? childName : childName.substring(0, dot);
    }

    Run stage(String name, String commandClass, String... args) throws Exception {
        List<String> cmd = jvm(name);
        cmd.add(StageRunner.class.getName());
        cmd.add(commandClass);
        cmd.addAll(List.of(args));
        return child(name, cmd);
    }

    private Run baseline(String name, String... args) throws Exception {
        List<String> cmd = jvm(name);
        cmd.add(Baselines.class.getName());
        cmd.addAll(List.of(args));
        return child(name, cmd);
    }

    private Path fieldKey;

    /** The run's field key, made once in the work dir (owner-only), as bin/run-pipeline makes data/field-keys.json. */
    synchronized Path fieldKey() throws Exception {
        if (fieldKey == null) {
            fieldKey = workDir.resolve("field-keys.json");
            if (!Files.exists(fieldKey)) io.subtrack.common.crypto.FieldCipher.create(fieldKey);
        }
        return fieldKey;
    }

    Run child(String name, List<String> cmd) throws Exception {
        Run r = new Run();
        r.name = name;
        String loadBefore = load();
        System.out.printf(Locale.ROOT, "%-28s ... ", name);
        System.out.flush();
        long start = System.nanoTime();
        DevDbServer.Sampler dbMemory = db != null ? db.sampling(DB_SAMPLE_MS) : null;
        long dbCpuBefore = db != null ? db.cpuMs() : -1;
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        // producer-raw encrypts the sensitive fields and the transformer decrypts them, as bin/run-pipeline runs them
        pb.environment().put("SUBTRACK_FIELD_KEY_FILE", fieldKey().toString());
        pb.environment().putIfAbsent("SUBTRACK_LINEAGE_DIR", workDir.resolve("lineage").toString());
        Process p = pb.start();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             PrintWriter log = new PrintWriter(Files.newBufferedWriter(logs.resolve(name + ".log"), StandardCharsets.UTF_8))) {
            log.println("# " + String.join(" ", cmd));
            for (String line; (line = in.readLine()) != null; ) {
                log.println(line);
                Matcher m = SUMMARY.matcher(line);
                if (m.find()) {
                    r.in = Long.parseLong(m.group(2));
                    r.out = Long.parseLong(m.group(3));
                    r.rejected = Long.parseLong(m.group(4));
                    r.seconds = Double.parseDouble(m.group(5));
                }
                Matcher b = BASELINE.matcher(line);
                if (b.find()) {
                    r.in = r.out = Long.parseLong(b.group(1));
                    r.seconds = Double.parseDouble(b.group(2));
                }
                Matcher d = DETAIL.matcher(line);
                if (d.find()) r.details.put(d.group(1), d.group(2).strip());
                Matcher k = PEAK.matcher(line);
                if (k.find()) r.peakKb = Long.parseLong(k.group(1));
                Matcher c = CPU.matcher(line);
                if (c.find()) r.cpuMs = Long.parseLong(c.group(1));
            }
        }
        int exit = p.waitFor();
        r.wall = (System.nanoTime() - start) / 1e9;
        if (dbMemory != null) {
            r.db = dbMemory.stop();
            r.dbSamples = dbMemory.samples();
            long dbCpuAfter = db.cpuMs();
            if (dbCpuBefore >= 0 && dbCpuAfter >= 0) r.dbCpuMs = dbCpuAfter - dbCpuBefore;
        }
        r.load = loadBefore + "/" + load();
        if (exit != 0 || r.seconds < 0) {
            throw new IllegalStateException(name + " failed with exit code " + exit + "; see " + logs.resolve(name + ".log"));
        }
        System.out.printf(Locale.ROOT, "%,12d records %8.2f s %,10.0f rec/s  RSS %6.0f MB  CPU %5.1f s  dev-db RSS %5.0f MB (PSS %4.0f) CPU %5.1f s  wall %6.2f s  load %s%n",
            r.in, r.seconds, r.rps(), r.peakKb / 1024.0, r.cpuMs / 1000.0, r.db.rssKb() / 1024.0, r.db.pssKb() / 1024.0,
            r.dbCpuMs / 1000.0, r.wall, r.load);
        return r;
    }

    private static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** The 1-minute load average: this machine is shared, and the figures mean little without it. */
    static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
