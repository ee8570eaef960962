package io.subtrack.generator;

import io.subtrack.common.cli.Progress;

/** Lets the table workers report to one progress display; they call it once per 4096 records. */
final class SharedProgress {
    private final Progress progress;

    SharedProgress(Progress progress) {
        this.progress = progress;
    }

    synchronized void add(long records) {
        if (records > 0) progress.stepBy(records);
    }
}
