package io.subtrack.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.cli.ExitCode;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.config.ConsumerOptions;
import io.subtrack.common.config.KafkaOptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The consumer's group settings, its duration options, and the lag arithmetic of the idle stop. */
class ConsumerSettingsTest {
    @Command(name = "consumer-raw")
    static final class Probe {
        @Mixin KafkaOptions kafka;
        @Mixin ConsumerOptions consumer;
    }

    private static Probe parse(String... args) {
        Probe p = new Probe();
        new CommandLine(p).parseArgs(args);
        return p;
    }

    @Test
    void aStaticMemberWithTheClassicProtocolAndAShortSessionTimeout() {
        Map<String, Object> c = KafkaClients.consumerConfig(parse().kafka, "consumer-raw", "consumer-raw-vm-0");
        assertEquals("consumer-raw-vm-0", c.get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
        assertEquals(KafkaClients.SESSION_TIMEOUT_MS, c.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        ConsumerConfig valid = new ConsumerConfig(c);
        assertEquals("classic", valid.getString(ConsumerConfig.GROUP_PROTOCOL_CONFIG));
        assertNull(KafkaClients.consumerConfig(parse().kafka, "g", null).get(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG));
    }

    @Test
    void theConsumerProtocolChosenWithXLeavesTheSessionTimeoutToTheBroker() {
        Map<String, Object> c = KafkaClients.consumerConfig(parse("-X", "group.protocol=consumer").kafka, "g", "g-vm-0");
        assertFalse(c.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG));
        assertFalse(c.containsKey(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG));
        new ConsumerConfig(c); // valid: the consumer protocol refuses client-side session timeouts
        Map<String, Object> user = KafkaClients.consumerConfig(parse("-X", "session.timeout.ms=30000").kafka, "g", null);
        assertEquals("30000", user.get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "a user setting wins");
    }

    @Test
    void durationsAndTheirDefaults() {
        ConsumerOptions o = parse("--idle-timeout", "10s", "--max-wait", "90s").consumer;
        assertEquals(Duration.ofSeconds(10), o.idleTimeout());
        assertEquals(Duration.ofSeconds(90), o.maxWait());
        assertEquals(ConsumerOptions.DEFAULT_MAX_WAIT, parse().consumer.maxWait());
        assertNull(parse().consumer.idleTimeout());
        assertEquals(Duration.ofMillis(500), ConsumerOptions.parseDuration("x", "500ms"));
        assertEquals(Duration.ofMillis(1500), ConsumerOptions.parseDuration("x", "1.5s"));
        assertEquals(Duration.ofMinutes(2), ConsumerOptions.parseDuration("x", "2m"));
        assertEquals(Duration.ofSeconds(10), ConsumerOptions.parseDuration("x", "PT10S"));
        assertEquals(Duration.ofSeconds(7), ConsumerOptions.parseDuration("x", "7"));
        StageFailure bad = assertThrows(StageFailure.class, () -> parse("--max-wait", "soon").consumer.maxWait());
        assertEquals(ExitCode.USAGE, bad.exitCode());
        assertTrue(bad.getMessage().contains("--max-wait"), bad.getMessage());
    }

    @Test
    void lagCountsFromTheStoredOffsetOrTheLogStart() {
        assertEquals(0, ConsumerLoop.lag(100, 0, 100L));
        assertEquals(40, ConsumerLoop.lag(100, 0, 60L));
        assertEquals(100, ConsumerLoop.lag(100, 0, null), "nothing stored: everything lags");
        assertEquals(30, ConsumerLoop.lag(100, 70, 10L), "records before the log start cannot be loaded");
        assertEquals(0, ConsumerLoop.lag(0, 0, null), "an empty partition is loaded");
        Map<TopicPartition, Long> lag = new HashMap<>();
        lag.put(new TopicPartition("t", 2), 5L);
        lag.put(new TopicPartition("t", 0), 0L);
        lag.put(new TopicPartition("t", 1), 7L);
        assertEquals("p0=0 p1=7 p2=5", ConsumerLoop.describe(lag));
        assertEquals(12, ConsumerLoop.total(lag));
        assertEquals("unknown", ConsumerLoop.describe(null));
    }
}
