package io.subtrack.common.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.TextNode;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A processed timestamp reaches the driver as written, whatever the JVM's zone: a time in a DST gap is not moved. What is bound is read off a statement that records it, so no database caches the zone the
 * test sets (H2 keeps the first zone it sees for the whole JVM).
 */
class TimestampBindingTest {
    @Test
    void aTimeInADaylightSavingGapIsBoundAsWrittenUnderEuropeParis() throws Exception {
        AtomicReference<Object> bound = new AtomicReference<>();
        PreparedStatement recording = (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(),
            new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                if (method.getName().startsWith("set") && args != null && args.length >= 2) bound.set(args[1]);
                return null;
            });
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Paris"));
        try {
            JdbcType.TIMESTAMP.bindValue(recording, 1, TextNode.valueOf("2024-03-31T02:30:00"));
            Object v = bound.get();
            LocalDateTime asSent = v instanceof Timestamp ts ? ts.toLocalDateTime() : (LocalDateTime) v;
            assertEquals(LocalDateTime.of(2024, 3, 31, 2, 30), asSent);
        } finally {
            TimeZone.setDefault(before);
        }
    }
}
