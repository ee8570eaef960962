package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyIndexTest {
    @Test
    void latestExtractionWinsThenLatestRow() {
        KeyIndex w = KeyIndex.winners();
        w.offer("USR00001", 200, 1);
        w.offer("USR00001", 100, 2);
        assertEquals(1, w.winnerRowId("USR00001"), "an older extraction never wins");
        w.offer("USR00001", 200, 3);
        assertEquals(3, w.winnerRowId("USR00001"), "a tie goes to the later arrival");
        w.offer("USR00001", -1, 9);
        assertEquals(3, w.winnerRowId("USR00001"), "an unreadable extraction loses");
        assertEquals(-1, w.winnerRowId("USR00002"));
    }

    @Test
    void compositeAndIrregularKeysAreExact() {
        KeyIndex w = KeyIndex.winners();
        w.offer("USR00001|NOT000001", 5, 1);
        w.offer("USR00001|NOT000002", 5, 2);
        w.offer("user-without-pattern", 5, 3);
        w.offer("USR0001", 5, 4);
        assertEquals(1, w.winnerRowId("USR00001|NOT000001"));
        assertEquals(2, w.winnerRowId("USR00001|NOT000002"));
        assertEquals(3, w.winnerRowId("user-without-pattern"));
        assertEquals(4, w.winnerRowId("USR0001"), "USR0001 and USR00001 are different keys");
        w.offer("USR00001|NOT000001", 5, 5_000_000_000L);
        assertEquals(5_000_000_000L, w.winnerRowId("USR00001|NOT000001"), "row ids beyond 32 bits stay exact");
    }

    @Test
    void setsGrowAndKeepEveryMember() {
        KeyIndex s = KeyIndex.set();
        for (int i = 0; i < 100_000; i++) s.add(String.format("PAY%06d", i));
        assertEquals(100_000, s.size());
        for (int i = 0; i < 100_000; i++) assertTrue(s.contains(String.format("PAY%06d", i)));
        assertFalse(s.contains("PAY100000"));
        assertFalse(s.contains(null));
    }
}
