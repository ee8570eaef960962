package io.subtrack.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A SubTrack program in a JVM of its own, for behaviour across process boundaries (crash, group splits). */
final class ChildProcess {
    final Process process;
    final Path log;

    private ChildProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(Path log, Class<?> main, String... given) throws IOException {
        String[] args = FieldKeys.withKey(main, given); // producer-raw and the transformer get the test field key
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        // C1 only: these JVMs live seconds to a minute, and on a 2-core machine the C2 compiler's start-up
        // work competes with the program (and the other processes of the test) for the CPU
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new ChildProcess(p, log);
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** The value of key in the child's SUMMARY line. */
    long summary(String key) throws IOException {
        return new EmbeddedStack.Run(process.exitValue(), output()).summary(key);
    }
}
