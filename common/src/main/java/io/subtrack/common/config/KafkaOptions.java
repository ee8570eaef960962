package io.subtrack.common.config;

import io.subtrack.common.cli.StageFailure;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/** Kafka connection options shared by every program that talks to Kafka (picocli mixin). */
public class KafkaOptions {
    @Option(names = "--bootstrap-server", paramLabel = "HOST:PORT", defaultValue = "localhost:9092",
        description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE}; env SUBTRACK_BOOTSTRAP_SERVER).")
    public String bootstrapServer;

    @Option(names = "--command-config", paramLabel = "FILE",
        description = "Properties file of extra Kafka client settings (SASL, SSL, ...), as Kafka's own tools take.")
    public Path commandConfig;

    @Option(names = "-X", paramLabel = "KEY=VALUE", mapFallbackValue = "",
        description = "Extra Kafka client property, repeatable (as kcat -X). Overrides --command-config.")
    public Map<String, String> clientProperties = new LinkedHashMap<>();

    @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = DEFAULT_CONNECT_TIMEOUT_TEXT,
        description = {"How long an unreachable broker may keep the program waiting (topic set-up, a producer's "
            + "metadata) before it exits 1, e.g. 15s (default: ${DEFAULT-VALUE}; env SUBTRACK_CONNECT_TIMEOUT)."})
    public String connectTimeout;

    /** What --connect-timeout is when not given. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(15);
    private static final String DEFAULT_CONNECT_TIMEOUT_TEXT = "15s";

    /** --connect-timeout in milliseconds, or {@link #DEFAULT_CONNECT_TIMEOUT}'s when not set; 0 is a usage error. */
    public int connectTimeoutMs() {
        Duration d = ConsumerOptions.parseDuration("--connect-timeout", connectTimeout);
        if (d == null) return (int) DEFAULT_CONNECT_TIMEOUT.toMillis();
        if (d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
            throw new StageFailure("--connect-timeout: must be more than 0 and less than 24 days: '" + connectTimeout + "'",
                null, io.subtrack.common.cli.ExitCode.USAGE);
        }
        return (int) d.toMillis();
    }

    /** Client properties common to producers, consumers and the admin client. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("bootstrap.servers", bootstrapServer);
        if (commandConfig != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(commandConfig, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new StageFailure("cannot read --command-config " + commandConfig + ": " + e.getMessage(), e);
            }
            p.forEach((k, v) -> config.put((String) k, v));
        }
        config.putAll(clientProperties);
        return config;
    }
}
