package io.subtrack.common.config;

import io.subtrack.common.kafka.KafkaClients;
import java.time.Duration;
import picocli.CommandLine.Option;

/** How a consumer stage runs: its group, its member identity, and when a scripted run stops on its own. */
public class ConsumerOptions {
    /** What --max-wait is when not given (docs/consumer-groups.md). */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofMinutes(2);
    /** The --instance-id value that makes the consumer a dynamic member (no group.instance.id). */
    public static final String DYNAMIC = "none";

    @Option(names = "--group", paramLabel = "GROUP_ID",
        description = "Consumer group; run several processes with one group to split the partitions.")
    public String group;

    @Option(names = "--instance-id", paramLabel = "ID",
        description = {"Static group member id (group.instance.id): a restart with the same id gets its partitions "
            + "back at once. Default: <group>-<hostname>-<slot>, slot the lowest free one on this machine, so "
            + "processes of one group running side by side never share an id; 'none': a dynamic member."})
    public String instanceId;

    @Option(names = "--max-messages", paramLabel = "N", defaultValue = "0",
        description = "Stop after N messages (0 = no limit).")
    public long maxMessages;

    @Option(names = "--idle-timeout", paramLabel = "DURATION",
        description = {"Stop once no message arrived for this long and every partition of the topic (all of them, "
            + "not only this member's) is loaded to its end, e.g. 10s or PT10S (default: run until Ctrl-C)."})
    public String idleTimeout;

    @Option(names = "--max-wait", paramLabel = "DURATION",
        description = {"With --idle-timeout: give up after this long without progress anywhere in the topic while "
            + "records are left unread (partitions held by other members, say); the run then exits 4 "
            + "(default: 2m)."})
    public String maxWait;

    @Option(names = "--max-poll-records", paramLabel = "N", defaultValue = "" + KafkaClients.MAX_POLL_RECORDS,
        description = "Records per poll, i.e. per database transaction at most (default: ${DEFAULT-VALUE}).")
    public int maxPollRecords;

    @Option(names = "--metrics-port", paramLabel = "PORT",
        description = {"Serve live metrics in Prometheus' text format on http://HOST:PORT/metrics while the stage "
            + "runs: records loaded, dead letters, batch latency, lag per partition, the Kafka consumer's own "
            + "metrics (docs/reliability.md). 0: any free port, logged. Default: no endpoint."})
    public Integer metricsPort;

    @Option(names = "--metrics-host", paramLabel = "HOST",
        description = {"With --metrics-port: the address the endpoint listens on (default: the loopback address, "
            + "reachable from this machine only; 0.0.0.0 for every interface)."})
    public String metricsHost;

    @Option(names = "--metrics-lag-interval", paramLabel = "DURATION",
        description = {"With --metrics-port: how often the lag per partition is measured (broker end offsets "
            + "against the database's stored offsets), e.g. 5s (default: " + DEFAULT_METRICS_LAG_INTERVAL_TEXT + ")."})
    public String metricsLagInterval;

    /** What --metrics-lag-interval is when not given. */
    public static final Duration DEFAULT_METRICS_LAG_INTERVAL = Duration.ofSeconds(5);
    private static final String DEFAULT_METRICS_LAG_INTERVAL_TEXT = "5s";

    /**
     * The metrics endpoint asked for, or null without --metrics-port (the default: none). A port
     * outside 0-65535, a --metrics-host or --metrics-lag-interval without --metrics-port, or a lag
     * interval that is not positive, is a usage error.
     */
    public MetricsEndpoint metricsEndpoint() {
        Duration every = parseDuration("--metrics-lag-interval", metricsLagInterval);
        if (metricsPort == null) {
            if (metricsHost != null || every != null) {
                throw usage((metricsHost != null ? "--metrics-host" : "--metrics-lag-interval") + " needs --metrics-port");
            }
            return null;
        }
        if (metricsPort < 0 || metricsPort > 65535) throw usage("--metrics-port: not a port: " + metricsPort);
        if (every != null && every.isZero()) throw usage("--metrics-lag-interval: must be more than 0");
        String host = metricsHost == null || metricsHost.isBlank() ? null : metricsHost.strip();
        return new MetricsEndpoint(host, metricsPort, every != null ? every : DEFAULT_METRICS_LAG_INTERVAL);
    }

    /**
     * Where the live metrics are served.
     *
     * @param host null: the loopback address
     * @param port 0: any free port
     */
    public record MetricsEndpoint(String host, int port, Duration lagInterval) {}

    private static io.subtrack.common.cli.StageFailure usage(String message) {
        return new io.subtrack.common.cli.StageFailure(message, null, io.subtrack.common.cli.ExitCode.USAGE);
    }

    public Duration idleTimeout() {
        return parseDuration("--idle-timeout", idleTimeout);
    }

    /** --max-wait, or {@link #DEFAULT_MAX_WAIT}. */
    public Duration maxWait() {
        Duration d = parseDuration("--max-wait", maxWait);
        return d != null ? d : DEFAULT_MAX_WAIT;
    }

    /** 10s, 1.5s, 500ms, 2m, PT10S or plain seconds; null for none. */
    public static Duration parseDuration(String option, String value) {
        if (value == null || value.isBlank()) return null;
        String s = value.strip().toUpperCase(java.util.Locale.ROOT);
        try {
            Duration d;
            if (s.startsWith("P")) d = Duration.parse(s);
            else if (s.endsWith("MS")) d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            else if (s.endsWith("S")) d = Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            else if (s.endsWith("M")) d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
            else d = Duration.ofSeconds(Long.parseLong(s));
            if (d.isNegative()) throw new IllegalArgumentException("negative");
            return d;
        } catch (RuntimeException e) {
            throw new io.subtrack.common.cli.StageFailure(option + ": not a duration: '" + value
                + "' (e.g. 10s, 500ms, 2m, PT10S)", e, io.subtrack.common.cli.ExitCode.USAGE);
        }
    }
}
