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
    /**
     * A consumer's scripted run (--idle-timeout) stopped with records of its topic not loaded:
     * --max-wait passed without progress, partitions held by other members (docs/consumer-groups.md).
     * What it loaded is loaded and committed; the summary gives the lag left per partition.
     */
    public static final int RECORDS_LEFT = 4;

    private ExitCode() {}
}
