package io.subtrack.common.extract;

import java.util.Locale;

/**
 * What an extract holds (SPEC 7a). A snapshot is the whole source: a key the processed layer holds and the snapshot
 * lacks was deleted at the source. A delta holds new and changed records only: absence means nothing.
 */
public enum ExtractMode {
    SNAPSHOT, DELTA;

    /** As stored and as typed on the command line: lower case. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ExtractMode of(String code) {
        for (ExtractMode m : values()) if (m.code().equalsIgnoreCase(code)) return m;
        throw new IllegalArgumentException("extract mode is snapshot or delta, not '" + code + "'");
    }
}
