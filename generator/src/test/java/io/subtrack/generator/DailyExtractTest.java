package io.subtrack.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.truth.DayChanges;
import io.subtrack.common.truth.DayChangesReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daily path, checked from the written files alone (parsed with Jackson): consecutive snapshots differ exactly
 * as the day-changes file says, a delta holds exactly the new and changed records, and every record is stamped on
 * its day. Rates are raised above the defaults so that a few thousand users show every kind of event.
 */
class DailyExtractTest {
    private static final TableCounts COUNTS = TableCounts.of(2000, 40, 200, 4000, 600, 4000);
    private static final long SEED = 11L;
    private static final int DAY = 4;

    @TempDir
    static Path dir;
    static Generated dayOne;
    static Extract first;
    static Extract before;
    static Extract snapshot;
    static Extract delta;
    static DayChanges changes;
    static DayChanges deltaChanges;
    static Generated snapshotRun;

    private static DailyExtract day(int day, boolean snapshot) {
        return new DailyExtract(day, snapshot, 0.03, 0.01, 0.01, null);
    }

    @BeforeAll
    static void generate() throws IOException {
        dayOne = Generated.run(Files.createDirectories(dir.resolve("day1")), SEED, COUNTS, GeneratorSettings.DEFAULT_DEFECT_RATE);
        first = Extract.read(dayOne.output);
        Generated previous = Generated.runDay(Files.createDirectories(dir.resolve("day3")), SEED, COUNTS, day(DAY - 1, true), 4);
        before = Extract.read(previous.output);
        snapshotRun = Generated.runDay(Files.createDirectories(dir.resolve("day4")), SEED, COUNTS, day(DAY, true), 4);
        snapshot = Extract.read(snapshotRun.output);
        changes = DayChangesReader.read(snapshotRun.dayChanges());
        Generated deltaRun = Generated.runDay(Files.createDirectories(dir.resolve("day4-delta")), SEED, COUNTS, day(DAY, false), 4);
        delta = Extract.read(deltaRun.output);
        deltaChanges = DayChangesReader.read(deltaRun.dayChanges());
    }

    @Test
    void theHeaderNamesTheDayItsDateAndMode() {
        assertEquals(DAY, changes.day());
        assertEquals(GeneratorSettings.DEFAULT_AS_OF.plusDays(DAY - 1), changes.asOf());
        assertEquals("snapshot", changes.extractMode());
        assertEquals("delta", deltaChanges.extractMode());
    }

    @Test
    void addedKeysAreTheKeysNewInTheSnapshot() {
        int added = 0;
        for (ProcessedTable p : ProcessedTable.values()) {
            Set<String> fresh = Extract.minus(snapshot.processedKeys(p), before.processedKeys(p));
            assertEquals(fresh, changes.of(p.tableName()).added(), p + ": keys in day " + DAY + " and not the day before");
            added += fresh.size();
        }
        assertTrue(changes.of("processed_users").added().size() > 0 && changes.of("processed_subscriptions").added().size() > 0,
            "new users come with subscriptions");
        assertTrue(added > 0);
    }

    @Test
    void deletedKeysAreTheLiveKeysGoneFromTheSnapshot() throws IOException {
        Map<ProcessedTable, Set<String>> rejected = rejectedOnDayOne();
        int deleted = 0;
        for (ProcessedTable p : ProcessedTable.values()) {
            Set<String> gone = Extract.minus(before.processedKeys(p), snapshot.processedKeys(p));
            Set<String> listed = changes.of(p.tableName()).deleted();
            assertTrue(gone.containsAll(listed), p + ": every deleted key is gone from the snapshot");
            Set<String> unlisted = Extract.minus(gone, listed);
            assertTrue(rejected.get(p).containsAll(unlisted), p + ": a key gone but not listed was rejected on day 1: " + unlisted);
            Set<String> listedButRejected = new HashSet<>(listed);
            listedButRejected.retainAll(rejected.get(p));
            assertEquals(Set.of(), listedButRejected, p + ": a rejected key was never in the processed layer");
            deleted += listed.size();
        }
        assertTrue(changes.of("processed_users").deleted().size() > 0);
        assertTrue(deleted > changes.of("processed_users").deleted().size(), "users leave with their records");
        // Every record of a gone user left, side tables included.
        Set<String> goneUsers = changes.of("processed_users").deleted();
        for (RawTable side : List.of(RawTable.USER_PROFILE, RawTable.ADMIN, RawTable.USER_SUPPLIER, RawTable.PAYMENT_METHOD,
                RawTable.USER_NOTIFICATION, RawTable.JOURNAL, RawTable.PAYMENT, RawTable.SUBSCRIPTION)) {
            for (ObjectNode r : snapshot.latest.get(side.tableName()).values()) {
                assertFalse(goneUsers.contains(r.get(RawFields.USER_ID).asText()), side.tableName() + " keeps a record of a gone user");
            }
        }
    }

    @Test
    void changedKeysAreTheRecordsWhoseValuesDifferAndCarryTheNewValue() {
        int changed = 0;
        for (ProcessedTable p : ProcessedTable.values()) {
            RawTable source = p.source();
            Map<String, Map<String, Object>> listed = changes.of(p.tableName()).changed();
            Set<String> differing = new HashSet<>();
            for (Map.Entry<String, ObjectNode> e : snapshot.latest.get(source.tableName()).entrySet()) {
                ObjectNode old = before.record(source, e.getKey());
                if (old != null && !old.equals(e.getValue())) differing.add(Extract.processedKey(p, e.getValue()));
            }
            assertEquals(differing, listed.keySet(), p + ": records whose values differ from the day before");
            for (Map.Entry<String, Map<String, Object>> e : listed.entrySet()) {
                ObjectNode record = findByProcessedKey(p, e.getKey());
                for (Map.Entry<String, Object> column : e.getValue().entrySet()) {
                    JsonNode raw = record.get(p.column(column.getKey()).source().field());
                    assertEquals(column.getValue(), asProcessed(column.getValue(), raw), p + " " + e.getKey() + "." + column.getKey());
                }
            }
            changed += listed.size();
        }
        assertTrue(changed > 0);
        for (String t : List.of("processed_subscriptions", "processed_payments", "processed_user_notifications")) {
            assertFalse(changes.of(t).changed().isEmpty(), t + " has changes at these rates");
        }
    }

    @Test
    void sideRecordsComeAndGoWithTheirUsers() {
        Set<String> addedUsers = changes.of("processed_users").added();
        Set<String> goneUsers = changes.of("processed_users").deleted();
        for (RawTable side : List.of(RawTable.USER_PROFILE, RawTable.ADMIN, RawTable.USER_SUPPLIER)) {
            Set<String> fresh = Extract.minus(snapshot.keys(side), before.keys(side));
            Set<String> gone = Extract.minus(before.keys(side), snapshot.keys(side));
            for (String k : fresh) assertTrue(addedUsers.contains(k.split("\\|")[0]), side.tableName() + " " + k + " is a new user's");
            for (String k : gone) assertTrue(goneUsers.contains(k.split("\\|")[0]), side.tableName() + " " + k + " is a gone user's");
        }
        assertEquals(addedUsers, Extract.minus(snapshot.keys(RawTable.USER_PROFILE), before.keys(RawTable.USER_PROFILE)),
            "every new user comes with a profile");
    }

    @Test
    void theDeltaHoldsExactlyTheNewAndChangedRecordsAsTheSnapshotHasThem() {
        for (ProcessedTable p : ProcessedTable.values()) {
            DayChanges.TableChanges c = deltaChanges.of(p.tableName());
            Set<String> expected = new HashSet<>(c.added());
            expected.addAll(c.changed().keySet());
            assertEquals(expected, delta.processedKeys(p), p + ": delta records");
            assertEquals(changes.of(p.tableName()).added(), c.added(), p + ": the same day, whatever the mode");
            assertEquals(changes.of(p.tableName()).changed(), c.changed(), p.tableName());
        }
        for (RawTable table : RawTable.all()) {
            assertEquals(delta.keys(table).size(), delta.rows.get(table.tableName()), table.tableName() + ": no duplicate in a delta");
            for (Map.Entry<String, ObjectNode> e : delta.latest.get(table.tableName()).entrySet()) {
                assertEquals(snapshot.record(table, e.getKey()), e.getValue(), table.tableName() + " " + e.getKey());
                assertEquals(snapshot.extractedAt.get(table.tableName()).get(e.getKey()),
                    delta.extractedAt.get(table.tableName()).get(e.getKey()));
            }
        }
        assertEquals(Extract.minus(snapshot.keys(RawTable.USER_PROFILE), before.keys(RawTable.USER_PROFILE)),
            delta.keys(RawTable.USER_PROFILE), "a new user's profile comes with it");
    }

    @Test
    void everyRecordIsExtractedOnItsDayAndOnlyDuplicatesAreOlder() throws IOException {
        String today = GeneratorSettings.DEFAULT_AS_OF.plusDays(DAY - 1).toString();
        JsonNode root = Json.MAPPER.readTree(snapshotRun.output.toFile());
        int older = 0;
        for (RawTable table : RawTable.all()) {
            for (String stamp : snapshot.extractedAt.get(table.tableName()).values()) {
                assertTrue(stamp.matches(today + " \\d\\d:\\d\\d:\\d\\d"), table.tableName() + ": " + stamp);
            }
            for (JsonNode row : root.get(table.tableName())) if (!row.get(RawFields.EXTRACTED_AT).asText().startsWith(today)) older++;
        }
        assertEquals(older, snapshotRun.truthEntries().stream().filter(e -> e.get("kind").asText().equals("duplicate_key")).count(),
            "the older rows are exactly the duplicates the ground truth lists");
    }

    @Test
    void theGroundTruthListsOnlyUnchangedDayOneRecordsAndPointsAtTheirValues() throws IOException {
        JsonNode root = Json.MAPPER.readTree(snapshotRun.output.toFile());
        Map<String, Map<Long, JsonNode>> byRawId = new HashMap<>();
        for (RawTable table : RawTable.all()) {
            Map<Long, JsonNode> rows = new HashMap<>();
            for (JsonNode row : root.get(table.tableName())) rows.put(row.get(RawFields.RAW_ID).asLong(), row);
            byRawId.put(table.tableName(), rows);
        }
        List<JsonNode> entries = snapshotRun.truthEntries();
        assertFalse(entries.isEmpty());
        for (JsonNode e : entries) {
            String table = e.get("table").asText();
            JsonNode row = byRawId.get(table).get(e.get("raw_id").asLong());
            assertEquals(e.get("raw"), row.get(e.get("field").asText()), "entry points at its value: " + e);
            ObjectNode dayOneRecord = first.record(RawTable.byName(table), e.get("key").asText());
            ObjectNode copy = ((ObjectNode) row).deepCopy();
            copy.remove(List.of(RawFields.RAW_ID, RawFields.EXTRACTED_AT));
            if (!e.get("kind").asText().equals("duplicate_key")) {
                assertEquals(dayOneRecord, copy, "a record with defects is the day-1 record: " + e);
            }
        }
    }

    @Test
    void theSameOptionsGiveTheSameBytesOnAnyNumberOfThreads() throws IOException {
        Generated one = Generated.runDay(Files.createDirectories(dir.resolve("again")), SEED, COUNTS, day(DAY, true), 1);
        assertArrayEquals(Files.readAllBytes(snapshotRun.output), Files.readAllBytes(one.output));
        assertArrayEquals(Files.readAllBytes(snapshotRun.groundTruth), Files.readAllBytes(one.groundTruth));
        assertArrayEquals(Files.readAllBytes(snapshotRun.dayChanges()), Files.readAllBytes(one.dayChanges()));
    }

    /** Per processed table, the processed keys of day-1 records the transformer rejects: own rejecting defects, or a rejected parent. */
    private static Map<ProcessedTable, Set<String>> rejectedOnDayOne() throws IOException {
        Map<RawTable, Set<String>> own = new HashMap<>();
        List<JsonNode> truth = dayOne.truthEntries();
        for (RawTable t : RawTable.all()) own.put(t, Extract.rejectedByTruth(truth, t));
        Set<String> rejectedPlans = own.get(RawTable.PLAN);
        Set<String> rejectedPayments = new HashSet<>(own.get(RawTable.PAYMENT));
        first.latest.get(RawTable.PAYMENT.tableName()).forEach((k, r) -> {
            if (rejectedPlans.contains(r.get(RawFields.PLAN_ID).asText())) rejectedPayments.add(k);
        });
        Map<ProcessedTable, Set<String>> rejected = new HashMap<>();
        for (ProcessedTable p : ProcessedTable.values()) {
            Set<String> keys = new HashSet<>();
            first.latest.get(p.source().tableName()).forEach((k, r) -> {
                boolean parentRejected = p.source() != RawTable.PLAN && r.has(RawFields.PLAN_ID)
                    && rejectedPlans.contains(r.get(RawFields.PLAN_ID).asText())
                    || p.source() == RawTable.PAYMENT_METHOD && rejectedPayments.contains(r.get(RawFields.PAYMENT_ID).asText());
                if (own.get(p.source()).contains(k) || parentRejected) keys.add(Extract.processedKey(p, r));
            });
            rejected.put(p, keys);
        }
        return rejected;
    }

    private static ObjectNode findByProcessedKey(ProcessedTable p, String key) {
        for (ObjectNode r : snapshot.latest.get(p.source().tableName()).values()) if (Extract.processedKey(p, r).equals(key)) return r;
        throw new AssertionError(p + " has no record " + key);
    }

    /** The raw value read as the processed column holds it, in the Java type the day-changes reader gives. */
    private static Object asProcessed(Object expected, JsonNode raw) {
        if (expected instanceof Boolean) return raw.asLong() == 1;
        if (expected instanceof io.subtrack.common.truth.ExactNumber) {
            return new io.subtrack.common.truth.ExactNumber(raw.decimalValue().setScale(2).toPlainString());
        }
        return raw.asText();
    }

}
