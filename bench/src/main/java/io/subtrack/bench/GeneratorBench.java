package io.subtrack.bench;

import io.subtrack.common.cli.Cli;
import io.subtrack.generator.GeneratorCommand;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Generator throughput and peak memory at several volumes. Each volume runs in a child JVM capped
 * at -Xmx256m (the memory bound under test), which reports its own peak resident set (VmHWM) once
 * the generator has finished. Usage:
 * {@code GeneratorBench [records...] [--xmx 256m] [--threads n] [--dir <scratch dir>] [--keep]};
 * default volumes 100k, 1M and 10M records, default heap cap 256m, default generator threads.
 */
public final class GeneratorBench {
    /** Distinct records the generator writes at --scale 1 (the original's default volumes). */
    private static final double RECORDS_AT_SCALE_ONE = 1670.0;
    private static final Pattern SUMMARY =
        Pattern.compile("SUMMARY stage=generator in=(\\d+) out=\\d+ rejected=\\d+ seconds=([0-9.]+)");
    private static final Pattern PEAK = Pattern.compile("PEAK_RSS_KB=(\\d+)");
    private static final Pattern HEAP_PEAK = Pattern.compile("PEAK_HEAP_KB=(\\d+)");
    private static final Pattern CPU = Pattern.compile("CPU_MS=(\\d+)");

    private GeneratorBench() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--child")) {
            child(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        List<Long> volumes = new ArrayList<>();
        Path scratch = Path.of("target", "generator-bench");
        boolean keep = false;
        String heap = "256m";
        String threads = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--dir")) scratch = Path.of(args[++i]);
            else if (args[i].equals("--keep")) keep = true;
            else if (args[i].equals("--xmx")) heap = args[++i];
            else if (args[i].equals("--threads")) threads = args[++i];
            else volumes.add(Long.parseLong(args[i].replace("_", "")));
        }
        if (volumes.isEmpty()) volumes = List.of(100_000L, 1_000_000L, 10_000_000L);
        Files.createDirectories(scratch);
        System.out.printf(Locale.ROOT, "child JVM: -Xmx%s, generator threads: %s, cores: %d%n", heap,
            threads == null ? "default" : threads, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "%-12s %12s %9s %11s %9s %12s %8s %8s %9s %9s %7s%n", "target", "records", "seconds",
            "records/s", "CPU s", "rec/CPU-s", "RSS MB", "heap MB", "out MB", "truth MB", "load");
        for (long target : volumes) {
            Path dir = Files.createTempDirectory(scratch, "run-");
            try {
                runOne(target, dir, heap, threads);
            } finally {
                if (!keep) deleteTree(dir);
            }
        }
    }

    private static void runOne(long target, Path dir, String heap, String threads) throws IOException, InterruptedException {
        double scale = target / RECORDS_AT_SCALE_ONE;
        Path output = dir.resolve("raw_data_output.json");
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap,
            "-cp", System.getProperty("java.class.path"), GeneratorBench.class.getName(), "--child",
            "--scale", String.format(Locale.ROOT, "%.6f", scale), "--seed", "42", "--output", output.toString()));
        if (threads != null) command.addAll(List.of("--threads", threads));
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        long start = System.nanoTime();
        Process p = pb.start();
        long records = -1;
        double seconds = -1;
        long peakKb = -1;
        long heapKb = -1;
        long cpuMs = -1;
        String loadBefore = load();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                Matcher m = SUMMARY.matcher(line);
                if (m.find()) {
                    records = Long.parseLong(m.group(1));
                    seconds = Double.parseDouble(m.group(2));
                }
                Matcher k = PEAK.matcher(line);
                if (k.find()) peakKb = Long.parseLong(k.group(1));
                Matcher h = HEAP_PEAK.matcher(line);
                if (h.find()) heapKb = Long.parseLong(h.group(1));
                Matcher c = CPU.matcher(line);
                if (c.find()) cpuMs = Long.parseLong(c.group(1));
            }
        }
        int exit = p.waitFor();
        double wall = (System.nanoTime() - start) / 1e9;
        if (exit != 0 || records < 0) throw new IllegalStateException("generator child failed with exit " + exit);
        double cpu = cpuMs / 1000.0;
        System.out.printf(Locale.ROOT, "%-12s %,12d %9.2f %,11.0f %9.2f %,12.0f %8.1f %8.1f %9.1f %9.1f %7s   (child JVM wall incl. startup %.2f s)%n",
            String.format(Locale.ROOT, "%,d", target), records, seconds, records / seconds, cpu, records / cpu,
            peakKb / 1024.0, heapKb / 1024.0, Files.size(output) / 1e6, Files.size(dir.resolve("ground_truth.jsonl")) / 1e6,
            loadBefore, wall);
    }

    /** The 1-minute load average: this machine is shared, and the figures mean little without it. */
    private static String load() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }

    /** Runs the generator in this (capped) JVM, then reports the peak resident set of the whole process. */
    private static void child(String[] generatorArgs) throws IOException {
        int exit = Cli.execute(new GeneratorCommand(), generatorArgs);
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) System.out.println("PEAK_RSS_KB=" + line.replaceAll("\\D", ""));
        }
        long heapPeak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) heapPeak += pool.getPeakUsage().getUsed();
        }
        System.out.println("PEAK_HEAP_KB=" + heapPeak / 1024);
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            System.out.println("CPU_MS=" + os.getProcessCpuTime() / 1_000_000);
        }
        System.out.flush();
        System.exit(exit);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }

}
