package io.subtrack.generator;

import java.util.SplittableRandom;

/** What every table writer of one run shares: the counts, ids, references, text pools, defect rates and the as-of clock. */
final class GeneratorContext {
    /** Extraction stamps and event times lie in the last 150 days before as-of. */
    private static final int RECENT_DAYS = 150;
    /** Payment and subscription start dates lie in the last year before as-of. */
    private static final int HISTORY_DAYS = 365;

    final TableCounts counts;
    final Ids ids;
    final References references;
    final TextPools pools;
    final long asOfDay;
    private final long asOfSecond;
    private final double rate;
    private final double rejectRate;

    GeneratorContext(GeneratorSettings settings, TextPools pools) {
        this.counts = settings.counts();
        this.ids = new Ids(counts);
        this.references = new References(counts, settings.seed());
        this.pools = pools;
        this.asOfDay = settings.asOf().toEpochDay();
        this.asOfSecond = asOfDay * Formats.SECONDS_PER_DAY;
        this.rate = settings.defectRate();
        this.rejectRate = settings.rejectRate();
    }

    /** The dice of a source defect family of one field. */
    DefectDice dice(SplittableRandom r) {
        return new DefectDice(r, rate);
    }

    /** The dice of a family that makes a record unusable (duplicates, orphans, rejected amounts, inverted dates): rarer. */
    DefectDice rareDice(SplittableRandom r) {
        return new DefectDice(r, rejectRate);
    }

    /** A second in the recent window, before as-of. */
    long recentSecond(SplittableRandom r) {
        return asOfSecond - 1 - r.nextLong(RECENT_DAYS * Formats.SECONDS_PER_DAY);
    }

    /** A day in the last year, before as-of. */
    long pastDay(SplittableRandom r) {
        return asOfDay - 1 - r.nextInt(HISTORY_DAYS);
    }
}
