package io.subtrack.generator;

import java.nio.file.Path;

/**
 * Which day's extract of the population to write and how the population moves from day to day (docs/generator.md,
 * "Daily extracts"). Day 1 is the population as the generator always wrote it; each later day changes, adds and
 * removes records at these per-day rates.
 *
 * @param day         1 for the first extract
 * @param snapshot    true: the whole population as of the day; false: only the records new or changed that day
 * @param changeRate  per day, the chance that a changeable record (see {@link DayRecords}) changes
 * @param newRate     per day, new users as a share of the day-1 users
 * @param deleteRate  per day, the chance that a user leaves the source with everything that belongs to them
 * @param dayChanges  the day-changes file, or null for none (day 1 writes none unless asked)
 */
record DailyExtract(int day, boolean snapshot, double changeRate, double newRate, double deleteRate, Path dayChanges) {
    static final double DEFAULT_CHANGE_RATE = 0.01;
    static final double DEFAULT_NEW_RATE = 0.005;
    static final double DEFAULT_DELETE_RATE = 0.002;
    /** Days are counted in an int and each day adds users: far beyond any plan, and day arithmetic stays exact. */
    static final int MAX_DAY = 100_000;

    static final DailyExtract FIRST_DAY =
        new DailyExtract(1, true, DEFAULT_CHANGE_RATE, DEFAULT_NEW_RATE, DEFAULT_DELETE_RATE, null);

    String extractMode() {
        return snapshot ? "snapshot" : "delta";
    }
}
