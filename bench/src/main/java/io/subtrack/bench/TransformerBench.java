package io.subtrack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.subtrack.common.cli.Progress;
import io.subtrack.common.json.Json;
import io.subtrack.common.json.TableFileReader;
import io.subtrack.common.json.TableFileWriter;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.Transformer;
import io.subtrack.transformer.source.FileRawSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Transformer throughput against a bare pass over the same raw rows, in the same JVM run.
 *
 * <p>Input: the shared fixture replicated with renumbered ids (every replica is FK-consistent with
 * itself, duplicates and defects included) up to the requested record count, written once as a raw
 * JSON file. Bare pass: read that file record by record and write every record back as JSON. Then the
 * transformer (file mode) on the same file. Prints records/s of both, the ratio, and the peak heap.
 *
 * <p>Usage: {@code TransformerBench FIXTURE RECORDS WORKDIR [transformer-only | db]}. With {@code db} the
 * raw file is first loaded by COPY into dev-db (PostgreSQL 17, the embedded default; a child JVM from
 * dev-db/target/dev-db.jar, data in WORKDIR/pg, stopped at the end) and both passes read the raw tables:
 * the bare pass selects every row of every raw table and writes it as JSON ({@link DbBench}).
 *
 * <p>The measurement runs in a child JVM started with the transformer's default JVM options
 * ({@code transformer/jvm.options}, the options its launcher applies), so heap and memory figures are
 * those of the real program. {@code -Dbench.jvmOptions="..."} replaces them ({@code none}: no options).
 */
public final class TransformerBench {
    private static final Set<String> ID_FIELDS = Set.of("userId", "idFournisseur", "idAbonnement", "idPaiement", "idNotification", "idJournal");

    static final String CHILD = "bench.child";

    public static void main(String[] args) throws Exception {
        if (System.getProperty(CHILD) == null) {
            System.exit(relaunch(TransformerBench.class, args));
        }
        Path fixture = Path.of(args[0]);
        long records = Long.parseLong(args[1].replace("_", ""));
        Path work = Path.of(args[2]);
        boolean transformerOnly = args.length > 3 && args[3].equals("transformer-only");
        if (args.length > 3 && args[3].equals("db")) {
            DbBench.run(fixture, records, work);
            return;
        }
        Files.createDirectories(work);
        Path raw = work.resolve("raw_" + records + ".json");
        if (!Files.exists(raw)) {
            long t0 = System.nanoTime();
            long written = synthesize(fixture, records, raw);
            System.out.printf(Locale.ROOT, "synthesized %,d raw records in %.1f s -> %s (%,d MB)%n", written,
                (System.nanoTime() - t0) / 1e9, raw, Files.size(raw) >> 20);
        }
        double bareRate = 0;
        if (!transformerOnly) {
            long t0 = System.nanoTime();
            double c0 = cpuSeconds();
            long n = barePass(raw, work.resolve("bare_output.json"));
            double secs = (System.nanoTime() - t0) / 1e9;
            bareRate = n / secs;
            System.out.printf(Locale.ROOT, "bare pass   : %,d records in %.2f s = %,.0f records/s, CPU %.1f s%n", n, secs, bareRate,
                cpuSeconds() - c0);
        }
        resetPeaks();
        long t0 = System.nanoTime();
        double c0 = cpuSeconds();
        Transformer t = new Transformer(Map.of(), null, new Progress("bench", 0, new PrintStream(new ByteArrayOutputStream()), false));
        try (FileRawSource source = new FileRawSource(raw)) {
            t.run(source, work.resolve("cleaned_data_output.json"), work.resolve("rejected_records.json"));
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long in = t.stats().totalIn();
        double rate = in / secs;
        System.out.printf(Locale.ROOT, "transformer : %,d records in %.2f s = %,.0f records/s, CPU %.1f s (out %,d, quarantined %,d)%n",
            in, secs, rate, cpuSeconds() - c0, t.stats().totalOut(), t.stats().totalQuarantined());
        if (!transformerOnly) System.out.printf(Locale.ROOT, "ratio transformer / bare pass = %.2f%n", rate / bareRate);
        System.out.printf(Locale.ROOT, "speed-up over the pandas transformer (26,000 records/s) = %.1fx%n", rate / 26_000);
        System.out.printf(Locale.ROOT, "peak heap used during the transformer run = %,d MB (max heap %,d MB)%n",
            peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20);
        printProcess();
    }

    /**
     * Runs {@code main} of the class in a child JVM with the transformer's default JVM options and this
     * JVM's class path; returns its exit code.
     */
    static int relaunch(Class<?> main, String[] args) throws Exception {
        String options = System.getProperty("bench.jvmOptions");
        if (options == null) {
            Path file = Path.of("transformer/jvm.options");
            if (!Files.exists(file)) throw new IllegalStateException("run from the repository root: " + file + " not found");
            options = Files.readString(file).strip();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (!options.equals("none")) cmd.addAll(List.of(options.split("\\s+")));
        cmd.add("-D" + CHILD + "=1");
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        System.out.println("child JVM options: " + (options.equals("none") ? "(none)" : options));
        return new ProcessBuilder(cmd).inheritIO().start().waitFor();
    }

    /** CPU seconds of a phase: process CPU time (all threads, the collector's included). */
    static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    /** Peak resident set of this JVM (VmHWM) and its CPU time so far, and the load average. */
    static void printProcess() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                System.out.printf(Locale.ROOT, "peak RSS of this JVM (bare pass included) = %,d MB%n", Long.parseLong(line.replaceAll("\\D", "")) >> 10);
            }
        }
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
    }

    static long synthesize(Path fixture, long target, Path out) throws Exception {
        Map<String, List<ObjectNode>> byTable = new LinkedHashMap<>();
        try (TableFileReader r = new TableFileReader(fixture, n -> RawTable.byName(n) != null)) {
            TableFileReader.Entry e;
            while ((e = r.next()) != null) byTable.computeIfAbsent(e.table(), k -> new ArrayList<>()).add(e.record());
        }
        long perReplica = byTable.values().stream().mapToLong(List::size).sum();
        long replicas = (target + perReplica - 1) / perReplica;
        long written = 0;
        try (TableFileWriter w = new TableFileWriter(out, false)) {
            for (Map.Entry<String, List<ObjectNode>> t : byTable.entrySet()) {
                w.startTable(t.getKey());
                long tableTarget = target * t.getValue().size() / perReplica;
                long n = 0;
                outer:
                for (long rep = 0; rep < replicas; rep++) {
                    for (ObjectNode rec : t.getValue()) {
                        if (n++ >= tableTarget) break outer;
                        w.write(renumber(rec, rep));
                        written++;
                    }
                }
            }
            w.commit();
        }
        return written;
    }

    /** Ids like USR00001 become USR + replica * 10^6 + number, 9 digits, so every replica is its own consistent world. */
    static ObjectNode renumber(ObjectNode rec, long replica) {
        if (replica == 0) return rec;
        ObjectNode copy = rec.deepCopy();
        for (String f : ID_FIELDS) {
            JsonNode v = copy.get(f);
            if (v != null && v.isTextual()) {
                String s = v.asText();
                if (s.length() > 3 && s.substring(3).chars().allMatch(Character::isDigit)) {
                    long num = Long.parseLong(s.substring(3));
                    copy.set(f, TextNode.valueOf(s.substring(0, 3) + String.format(Locale.ROOT, "%09d", replica * 1_000_000 + num)));
                }
            }
        }
        JsonNode rawId = copy.get("raw_id");
        if (rawId != null && rawId.canConvertToLong()) copy.put("raw_id", replica * 1_000_000 + rawId.asLong());
        return copy;
    }

    static long barePass(Path raw, Path out) throws Exception {
        long n = 0;
        try (TableFileReader r = new TableFileReader(raw, name -> RawTable.byName(name) != null);
             TableFileWriter w = new TableFileWriter(out, false)) {
            String table = null;
            TableFileReader.Entry e;
            while ((e = r.next()) != null) {
                if (!e.table().equals(table)) {
                    table = e.table();
                    w.startTable(table);
                }
                w.write(e.record());
                n++;
            }
            w.commit();
        }
        return n;
    }

    static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) p.resetPeakUsage();
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }

    private TransformerBench() {}
}
