package io.subtrack.generator;

import java.util.SplittableRandom;

/**
 * Decides, for one field of one table, which records get a defect and of which kind. An
 * accumulator with jitter instead of a coin toss keeps the count close to rate x records (at
 * least half of it), and the kinds come round-robin from a random start, so at the default
 * volumes every kind of every field shows up at least once, whatever the seed.
 */
final class DefectDice {
    private final SplittableRandom random;
    private final double rate;
    private double accumulator;
    private int nextKind;

    DefectDice(SplittableRandom random, double rate) {
        this.random = random;
        this.rate = rate;
        this.accumulator = random.nextDouble();
        this.nextKind = random.nextInt(1 << 16);
    }

    boolean fire() {
        if (rate <= 0) return false;
        accumulator += rate * (0.5 + random.nextDouble());
        if (accumulator >= 1.0) {
            accumulator -= 1.0;
            return true;
        }
        return false;
    }

    /** The next kind, 0 to kinds-1, in turn. */
    int kind(int kinds) {
        return (nextKind++ & Integer.MAX_VALUE) % kinds;
    }
}
