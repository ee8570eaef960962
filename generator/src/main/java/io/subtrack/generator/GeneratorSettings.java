package io.subtrack.generator;

import java.nio.file.Path;
import java.time.LocalDate;

/** Everything that determines the output: the same settings give byte-identical files. */
record GeneratorSettings(TableCounts counts, long seed, LocalDate asOf, double defectRate, Path output, Path groundTruth,
                         int threads, DailyExtract daily) {
    static final LocalDate DEFAULT_AS_OF = LocalDate.of(2025, 6, 1);
    static final long DEFAULT_SEED = 42L;
    static final double DEFAULT_DEFECT_RATE = 0.3;

    /** The first day's extract, as the generator wrote before it wrote days (no day-changes file). */
    GeneratorSettings(TableCounts counts, long seed, LocalDate asOf, double defectRate, Path output, Path groundTruth,
                      int threads) {
        this(counts, seed, asOf, defectRate, output, groundTruth, threads, DailyExtract.FIRST_DAY);
    }

    /** Threads only change the speed, never the bytes: each table has its own random stream. */
    static int defaultThreads() {
        return Math.min(4, Runtime.getRuntime().availableProcessors());
    }

    /** Duplicates, orphans, negative or absurd amounts and inverted dates make a record unusable: fewer of them. */
    double rejectRate() {
        return defectRate / 5;
    }
}
