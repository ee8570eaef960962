package io.subtrack.common.run;

/**
 * A pipeline stage whose runs go on record (subtrack_runs) in the database its {@code DatabaseOptions} mixin names:
 * {@code Cli} starts the record before the stage runs and completes it with the exit code, whatever the exit.
 */
public interface RecordedStage {}
