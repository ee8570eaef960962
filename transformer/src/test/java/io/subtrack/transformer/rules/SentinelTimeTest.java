package io.subtrack.transformer.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SentinelTimeTest {
    private final SentinelTime rule = new SentinelTime();

    @Test
    void thePlaceholdersMeanUnknown() {
        for (String placeholder : new String[] {"2023-12-31T23:59:59.999Z", "1970-01-01"}) {
            assertEquals(Cleaned.INVALID, rule.refine(placeholder, DateTimes.timestamp(placeholder), () -> null), placeholder);
        }
    }

    @Test
    void aRealTimeOneMillisecondAwayIsLeftToTheTimestampRule() {
        String raw = "2023-12-31T23:59:58.999Z";
        assertNull(rule.refine(raw, DateTimes.timestamp(raw), () -> null));
    }
}
