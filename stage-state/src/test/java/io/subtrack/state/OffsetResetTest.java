package io.subtrack.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetResetTest {
    static final TopicPartition P0 = new TopicPartition("subscriptions_raw", 0);
    static final TopicPartition P1 = new TopicPartition("subscriptions_raw", 1);

    /** Partition 0 holds offsets 10..99, partition 1 0..49. */
    private static MockConsumer<byte[], byte[]> log() {
        MockConsumer<byte[], byte[]> c = new MockConsumer<>("earliest");
        c.updateBeginningOffsets(Map.of(P0, 10L, P1, 0L));
        c.updateEndOffsets(Map.of(P0, 100L, P1, 50L));
        return c;
    }

    private static Map<TopicPartition, Long> stored() {
        Map<TopicPartition, Long> m = new HashMap<>();
        m.put(P0, 100L); // P1: none stored
        return m;
    }

    @Test
    void earliestAndLatestAreTheLogsStartAndEnd() {
        List<OffsetReset.Planned> early = OffsetReset.plan(List.of(P0, P1), stored(), OffsetReset.Spec.toEarliest(), log());
        assertEquals(10, early.get(0).newOffset());
        assertEquals(0, early.get(1).newOffset());
        assertTrue(early.get(0).changes());
        assertTrue(early.get(1).changes(), "a partition with nothing stored gets a row");
        List<OffsetReset.Planned> late = OffsetReset.plan(List.of(P0), stored(), OffsetReset.Spec.toLatest(), log());
        assertEquals(100, late.get(0).newOffset());
        assertFalse(late.get(0).changes());
    }

    @Test
    void anOffsetOutsideTheLogIsClampedAsKafkasToolDoes() {
        List<OffsetReset.Planned> p = OffsetReset.plan(List.of(P0, P1), stored(), OffsetReset.Spec.toOffset(5), log());
        assertEquals(10, p.get(0).newOffset());
        assertTrue(p.get(0).note().contains("clamped"), p.get(0).note());
        assertEquals(5, p.get(1).newOffset());
        assertEquals("", p.get(1).note());
        p = OffsetReset.plan(List.of(P1), stored(), OffsetReset.Spec.toOffset(70), log());
        assertEquals(50, p.get(0).newOffset());
    }

    @Test
    void shiftByMovesFromTheStoredOffsetOrTheLogStart() {
        List<OffsetReset.Planned> p = OffsetReset.plan(List.of(P0, P1), stored(), OffsetReset.Spec.shiftBy(-30), log());
        assertEquals(70, p.get(0).newOffset());
        assertEquals(0, p.get(1).newOffset(), "0 - 30, clamped to the start");
    }

    @Test
    void datesAsKafkasToolTakesThem() {
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertEquals(Instant.parse("2025-05-31T22:00:00Z"), OffsetReset.parseDateTime("2025-06-01T00:00:00", paris));
        assertEquals(Instant.parse("2025-05-31T22:00:00Z"), OffsetReset.parseDateTime("2025-06-01T00:00:00.000", paris));
        assertEquals(Instant.parse("2025-06-01T00:00:00Z"), OffsetReset.parseDateTime("2025-06-01T00:00:00Z", paris));
        assertEquals(Instant.parse("2025-05-31T22:00:00Z"), OffsetReset.parseDateTime("2025-06-01T00:00:00+02:00", paris));
        assertEquals(Instant.parse("2025-05-31T22:00:00Z"), OffsetReset.parseDateTime("2025-06-01", paris));
        assertThrows(IllegalArgumentException.class, () -> OffsetReset.parseDateTime("June 1st", paris));
    }
}
