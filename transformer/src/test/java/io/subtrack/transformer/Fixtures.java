package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.cli.Progress;
import io.subtrack.common.json.Json;
import io.subtrack.transformer.source.FileRawSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Locates the shared fixture and runs the transformer on files for tests. */
final class Fixtures {
    private Fixtures() {}

    /** Walks up from the working directory to the repository, then looks for ../shared/fixtures beside it. */
    static Path rawSample() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path d = dir; d != null; d = d.getParent()) {
            Path candidate = d.resolve("shared/fixtures/subtrack_raw_sample.json");
            if (Files.isRegularFile(candidate)) return candidate;
        }
        fail("fixture shared/fixtures/subtrack_raw_sample.json not found beside the repository (looked upwards from " + dir + ")");
        return null;
    }

    static Progress quietProgress() {
        return new Progress("test", 0, new PrintStream(new ByteArrayOutputStream()), false);
    }

    record Run(Transformer transformer, Path cleaned, Path rejected) {
        JsonNode cleanedJson() throws Exception {
            return Json.MAPPER.readTree(cleaned.toFile());
        }

        JsonNode rejectedJson() throws Exception {
            return Json.MAPPER.readTree(rejected.toFile());
        }
    }

    static Run runFile(Path input, Path outDir) throws Exception {
        Files.createDirectories(outDir);
        Transformer t = new Transformer(Map.of(), null, quietProgress());
        Path cleaned = outDir.resolve("cleaned.json");
        Path rejected = outDir.resolve("rejected.json");
        try (FileRawSource source = new FileRawSource(input)) {
            t.run(source, cleaned, rejected);
        }
        return new Run(t, cleaned, rejected);
    }

    static Path writeRaw(Path dir, String json) throws Exception {
        Files.createDirectories(dir);
        Path p = dir.resolve("raw.json");
        Files.writeString(p, json);
        return p;
    }
}
