package io.subtrack.common.truth;

/**
 * The expected outcome of a defect with no clean value: an {@link Outcome} and the reason, written
 * in the file as {@code "<word>: <reason>"} ({@code "reject: orphan reference"}). Held as data so
 * that no reader parses the text back by hand; writers make one of each and reuse it.
 */
public final class Expected {
    private static final String SEPARATOR = ": ";

    private final Outcome outcome;
    private final String reason;
    private final EncodedString text;

    private Expected(Outcome outcome, String reason) {
        if (outcome == null || reason == null || reason.isEmpty()) {
            throw new IllegalArgumentException("an expected outcome needs an outcome and a reason");
        }
        this.outcome = outcome;
        this.reason = reason;
        this.text = new EncodedString(outcome.word() + SEPARATOR + reason);
    }

    public static Expected of(Outcome outcome, String reason) {
        return new Expected(outcome, reason);
    }

    public static Expected reject(String reason) { return of(Outcome.REJECT, reason); }
    public static Expected nullify(String reason) { return of(Outcome.NULLIFY, reason); }
    public static Expected flag(String reason) { return of(Outcome.FLAG, reason); }
    public static Expected derive(String reason) { return of(Outcome.DERIVE, reason); }
    public static Expected drop(String reason) { return of(Outcome.DROP, reason); }

    /** Reads {@code "<word>: <reason>"}; throws IllegalArgumentException for any other text. */
    public static Expected parse(String text) {
        int colon = text.indexOf(SEPARATOR);
        Outcome o = colon < 0 ? null : Outcome.byWord(text.substring(0, colon));
        if (o == null) {
            throw new IllegalArgumentException("expected outcome \"" + text + "\" is not <reject|nullify|flag|derive|drop>: <reason>");
        }
        return new Expected(o, text.substring(colon + SEPARATOR.length()));
    }

    public Outcome outcome() {
        return outcome;
    }

    public String reason() {
        return reason;
    }

    /** As the file writes it. */
    public String text() {
        return text.value();
    }

    EncodedString encoded() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Expected e && e.outcome == outcome && e.reason.equals(reason);
    }

    @Override
    public int hashCode() {
        return outcome.hashCode() * 31 + reason.hashCode();
    }

    @Override
    public String toString() {
        return text();
    }
}
