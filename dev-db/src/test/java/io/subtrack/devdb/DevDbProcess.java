package io.subtrack.devdb;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dev-db program in a JVM of its own, as {@code bin/dev-db} runs it (same main class, this
 * module's class path), its output in a file: what a test kills with SIGKILL and starts again.
 */
final class DevDbProcess {
    private static final Pattern READY = Pattern.compile("(?m)^READY (jdbc:postgresql:\\S+)");

    final Process process;
    final Path output;
    final long startedAt = System.nanoTime();

    private DevDbProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    static DevDbProcess start(Path output, Path dataDir, int port) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        // C1 only: the launcher lives seconds, and its C2 compilations would compete with PostgreSQL's start for the CPU
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(DevDbCommand.class.getName());
        cmd.addAll(List.of("--port", String.valueOf(port), "--data-dir", dataDir.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        return new DevDbProcess(p, output);
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** Waits for the READY line; fails if the program exits first or the deadline passes. Returns the URL. */
    String awaitReady(Duration within) {
        return await(within, "READY from dev-db", () -> {
            Matcher m = READY.matcher(output());
            if (m.find()) return Optional.of(m.group(1));
            if (!process.isAlive()) throw new AssertionError("dev-db exited " + process.exitValue() + " before READY:\n" + output());
            return Optional.empty();
        }, this::output);
    }

    /** Waits for the program to exit; returns its exit code. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("dev-db still running after " + within.toSeconds() + " s:\n" + output());
        }
        return process.exitValue();
    }

    double secondsSinceStart() {
        return (System.nanoTime() - startedAt) / 1e9;
    }

    /** SIGTERM (dev-db then stops PostgreSQL cleanly), SIGKILL if it has not exited within 60 s. */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }

    /** Polls {@code probe} every 20 ms until it gives a value; fails with {@code describe} once {@code within} has passed. */
    static <T> T await(Duration within, String what, Supplier<Optional<T>> probe, Supplier<String> describe) {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent()) return v.get();
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + within.toMillis() + " ms:\n" + describe.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
