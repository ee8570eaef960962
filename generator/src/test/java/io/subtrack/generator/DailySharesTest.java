package io.subtrack.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.truth.DayChanges;
import io.subtrack.common.truth.DayChangesReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The default daily rates, measured on day 2 of 20,000 users: users gone and new, and changed records as a share
 * of the records that can change (live on day 1, no defect without a clean value; counted from the day-1 files).
 */
class DailySharesTest {
    private static final long USERS = 20_000;
    private static final TableCounts COUNTS = TableCounts.of(USERS, 20, 100, 200, 300, 400);

    @Test
    void theDefaultSharesAreMetOnDayTwo(@TempDir Path dir) throws IOException {
        Generated dayOne = Generated.run(Files.createDirectories(dir.resolve("day1")), 5L, COUNTS, GeneratorSettings.DEFAULT_DEFECT_RATE);
        DailyExtract defaults = DailyExtract.FIRST_DAY;
        Generated dayTwo = Generated.runDay(Files.createDirectories(dir.resolve("day2")), 5L, COUNTS,
            new DailyExtract(2, true, defaults.changeRate(), defaults.newRate(), defaults.deleteRate(), null), 4);
        DayChanges changes = DayChangesReader.read(dayTwo.dayChanges());
        Extract first = Extract.read(dayOne.output);
        List<JsonNode> truth = dayOne.truthEntries();

        double gone = changes.of("processed_users").deleted().size() / (double) USERS;
        assertTrue(gone > defaults.deleteRate() * 0.5 && gone < defaults.deleteRate() * 1.5, "users gone: " + gone);
        double added = changes.of("processed_users").added().size() / (double) USERS;
        assertTrue(Math.abs(added - defaults.newRate()) < defaults.newRate() * 0.1, "new users: " + added);

        Set<String> rejectedPlans = Extract.rejectedByTruth(truth, RawTable.PLAN);
        for (ProcessedTable p : List.of(ProcessedTable.SUBSCRIPTIONS, ProcessedTable.USER_NOTIFICATIONS, ProcessedTable.USERS)) {
            RawTable source = p.source();
            Set<String> withoutClean = Extract.withoutCleanValue(truth, source);
            long changeable = first.latest.get(source.tableName()).entrySet().stream()
                .filter(e -> !withoutClean.contains(e.getKey()))
                .filter(e -> !e.getValue().has(RawFields.PLAN_ID) || !rejectedPlans.contains(e.getValue().get(RawFields.PLAN_ID).asText()))
                .count();
            double share = changes.of(p.tableName()).changed().size() / (double) changeable;
            assertTrue(Math.abs(share - defaults.changeRate()) < defaults.changeRate() * 0.35,
                p + ": changed " + share + " of " + changeable + " changeable records");
        }
        assertEquals(2, changes.day());
    }
}
