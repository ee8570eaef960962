package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeyIndexTest {
    @Test
    void latestExtractionWinsThenLatestRow() {
        KeyIndex w = KeyIndex.winners(1);
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
        KeyIndex w = KeyIndex.winners(2);
        w.offer("USR00001|NOT000001", 5, 1);
        w.offer("USR00001|NOT000002", 5, 2);
        w.offer("user-without-pattern|NOT000001", 5, 3);
        w.offer("USR0001|NOT000001", 5, 4);
        assertEquals(1, w.winnerRowId("USR00001|NOT000001"));
        assertEquals(2, w.winnerRowId("USR00001|NOT000002"));
        assertEquals(3, w.winnerRowId("user-without-pattern|NOT000001"));
        assertEquals(4, w.winnerRowId("USR0001|NOT000001"), "USR0001 and USR00001 are different keys");
        KeyIndex single = KeyIndex.winners(1);
        single.offer("a|b", 1, 7);
        single.offer("USR0001", 1, 8);
        assertEquals(7, single.winnerRowId("a|b"));
        assertEquals(8, single.winnerRowId("USR0001"));
        assertEquals(-1, single.winnerRowId("USR00001"));
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

    @Test
    void anIndexSizedForItsKeysHoldsThemAllAtItsFillLimitWithoutGrowing() {
        // 100,003 keys in a capacity that is no power of two, filled to 4/5, probes wrapping around its end
        int n = 100_003;
        KeyIndex w = KeyIndex.winners(2, n);
        for (int i = 0; i < n; i++) w.offer(String.format("USR%06d|NOT%07d", i % 50_000, i), 1_700_000_000L, i + 1);
        assertEquals(n, w.size());
        long[] rows = w.winnerRowIds();
        assertEquals(n, rows.length);
        for (int i = 0; i < n; i++) assertEquals(i + 1, rows[i]);
        assertEquals(77, w.winnerRowId("USR000076|NOT0000076"));
        assertEquals(-1, w.winnerRowId("USR000076|NOT0000077"));
        assertFalse(w.contains("USR000001|NOT9999999"));
    }
}
