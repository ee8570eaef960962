package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class RowHashesTest {
    @Test
    void aDayIsToldApartFromTheStoredStateKeyByKey() {
        RowHashes stored = new RowHashes(4);
        stored.load("USR00001", 11, false);
        stored.load("USR00002", 22, false);
        stored.load("USR00003", 33, true);
        stored.load("usr-odd key", 44, false); // not id-shaped: the fallback map
        stored.load("USR00005|ABN00007", 55, false);

        assertEquals(RowHashes.Change.UNCHANGED, stored.see("USR00001", 11));
        assertEquals(RowHashes.Change.CHANGED, stored.see("USR00002", 23));
        assertEquals(RowHashes.Change.RETURNED, stored.see("USR00003", 33));
        assertEquals(RowHashes.Change.NEW, stored.see("USR00004", 1));
        assertEquals(RowHashes.Change.UNCHANGED, stored.see("USR00001", 11), "seen twice: still the stored hash");

        Set<String> gone = new TreeSet<>();
        stored.forEachUnseenLive(gone::add);
        assertEquals(Set.of("usr-odd key", "USR00005|ABN00007"), gone);
        List<String> live = new ArrayList<>();
        stored.forEachLive(live::add);
        assertEquals(6, live.size(), "five stored (one back from deleted) and one new: " + live);
    }

    @Test
    void growingKeepsEveryKeyAndItsHash() {
        RowHashes stored = new RowHashes(1);
        for (int i = 0; i < 50_000; i++) stored.load(String.format("NOT%06d", i), i, i % 10 == 0);
        assertEquals(50_000, stored.size());
        assertEquals(45_000, stored.liveCount());
        for (int i = 0; i < 50_000; i += 7) {
            RowHashes.Change expected = i % 10 == 0 ? RowHashes.Change.RETURNED : RowHashes.Change.UNCHANGED;
            assertEquals(expected, stored.see(String.format("NOT%06d", i), i), "key " + i);
        }
    }

    @Test
    void anEncodedKeyDecodesToItselfLeadingZerosIncluded() {
        for (String key : List.of("USR00001", "ABN0", "NOT000000000123", "USR00012|ABN00034", "ZZZ999999999999", "AAA1|BBB0002")) {
            long[] enc = KeyIndex.encode(key);
            assertEquals(key, KeyIndex.decode(enc[0], enc[1]));
        }
    }
}
