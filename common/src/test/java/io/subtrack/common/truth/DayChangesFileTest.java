package io.subtrack.common.truth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.json.MalformedInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DayChangesFileTest {
    @TempDir
    Path dir;

    @Test
    void whatTheWriterWritesTheReaderGathersPerTable() throws IOException {
        Path file = dir.resolve("day_changes.json");
        try (DayChangesWriter w = new DayChangesWriter(Files.newOutputStream(file))) {
            w.header(3, LocalDate.of(2025, 6, 3), "snapshot");
            w.added("processed_users", "USR00101");
            w.deleted("processed_users", "USR00007");
            w.changed("processed_subscriptions", "USR00001|ABN00002", "status", "EXPIRED");
            w.changed("processed_plans", "ABN00004", "price", new ExactNumber("12.30"));
            w.changed("processed_user_notifications", "USR00001|NOT000002", "is_read", Boolean.TRUE);
        }
        DayChanges read = DayChangesReader.read(file);
        assertEquals(3, read.day());
        assertEquals(LocalDate.of(2025, 6, 3), read.asOf());
        assertEquals("snapshot", read.extractMode());
        assertEquals(Set.of("USR00101"), read.of("processed_users").added());
        assertEquals(Set.of("USR00007"), read.of("processed_users").deleted());
        assertEquals(Map.of("USR00001|ABN00002", Map.of("status", "EXPIRED")), read.of("processed_subscriptions").changed());
        assertEquals(new ExactNumber("12.30"), read.of("processed_plans").changed().get("ABN00004").get("price"));
        assertEquals(Boolean.TRUE, read.of("processed_user_notifications").changed().get("USR00001|NOT000002").get("is_read"));
        assertTrue(read.of("processed_payments").added().isEmpty(), "a table without events reads as empty");
    }

    @Test
    void aFileWithoutItsHeaderOrWithAnUnknownEventIsRefused() throws IOException {
        Path noHeader = Files.writeString(dir.resolve("a.json"), "{\"table\":\"processed_users\",\"event\":\"added\",\"key\":\"U\"}\n");
        assertThrows(MalformedInputException.class, () -> DayChangesReader.read(noHeader));
        Path unknown = Files.writeString(dir.resolve("b.json"), "{\"day\":2,\"as_of\":\"2025-06-02\",\"extract_mode\":\"delta\"}\n"
            + "{\"table\":\"processed_users\",\"event\":\"renamed\",\"key\":\"U\"}\n");
        assertThrows(MalformedInputException.class, () -> DayChangesReader.read(unknown));
        Path twice = Files.writeString(dir.resolve("c.json"), "{\"day\":2,\"as_of\":\"2025-06-02\",\"extract_mode\":\"delta\"}\n"
            + "{\"table\":\"processed_users\",\"event\":\"added\",\"key\":\"U\"}\n{\"table\":\"processed_users\",\"event\":\"added\",\"key\":\"U\"}\n");
        assertThrows(MalformedInputException.class, () -> DayChangesReader.read(twice));
    }
}
