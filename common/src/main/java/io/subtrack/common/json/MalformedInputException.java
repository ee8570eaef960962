package io.subtrack.common.json;

import io.subtrack.common.cli.StageFailure;
import java.nio.file.Path;

/** Input that cannot be read as the table-keyed JSON layout; the message names file, line and column. */
public class MalformedInputException extends StageFailure {
    public MalformedInputException(Path file, long line, long column, String reason, Throwable cause) {
        super(file + ":" + line + ":" + column + ": " + reason, cause);
    }
}
