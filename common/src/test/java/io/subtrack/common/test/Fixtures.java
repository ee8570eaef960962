package io.subtrack.common.test;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates fixtures/subtrack_raw_sample.json, the original SubTrack generator's output, from any
 * module's working directory. The repository carries a byte-identical copy of
 * ../shared/fixtures/subtrack_raw_sample.json so a clean clone tests without the shared folder;
 * FixtureCopyTest checks the copy against the shared file where that exists.
 */
public final class Fixtures {
    public static final String RAW_SAMPLE = "fixtures/subtrack_raw_sample.json";

    private Fixtures() {}

    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(RAW_SAMPLE)) && Files.isRegularFile(p.resolve("pom.xml"))) return p;
        }
        throw new IllegalStateException("no " + RAW_SAMPLE + " in " + dir + " or any parent");
    }

    public static Path rawSample() {
        return repositoryRoot().resolve(RAW_SAMPLE);
    }
}
