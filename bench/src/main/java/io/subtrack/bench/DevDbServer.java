package io.subtrack.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One dev-db (PostgreSQL 17) for a benchmark: a child JVM running {@code dev-db/target/dev-db.jar}
 * (as {@code bin/dev-db} runs it, with {@code dev-db/jvm.options} if there is one) on a free port,
 * its data in its own directory. {@link #close} stops it with SIGTERM (dev-db then stops the server
 * cleanly). {@link #sample} measures the server's own memory: the postmaster (pid from
 * {@code postmaster.pid}) and every process below it, which is what PostgreSQL is; the dev-db JVM
 * that launched it is not counted.
 */
final class DevDbServer implements AutoCloseable {
    static final Path JAR = Path.of("dev-db", "target", "dev-db.jar");
    private static final Pattern READY = Pattern.compile("^READY (jdbc:postgresql:\\S+)");

    private final Process process;
    private final Path dataDir;
    private final Path log;
    private final String url;

    private DevDbServer(Process process, Path dataDir, Path log, String url) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.url = url;
    }

    /** Starts dev-db on a free port with its data in {@code dataDir}, its output in {@code log}; waits for READY. */
    static DevDbServer start(String java, Path dataDir, Path log, String... extraArgs) throws Exception {
        if (!Files.isRegularFile(JAR)) throw new IllegalStateException(JAR.toAbsolutePath() + " not found: build first (mvn -DskipTests package)");
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(JvmOptions.of("dev-db"));
        cmd.addAll(List.of("-jar", JAR.toString(), "--port", String.valueOf(freePort()), "--data-dir", dataDir.toString()));
        cmd.addAll(List.of(extraArgs));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 240; i++) {
            if (Files.exists(log)) {
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    Matcher m = READY.matcher(line);
                    if (m.find()) return new DevDbServer(p, dataDir, log, m.group(1));
                }
            }
            if (!p.isAlive()) throw new IllegalStateException("dev-db failed (exit " + p.exitValue() + "); see " + log);
            Thread.sleep(250);
        }
        p.destroy();
        throw new IllegalStateException("dev-db not ready after 60 s; see " + log);
    }

    /** The URL dev-db printed: {@code jdbc:postgresql://localhost:P/subtrack?user=postgres}. */
    String url() {
        return url;
    }

    Path dataDir() {
        return dataDir;
    }

    Optional<Long> postmasterPid() {
        try {
            List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"), StandardCharsets.UTF_8);
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException absent) {
            return Optional.empty();
        }
    }

    /** One reading of the server's processes: summed VmRSS, summed Pss (shared memory counted once), summed VmHWM, how many. */
    record Memory(long rssKb, long pssKb, long hwmKb, int processes) {
        static final Memory NONE = new Memory(0, 0, 0, 0);

        Memory max(Memory o) {
            return new Memory(Math.max(rssKb, o.rssKb), Math.max(pssKb, o.pssKb), Math.max(hwmKb, o.hwmKb),
                Math.max(processes, o.processes));
        }
    }

    /**
     * The postmaster and its descendants (backends, checkpointer, WAL writer, autovacuum...), read
     * from /proc: VmRSS and VmHWM from status, Pss from smaps_rollup. A process that exits between
     * listing and reading is skipped.
     */
    Memory sample() {
        Optional<ProcessHandle> postmaster = postmasterPid().flatMap(ProcessHandle::of);
        if (postmaster.isEmpty()) return Memory.NONE;
        List<ProcessHandle> all = new ArrayList<>();
        all.add(postmaster.get());
        postmaster.get().descendants().forEach(all::add);
        long rss = 0;
        long pss = 0;
        long hwm = 0;
        int n = 0;
        for (ProcessHandle h : all) {
            try {
                long r = -1;
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(h.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) r = kb(line);
                    else if (line.startsWith("VmHWM:")) hwm += kb(line);
                }
                if (r < 0) continue;
                rss += r;
                n++;
                Path rollup = Path.of("/proc", String.valueOf(h.pid()), "smaps_rollup");
                for (String line : Files.readAllLines(rollup)) {
                    if (line.startsWith("Pss:")) {
                        pss += kb(line);
                        break;
                    }
                }
            } catch (IOException | RuntimeException gone) {
                // exited meanwhile
            }
        }
        return new Memory(rss, pss, hwm, n);
    }

    /**
     * CPU time the server has used so far, in ms: utime + stime of the postmaster and every live
     * process below it, plus the postmaster's cutime + cstime (its exited children, e.g. the
     * backend of a client that disconnected). The difference over a stage is the server's share
     * of the work, which depends less on the machine's load than a rate does. -1 when unreadable.
     */
    long cpuMs() {
        Optional<ProcessHandle> postmaster = postmasterPid().flatMap(ProcessHandle::of);
        if (postmaster.isEmpty()) return -1;
        List<ProcessHandle> all = new ArrayList<>();
        all.add(postmaster.get());
        postmaster.get().descendants().forEach(all::add);
        long ticks = 0;
        for (ProcessHandle h : all) {
            try {
                String stat = Files.readString(Path.of("/proc", String.valueOf(h.pid()), "stat"));
                // fields after the command name in parentheses: state is field 3; utime 14, stime 15, cutime 16, cstime 17
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                if (h.pid() == postmaster.get().pid()) ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
            } catch (IOException | RuntimeException gone) {
                // exited meanwhile: its time is in the postmaster's cutime once reaped
            }
        }
        return ticks * 1000 / CLOCK_TICKS;
    }

    /** USER_HZ: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
    private static final long CLOCK_TICKS = 100;

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("\\D", ""));
    }

    /** Samples {@link #sample} every {@code periodMs} on a daemon thread until {@link Sampler#stop}; keeps the peak of each sum. */
    Sampler sampling(long periodMs) {
        Sampler s = new Sampler(periodMs);
        s.thread.start();
        return s;
    }

    final class Sampler {
        private final Thread thread;
        private volatile boolean running = true;
        private volatile Memory peak = Memory.NONE;
        private volatile int samples;

        private Sampler(long periodMs) {
            thread = new Thread(() -> {
                while (running) {
                    peak = peak.max(sample());
                    samples++;
                    try {
                        Thread.sleep(periodMs);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "dev-db-rss-sampler");
            thread.setDaemon(true);
        }

        /** Stops sampling (after one last reading) and returns the peaks. */
        Memory stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(5000);
            peak = peak.max(sample());
            return peak;
        }

        int samples() {
            return samples;
        }
    }

    /** SIGTERM to dev-db, which stops PostgreSQL cleanly; forced only if it does not exit within 60 s. */
    @Override
    public void close() throws InterruptedException {
        Optional<ProcessHandle> postmaster = postmasterPid().flatMap(ProcessHandle::of);
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            System.err.println("dev-db did not stop within 60 s; killing it (see " + log + ")");
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        // dev-db's pg_ctl stop waits for the postmaster; if dev-db was killed, stop the orphan (SIGTERM: smart shutdown)
        if (postmaster.isPresent() && postmaster.get().isAlive()) {
            postmaster.get().destroy();
            postmaster.get().onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).join();
        }
    }

    static int freePort() throws IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
