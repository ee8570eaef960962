package io.subtrack.bench;

import io.subtrack.common.cli.Cli;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Child-JVM entry point of {@link PipelineBench}: runs one stage command exactly as its own
 * launcher would ({@code Cli.execute(new XCommand(), args)}), then prints the process's peak
 * resident set ({@code VmHWM} from /proc/self/status) and CPU time, and exits with the command's
 * exit code. Usage: {@code StageRunner <command class> [command args...]}. Its JVM options are
 * the parent's choice: the stage module's {@code jvm.options} (as the stage's launcher) unless
 * {@code --xmx} was given ({@link JvmOptions}); {@link Baselines} runs with its stage's.
 */
public final class StageRunner {
    private StageRunner() {}

    public static void main(String[] args) throws Exception {
        Object command = Class.forName(args[0]).getDeclaredConstructor().newInstance();
        int exit = Cli.execute(command, Arrays.copyOfRange(args, 1, args.length));
        System.out.flush();
        reportResources();
        System.exit(exit);
    }

    /** PEAK_RSS_KB=... and CPU_MS=... lines, read by the parent. */
    static void reportResources() throws java.io.IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) System.out.println("PEAK_RSS_KB=" + line.replaceAll("\\D", ""));
        }
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            System.out.println("CPU_MS=" + os.getProcessCpuTime() / 1_000_000);
        }
        System.out.flush();
    }
}
