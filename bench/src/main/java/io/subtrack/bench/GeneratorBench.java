package io.subtrack.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Generator throughput and peak memory at several volumes, as a user gets them: each run is the
 * real program ({@code java <generator/jvm.options> -jar generator/target/generator.jar ...}) in a
 * fresh process, timed from launch to exit by {@code /usr/bin/time} (wall, user + system CPU, peak
 * resident set of the whole process), JVM start-up included. The generator's own SUMMARY seconds
 * (from its start to both files committed, JVM start-up excluded) are reported beside it, labelled
 * in-process. Usage:
 * {@code GeneratorBench [records...] [--repeat n] [--xmx 128m] [--jvm-options "..."] [--threads n]
 * [--jar generator/target/generator.jar] [--options-file generator/jvm.options] [--dir scratch] [--keep]};
 * run from the repository root. {@code --xmx} replaces the heap cap of the options file,
 * {@code --jvm-options} replaces the whole file. Default volumes 100k, 1M and 10M records.
 */
public final class GeneratorBench {
    /** Distinct records the generator writes at --scale 1 (the original's default volumes). */
    private static final double RECORDS_AT_SCALE_ONE = 1670.0;
    private static final Pattern SUMMARY =
        Pattern.compile("SUMMARY stage=generator in=(\\d+) out=\\d+ rejected=\\d+ seconds=([0-9.]+)");
    private static final Pattern TIME =
        Pattern.compile("BENCH_TIME wall=([0-9.]+) user=([0-9.]+) sys=([0-9.]+) maxrss_kb=(\\d+)");

    private GeneratorBench() {}

    private record Run(long records, double wall, double cpu, double rssMb, double inProcess, double outMb,
                       double truthMb, String load) {}

    public static void main(String[] args) throws Exception {
        List<Long> volumes = new ArrayList<>();
        Path scratch = Path.of("target", "generator-bench");
        Path jar = Path.of("generator", "target", "generator.jar");
        Path optionsFile = Path.of("generator", "jvm.options");
        boolean keep = false;
        String heap = null;
        String jvmOptions = null;
        String threads = null;
        int repeat = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dir" -> scratch = Path.of(args[++i]);
                case "--keep" -> keep = true;
                case "--xmx" -> heap = args[++i];
                case "--jvm-options" -> jvmOptions = args[++i];
                case "--threads" -> threads = args[++i];
                case "--jar" -> jar = Path.of(args[++i]);
                case "--options-file" -> optionsFile = Path.of(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                default -> volumes.add(Long.parseLong(args[i].replace("_", "")));
            }
        }
        if (volumes.isEmpty()) volumes = List.of(100_000L, 1_000_000L, 10_000_000L);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " missing: run from the repository root after "
                + "mvn -B -ntp -q -pl bench -am package -DskipTests, or give --jar");
        }
        if (!Files.isExecutable(Path.of("/usr/bin/time"))) {
            throw new IllegalStateException("/usr/bin/time (GNU time) is needed to measure the child's CPU time and peak memory");
        }
        List<String> jvm = new ArrayList<>(Arrays.asList(
            (jvmOptions != null ? jvmOptions : Files.readString(optionsFile, StandardCharsets.UTF_8)).trim().split("\\s+")));
        jvm.removeIf(String::isEmpty);
        if (heap != null) {
            jvm.removeIf(o -> o.startsWith("-Xmx"));
            jvm.add("-Xmx" + heap);
        }
        Files.createDirectories(scratch);
        System.out.printf(Locale.ROOT, "JVM options: %s%s; generator threads: %s; cores: %d; java: %s%n", String.join(" ", jvm),
            jvmOptions != null ? " (--jvm-options)" : heap != null ? " (" + optionsFile + ", -Xmx from --xmx)" : " (" + optionsFile + ")",
            threads == null ? "default" : threads, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        System.out.println("wall, records/s, CPU and RSS: the whole generator process (JVM start-up included); "
            + "in-process: the generator's own SUMMARY seconds");
        System.out.printf(Locale.ROOT, "%-12s %12s %8s %11s %8s %8s %11s %16s %8s %9s %6s%n", "target", "records", "wall s",
            "records/s", "CPU s", "RSS MB", "in-proc s", "in-proc rec/s", "out MB", "truth MB", "load");
        for (long target : volumes) {
            List<Run> runs = new ArrayList<>();
            for (int k = 0; k < repeat; k++) {
                Path dir = Files.createTempDirectory(scratch, "run-");
                try {
                    Run run = runOne(target, dir, jar, jvm, threads);
                    runs.add(run);
                    print(String.format(Locale.ROOT, "%,d", target), run);
                } finally {
                    if (!keep) deleteTree(dir);
                }
            }
            if (repeat > 1) {
                print("  median", new Run(runs.get(0).records(), median(runs, Run::wall), median(runs, Run::cpu),
                    median(runs, Run::rssMb), median(runs, Run::inProcess), runs.get(0).outMb(), runs.get(0).truthMb(), ""));
            }
        }
    }

    private static void print(String label, Run r) {
        System.out.printf(Locale.ROOT, "%-12s %,12d %8.2f %,11.0f %8.2f %8.1f %11.2f %,16.0f %8.1f %9.1f %6s%n", label,
            r.records(), r.wall(), r.records() / r.wall(), r.cpu(), r.rssMb(), r.inProcess(), r.records() / r.inProcess(),
            r.outMb(), r.truthMb(), r.load());
    }

    private static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static Run runOne(long target, Path dir, Path jar, List<String> jvm, String threads)
            throws IOException, InterruptedException {
        double scale = target / RECORDS_AT_SCALE_ONE;
        Path output = dir.resolve("raw_data_output.json");
        Path stdout = dir.resolve("stdout.txt");
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of("/usr/bin/time", "-f",
            "BENCH_TIME wall=%e user=%U sys=%S maxrss_kb=%M",
            Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvm);
        command.addAll(List.of("-jar", jar.toString(), "--scale", String.format(Locale.ROOT, "%.6f", scale),
            "--seed", "42", "--output", output.toString()));
        if (threads != null) command.addAll(List.of("--threads", threads));
        String load = load();
        // Output to files, not pipes: the child must never wait on this process reading.
        Process p = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        int exit = p.waitFor();
        String out = Files.readString(stdout);
        String err = Files.readString(stderr);
        Matcher s = SUMMARY.matcher(out);
        Matcher t = TIME.matcher(err);
        if (exit != 0 || !s.find() || !t.find()) {
            throw new IllegalStateException("generator run failed with exit " + exit + ":\n" + out + err);
        }
        long records = Long.parseLong(s.group(1));
        double cpu = Double.parseDouble(t.group(2)) + Double.parseDouble(t.group(3));
        return new Run(records, Double.parseDouble(t.group(1)), cpu, Long.parseLong(t.group(4)) / 1024.0,
            Double.parseDouble(s.group(2)), Files.size(output) / 1e6, Files.size(dir.resolve("ground_truth.jsonl")) / 1e6, load);
    }

    /** The 1-minute load average: this machine is shared, and the figures mean little without it. */
    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
