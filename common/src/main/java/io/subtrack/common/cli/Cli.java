package io.subtrack.common.cli;

import io.subtrack.common.config.SubtrackDefaults;
import picocli.CommandLine;

/**
 * Runs a picocli command the same way for every program: defaults from environment and properties
 * file, exit 2 on bad usage, exit 1 with a one-line reason on a failure (stack trace only with
 * SUBTRACK_DEBUG=1).
 */
public final class Cli {
    private Cli() {}

    public static CommandLine commandLine(Object command) {
        CommandLine cl = new CommandLine(command);
        cl.setDefaultValueProvider(new SubtrackDefaults(cl));
        // bad usage: the reason, then the usage, whatever picocli would otherwise suggest instead
        cl.setParameterExceptionHandler((ex, args) -> {
            CommandLine c = ex.getCommandLine();
            c.getErr().println(c.getCommandName() + ": " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, c.getErr());
            c.usage(c.getErr());
            return ExitCode.USAGE;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            Throwable t = ex;
            StageFailure failure = null;
            for (Throwable c = ex; c != null; c = c.getCause()) {
                if (c instanceof StageFailure sf) { failure = sf; break; }
            }
            String name = commandLine.getCommandName();
            if (failure != null) {
                commandLine.getErr().println(name + ": " + failure.getMessage());
            } else {
                commandLine.getErr().println(name + ": failed: " + oneLine(t));
            }
            if ("1".equals(System.getenv("SUBTRACK_DEBUG"))) {
                t.printStackTrace(commandLine.getErr());
            }
            return failure != null ? failure.exitCode() : ExitCode.FAILED;
        });
        return cl;
    }

    /** Parses and runs; returns the exit code. */
    public static int execute(Object command, String... args) {
        return commandLine(command).execute(args);
    }

    public static void main(Object command, String... args) {
        System.exit(execute(command, args));
    }

    static String oneLine(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (sb.length() > 0) sb.append(": ");
            String msg = c.getMessage();
            sb.append(msg == null ? c.getClass().getSimpleName() : msg.replace('\n', ' '));
            if (c.getCause() == c) break;
        }
        return sb.toString();
    }
}
