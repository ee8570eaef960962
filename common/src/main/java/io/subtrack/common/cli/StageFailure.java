package io.subtrack.common.cli;

/**
 * A failure whose message is meant for the operator as one line (no stack trace):
 * an unreachable broker, a malformed input file, a record not acknowledged.
 */
public class StageFailure extends RuntimeException {
    private final int exitCode;

    public StageFailure(String message) {
        this(message, null, ExitCode.FAILED);
    }

    public StageFailure(String message, Throwable cause) {
        this(message, cause, ExitCode.FAILED);
    }

    public StageFailure(String message, Throwable cause, int exitCode) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
