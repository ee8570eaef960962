package io.subtrack.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayedOffsetsTest {
    @Test
    void rangesRoundTrip() {
        ReplayedOffsets r = new ReplayedOffsets();
        r.addAll(List.of(5L, 6L, 7L, 9L, 12L, 13L));
        assertEquals("replayed:5-7,9,12-13", r.encode());
        ReplayedOffsets back = ReplayedOffsets.parse(r.encode());
        assertEquals(r.encode(), back.encode());
        assertTrue(back.contains(6));
        assertFalse(back.contains(8));
    }

    @Test
    void emptyAndForeignMetadataAreNothingReplayed() {
        assertEquals("", new ReplayedOffsets().encode());
        assertTrue(ReplayedOffsets.parse(null).isEmpty());
        assertTrue(ReplayedOffsets.parse("").isEmpty());
        assertTrue(ReplayedOffsets.parse("committed by someone else").isEmpty());
    }

    @Test
    void offsetsBeforeTheCommittedOneAreForgotten() {
        ReplayedOffsets r = ReplayedOffsets.parse("replayed:3-4,8");
        assertEquals("replayed:8", r.from(5).encode());
        assertEquals("", r.from(9).encode());
    }
}
