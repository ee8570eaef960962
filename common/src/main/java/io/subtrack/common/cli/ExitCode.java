package io.subtrack.common.cli;

/** Exit codes shared by every SubTrack program (SPEC section 8). */
public final class ExitCode {
    public static final int OK = 0;
    /** The run failed: bad input data, an unreachable broker or database, a record not acknowledged. */
    public static final int FAILED = 1;
    /** Bad usage: unknown option, invalid option value. */
    public static final int USAGE = 2;
    /** The run completed and wrote every output, but a data-quality threshold was exceeded. */
    public static final int THRESHOLD_EXCEEDED = 3;

    private ExitCode() {}
}
