package io.subtrack.common.truth;

/**
 * What the transformer should do with a defect that has no clean value to restore
 * (docs/generator.md, "expected"). The word is how the ground-truth file spells it.
 */
public enum Outcome {
    /** The record cannot be identified or linked, or a required measure is unusable. */
    REJECT("reject"),
    /** An optional attribute that cannot be repaired becomes null. */
    NULLIFY("nullify"),
    /** The value is kept and counted as a quality issue. */
    FLAG("flag"),
    /** A missing value another raw table may supply (a member's role). */
    DERIVE("derive"),
    /** A superseded duplicate row. */
    DROP("drop");

    private final String word;

    Outcome(String word) {
        this.word = word;
    }

    public String word() {
        return word;
    }

    /** The outcome spelt {@code word}, or null when no outcome is spelt so. */
    public static Outcome byWord(String word) {
        for (Outcome o : values()) if (o.word.equals(word)) return o;
        return null;
    }
}
