package io.subtrack.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.truth.GroundTruthEntry;
import io.subtrack.common.truth.GroundTruthReader;
import io.subtrack.common.truth.GroundTruthWriter;
import io.subtrack.common.truth.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's ground truth is the shared format: its reader reads every line, and its writer gives the file back. */
class GroundTruthFileTest {

    @Test
    void everyGeneratedLineReadsAndWritesBackByteForByte(@TempDir Path dir) throws IOException {
        Generated run = Generated.run(dir, 42L);
        List<GroundTruthEntry> entries = GroundTruthReader.readAll(run.groundTruth);
        assertEquals(run.result.defects(), entries.size());
        Set<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
        for (GroundTruthEntry e : entries) if (!e.hasClean()) outcomes.add(e.outcome());
        assertEquals(EnumSet.allOf(Outcome.class), outcomes, "the default run expects every outcome at least once");
        assertTrue(entries.stream().anyMatch(GroundTruthEntry::ambiguous));

        Path again = dir.resolve("again.jsonl");
        try (GroundTruthWriter w = new GroundTruthWriter(Files.newOutputStream(again))) {
            for (GroundTruthEntry e : entries) w.write(e);
        }
        assertEquals(Files.readString(run.groundTruth), Files.readString(again));
    }
}
