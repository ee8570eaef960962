package io.subtrack.common.config;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How a consumer stage runs: its group and when a scripted run stops on its own. */
public class ConsumerOptions {
    @Option(names = "--group", paramLabel = "GROUP_ID",
        description = "Consumer group; run several processes with one group to split the partitions.")
    public String group;

    @Option(names = "--max-messages", paramLabel = "N", defaultValue = "0",
        description = "Stop after N messages (0 = no limit).")
    public long maxMessages;

    @Option(names = "--idle-timeout", paramLabel = "DURATION",
        description = "Stop once no message arrived for this long, e.g. 10s or PT10S (default: run until Ctrl-C).")
    public String idleTimeout;

    @Option(names = "--max-poll-records", paramLabel = "N", defaultValue = "5000",
        description = "Records per poll, i.e. per database transaction at most (default: ${DEFAULT-VALUE}).")
    public int maxPollRecords;

    public Duration idleTimeout() {
        if (idleTimeout == null || idleTimeout.isBlank()) return null;
        String s = idleTimeout.strip().toUpperCase();
        if (s.startsWith("P")) return Duration.parse(s);
        if (s.endsWith("MS")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
        if (s.endsWith("S")) return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
        if (s.endsWith("M")) return Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        return Duration.ofSeconds(Long.parseLong(s));
    }
}
