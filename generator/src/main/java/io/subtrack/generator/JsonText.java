package io.subtrack.generator;

/** A string value written many times (a code, a field name): its JSON bytes are encoded once. */
final class JsonText {
    final String value;
    final byte[] quoted;

    JsonText(String value) {
        this.value = value;
        this.quoted = JsonWriter.quoted(value);
    }

    /** The plain value: record keys are built from it. */
    @Override
    public String toString() {
        return value;
    }
}
