package io.subtrack.common.test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FixtureCopyTest {
    @Test
    void repositoryCopyIsByteIdenticalToTheSharedFixture() throws Exception {
        Path shared = Fixtures.repositoryRoot().resolve("../shared/fixtures/subtrack_raw_sample.json").normalize();
        assumeTrue(Files.isRegularFile(shared), "skipped: no shared fixture at " + shared + " on this machine");
        assertArrayEquals(Files.readAllBytes(shared), Files.readAllBytes(Fixtures.rawSample()));
    }
}
