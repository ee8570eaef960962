package io.subtrack.producer.raw;

import static io.subtrack.common.schema.RawFields.EXTRACTED_AT;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.extract.Extract;
import io.subtrack.common.extract.ExtractDates;
import io.subtrack.common.extract.ExtractMode;
import io.subtrack.common.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;

/**
 * One pass over a raw file before it is published, for what the extract's id and date need: a digest of the file's
 * bytes (the same file is the same extract, so publishing it twice stores nothing new) and the newest
 * date_extraction its records carry (the extract's date unless one is given). A file that is not JSON is reported
 * here, with its position, before anything is sent.
 */
final class ExtractScan {
    private static final DateTimeFormatter ID_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");

    private ExtractScan() {}

    static Extract of(Path file, ExtractMode mode, LocalDateTime date) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        LocalDateTime newest = null;
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha);
             JsonParser p = Json.MAPPER.getFactory().createParser(in)) {
            // the digest covers every byte: the parser must not close the stream when it reaches the end
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            int depth = 0;
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) depth++;
                else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) depth--;
                else if (t == JsonToken.FIELD_NAME && depth == 3 && EXTRACTED_AT.equals(p.currentName())) {
                    if (p.nextToken() == JsonToken.VALUE_STRING) {
                        LocalDateTime d = ExtractDates.parse(p.getText());
                        if (d != null && (newest == null || d.isAfter(newest))) newest = d;
                    }
                }
            }
            in.transferTo(java.io.OutputStream.nullOutputStream()); // trailing bytes count in the digest too
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new StageFailure(file + ":" + e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr() + ": invalid JSON: "
                + Json.reasonWithoutValues(e) + "; nothing was published");
        }
        LocalDateTime day = date != null ? date : newest;
        if (day == null) {
            throw new StageFailure(file + ": no record carries a readable " + EXTRACTED_AT + " to date the extract; give --extract-date");
        }
        String digest = HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        return new Extract(day.format(ID_DATE) + "-" + digest, day, mode, -1, -1, file.getFileName().toString());
    }
}
