package io.subtrack.common.config;

import io.subtrack.common.cli.StageFailure;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
