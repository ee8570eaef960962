package io.subtrack.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's bytes for fixed settings, held to files written by a reviewed version of the
 * generator (the golden folder's git log names it): the transformer's golden tests read generated files, so a change that
 * moves one byte must be deliberate and say why in its commit.
 *
 * <p>How the golden files were produced: this test run once with {@code -Dsubtrack.regenerate-golden=true}
 * on that version ({@code mvn -B -ntp -o -pl generator -am test -Dtest=GoldenOutputTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dsubtrack.regenerate-golden=true}). Regenerating them on later
 * code only records what that code writes; do it only with a commit message that says which bytes changed and why.
 * The default run is stored whole (a failure can be diffed); the larger, denser one by its SHA-256 and size.
 */
class GoldenOutputTest {
    private static final Path GOLDEN = Path.of("src/test/resources/golden");
    private static final boolean REGENERATE = Boolean.getBoolean("subtrack.regenerate-golden");

    @Test
    void defaultVolumesSeed42AreTheGoldenFiles(@TempDir Path dir) throws IOException {
        Generated run = Generated.run(dir, 42L);
        compareWhole(run.output, GOLDEN.resolve("seed42-defaults.raw.json"));
        compareWhole(run.groundTruth, GOLDEN.resolve("seed42-defaults.ground_truth.jsonl"));
    }

    /** Three times the default volume at twice the defect rate: more orphans, duplicates and date families per table. */
    @Test
    void aDenserRunIsTheGoldenDigest(@TempDir Path dir) throws IOException {
        Generated run = Generated.run(dir, 7L, TableCounts.of(150, 60, 300, 600, 900, 1200), 0.6, 3);
        compareDigest(run.output, GOLDEN.resolve("seed7-x3-rate0.6.raw.json.sha256"));
        compareDigest(run.groundTruth, GOLDEN.resolve("seed7-x3-rate0.6.ground_truth.jsonl.sha256"));
    }

    private static void compareWhole(Path actual, Path golden) throws IOException {
        if (REGENERATE) Files.copy(actual, golden, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        // As text, so that a failure shows the first differing line.
        assertEquals(Files.readString(golden), Files.readString(actual), actual.getFileName() + " differs from " + golden);
        assertEquals(Files.size(golden), Files.size(actual));
    }

    private static void compareDigest(Path actual, Path golden) throws IOException {
        String digest = sha256(actual) + " " + Files.size(actual) + "\n";
        if (REGENERATE) Files.writeString(golden, digest);
        assertEquals(Files.readString(golden), digest, actual.getFileName() + ": SHA-256 and size differ from " + golden);
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JVM has SHA-256", e);
        }
    }
}
