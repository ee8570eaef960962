package io.subtrack.common.truth;

/**
 * A string value written many times (a code, a field name, a table name): its quoted, escaped
 * UTF-8 bytes are encoded once and copied on every write.
 */
public final class EncodedString {
    private final String value;
    private final byte[] quoted;

    public EncodedString(String value) {
        this.value = value;
        this.quoted = Utf8JsonWriter.quoted(value);
    }

    public String value() {
        return value;
    }

    /** The JSON bytes, quotes included; shared, not copied (the hot path writes them), so never modify them. */
    byte[] quoted() {
        return quoted;
    }

    /** The plain value: record keys are built from it. */
    @Override
    public String toString() {
        return value;
    }
}
