package io.subtrack.common.extract;

import java.time.LocalDateTime;

/**
 * One dated extract of the source, as producer-raw publishes it and the raw database records it: its id (the date
 * and a digest of the file, so the same file published twice is the same extract), its date (the newest
 * date_extraction of its records unless given), its mode, how many records it holds and over how many partitions
 * its end marker was sent.
 */
public record Extract(String id, LocalDateTime date, ExtractMode mode, long records, int partitions, String sourceFile) {
    public Extract {
        if (id == null || id.isBlank() || id.length() > 64) throw new IllegalArgumentException("an extract id has 1 to 64 characters");
        if (date == null || mode == null) throw new IllegalArgumentException("an extract has a date and a mode");
    }
}
