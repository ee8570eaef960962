package io.subtrack.transformer.report;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.subtrack.common.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The data-quality report as JSON (ReportJson) and as one self-contained HTML page (ReportHtml), both rendered from
 * the same figures ({@link QualityFigures}), written to a temporary name and renamed. Holds no timing or other
 * run-dependent value, so the same input gives byte-identical reports.
 */
public final class QualityReport {
    private QualityReport() {}

    /** The report's figures as JSON and HTML, beside each other: {@code base} with .json and .html. */
    public static void write(Path base, QualityFigures figures) throws IOException {
        String name = base.getFileName().toString().replaceAll("\\.(json|html)$", "");
        Path dir = base.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
            .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
            .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
        writeAtomically(dir.resolve(name + ".json"), Json.MAPPER.writer(pp).writeValueAsString(ReportJson.render(figures)) + "\n");
        writeAtomically(dir.resolve(name + ".html"), ReportHtml.render(figures));
    }

    static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".partial");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            try {
                // createTempFile makes the file owner-only; a report is meant to be read by others
                Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException notPosix) {
                // keep the default permissions
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
