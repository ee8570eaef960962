package io.subtrack.bench;

import io.subtrack.common.pipeline.PipelineStages;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts the bench's child JVMs (the stages, their baselines, the dev broker) on the bench's class
 * path, each with the JVM options its module's launcher uses, and reads what each reports: its
 * SUMMARY or BASELINE line, peak RSS and CPU; meanwhile it samples the dev-db server's memory and
 * CPU. Each child's output goes to {@code <work dir>/logs/<name>.log}.
 */
final class ChildJvms {
    private static final Pattern SUMMARY = Pattern.compile("^SUMMARY stage=(\\S+) in=(\\d+) out=(\\d+) rejected=(\\d+) seconds=([0-9.]+)");
    private static final Pattern BASELINE = Pattern.compile("^BASELINE records=(\\d+) seconds=([0-9.]+)");
    private static final Pattern PEAK = Pattern.compile("^PEAK_RSS_KB=(\\d+)");
    private static final Pattern CPU = Pattern.compile("^CPU_MS=(\\d+)");
    /** A StageSummary detail line: {@code "  new             : 1234"}. */
    private static final Pattern DETAIL = Pattern.compile("^  ([a-z][a-z ]*?) *: (.+)$");
    /** How often the dev-db's processes are read while a child JVM runs. */
    static final long DB_SAMPLE_MS = 250;

    final Path workDir;
    final Path logs;
    /** --xmx for every child; null: each module's jvm.options. */
    final String xmx;
    final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private final String classpath = System.getProperty("java.class.path");
    /** The dev-db server the children use, sampled while each runs (null: none running). */
    DevDbServer db;
    private Path fieldKey;

    /** Children whose data and logs go under {@code workDir}, which must exist. */
    ChildJvms(Path workDir, String xmx) throws IOException {
        this.workDir = workDir;
        this.logs = Files.createDirectories(workDir.resolve("logs"));
        this.xmx = xmx;
    }

    /** What the stage and baseline JVMs run with, for the bench's output. */
    String heapNote() {
        if (xmx != null) return "-Xmx" + xmx + " (--xmx)";
        StringBuilder sb = new StringBuilder("each module's jvm.options (JVM default where none)");
        for (String stage : PipelineStages.stageNames()) {
            List<String> o = JvmOptions.of(stage);
            if (!o.isEmpty()) sb.append("; ").append(stage).append(": `").append(String.join(" ", o)).append('`');
        }
        return sb.toString();
    }

    Process startBroker() throws IOException {
        List<String> cmd = jvm("child");
        cmd.addAll(List.of("io.subtrack.devbroker.DevBrokerCommand", "--port", String.valueOf(freePort()),
            "--controller-port", String.valueOf(freePort()), "--data-dir", workDir.resolve("kafka").toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logs.resolve("dev-broker.log").toFile()).start();
    }

    /** The broker's bootstrap address once its log says READY. */
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

    /** A stage's command in a child JVM, as its launcher runs it ({@link StageRunner}). */
    ChildRun stage(String name, String commandClass, String... args) throws Exception {
        List<String> cmd = jvm(name);
        cmd.add(StageRunner.class.getName());
        cmd.add(commandClass);
        cmd.addAll(List.of(args));
        return child(name, cmd);
    }

    /** A bare baseline in a child JVM ({@link Baselines}). */
    ChildRun baseline(String name, String... args) throws Exception {
        List<String> cmd = jvm(name);
        cmd.add(Baselines.class.getName());
        cmd.addAll(List.of(args));
        return child(name, cmd);
    }

    /** The run's field key, made once in the work dir (owner-only), as bin/run-pipeline makes data/field-keys.json. */
    synchronized Path fieldKey() throws Exception {
        if (fieldKey == null) {
            fieldKey = workDir.resolve("field-keys.json");
            if (!Files.exists(fieldKey)) io.subtrack.common.crypto.FieldCipher.create(fieldKey);
        }
        return fieldKey;
    }

    private ChildRun child(String name, List<String> cmd) throws Exception {
        ChildRun r = new ChildRun();
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
                read(line, r);
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

    /** One line of a child's output: its SUMMARY or BASELINE, detail lines, peak RSS, CPU. */
    static void read(String line, ChildRun r) {
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
}
