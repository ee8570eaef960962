package io.subtrack.transformer;

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

    /** The repository's copy of the original generator's sample (see io.subtrack.common.test.Fixtures). */
    static Path rawSample() {
        return io.subtrack.common.test.Fixtures.rawSample();
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
