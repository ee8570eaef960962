package io.subtrack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JvmOptionsTest {
    @TempDir Path dir;

    @Test
    void firstLineThatIsNotACommentSplitOnWhiteSpace() throws Exception {
        Path f = dir.resolve("jvm.options");
        Files.writeString(f, "# measured at 10M records\n\n  -Xmx256m   -XX:+UseSerialGC \n-Xmx1g\n");
        assertEquals(List.of("-Xmx256m", "-XX:+UseSerialGC"), JvmOptions.read(f));
    }

    @Test
    void noFileMeansNoOptions() {
        assertEquals(List.of(), JvmOptions.read(dir.resolve("jvm.options")));
        Path comments = dir.resolve("only-comments");
        assertEquals(List.of(), JvmOptions.read(comments));
    }

    @Test
    void aBaselineRunsWithItsStagesOptions() {
        assertEquals("consumer-raw", ChildJvms.module("consumer-raw"));
        assertEquals("consumer-raw", ChildJvms.module("consumer-raw.baseline"));
        assertEquals("consumer-processed", ChildJvms.module("consumer-processed.baseline"));
        assertEquals("generator", ChildJvms.module("json-copy"));
    }
}
