package io.subtrack.generator;

/**
 * A JSON number written exactly as given ({@code 86.48}, {@code -5.00}): going through a double
 * would print 86.48000000000002-style artefacts and break byte-identical output across JVMs.
 */
record RawNumber(String text) {
    static RawNumber cents(long cents) {
        return new RawNumber(Formats.amount(cents));
    }
}
