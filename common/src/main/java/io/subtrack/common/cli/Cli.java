package io.subtrack.common.cli;

import io.subtrack.common.config.DatabaseOptions;
import io.subtrack.common.config.SubtrackDefaults;
import io.subtrack.common.lineage.DatasetRef;
import io.subtrack.common.lineage.LineageOptions;
import io.subtrack.common.lineage.LineageRun;
import io.subtrack.common.run.RecordedStage;
import java.util.LinkedHashMap;
import java.util.Map;
import io.subtrack.common.run.RunRecorder;
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
        cl.setExecutionStrategy(Cli::executeOnRecord);
        return cl;
    }

    /**
     * A stage ({@link RecordedStage}) runs on record: its run's row is written before it starts and completed with
     * the exit code its run ends with, also when it throws (the code the exception handler will give it).
     */
    private static int executeOnRecord(CommandLine.ParseResult parsed) {
        CommandLine cl = parsed.commandSpec().commandLine();
        Object command = cl.getCommand();
        if (!(command instanceof RecordedStage recorded) || !recorded.onRecord() || parsed.isUsageHelpRequested()
            || parsed.isVersionHelpRequested()) {
            return new CommandLine.RunLast().execute(parsed);
        }
        DatabaseOptions db = null;
        LineageOptions lineageOptions = null;
        for (Object mixin : cl.getMixins().values()) {
            if (mixin instanceof DatabaseOptions d) db = d;
            if (mixin instanceof LineageOptions l) lineageOptions = l;
        }
        RecordedStage stage = (RecordedStage) command;
        int code = ExitCode.FAILED;
        Throwable failure = null;
        try (RunRecorder run = RunRecorder.start(cl.getCommandName(), db)) {
            LineageRun lineage = LineageRun.start(lineageOptions, cl.getCommandName(), run.runId(), stage.inputs(), stage.outputs());
            try {
                code = new CommandLine.RunLast().execute(parsed);
            } catch (CommandLine.ExecutionException e) {
                code = exitCodeOf(e);
                failure = e.getCause() != null ? e.getCause() : e;
                throw e;
            } finally {
                run.finish(code);
                // exit 3 wrote every output (a threshold judged the data): the run completed
                if (code == ExitCode.OK || code == ExitCode.THRESHOLD_EXCEEDED) {
                    Map<DatasetRef, Long> rows = new LinkedHashMap<>();
                    for (DatasetRef out : stage.outputs()) rows.put(out, run.recordsOut());
                    lineage.complete(rows, stage.lineageFacets());
                } else if (failure != null) {
                    lineage.fail(failure);
                } else {
                    lineage.fail("exit code " + code);
                }
            }
        }
        return code;
    }

    private static int exitCodeOf(Throwable ex) {
        for (Throwable c = ex; c != null; c = c.getCause()) {
            if (c instanceof StageFailure sf) return sf.exitCode();
        }
        return ExitCode.FAILED;
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
