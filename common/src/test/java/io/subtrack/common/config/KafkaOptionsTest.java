package io.subtrack.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.kafka.KafkaClients;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.types.Password;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Client security settings pass through to every Kafka client, as kcat -X and Kafka's --command-config do. */
class KafkaOptionsTest {
    @Command(name = "probe")
    static final class Probe {
        @Mixin KafkaOptions kafka;
    }

    @TempDir Path dir;

    private KafkaOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.kafka;
    }

    /** The SASL_SSL example of docs/kafka-security.md. */
    private Path saslSslFile() throws IOException {
        Path file = dir.resolve("client.properties");
        Files.writeString(file, String.join("\n",
            "security.protocol=SASL_SSL",
            "sasl.mechanism=SCRAM-SHA-512",
            "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username=\"subtrack\" password=\"from-file\";",
            "ssl.truststore.location=/etc/subtrack/truststore.p12",
            "ssl.truststore.type=PKCS12",
            "ssl.truststore.password=trust-me",
            "ssl.endpoint.identification.algorithm=https"));
        return file;
    }

    @Test
    void connectTimeoutBoundsTheProducersMetadataWaitAndTheAdminCalls() {
        KafkaOptions given = parse("--connect-timeout", "1500ms");
        assertEquals(1500, given.connectTimeoutMs());
        assertEquals(1500, KafkaClients.producerConfig(given).get(ProducerConfig.MAX_BLOCK_MS_CONFIG));
        assertEquals(1500, KafkaClients.adminConfig(given).get(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG));
        assertEquals(1500, KafkaClients.adminConfig(given).get(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG));
        assertEquals(KafkaClients.CONNECT_TIMEOUT_MS, parse().connectTimeoutMs(), "15 s unless told");
        assertEquals(KafkaClients.CONNECT_TIMEOUT_MS, KafkaClients.producerConfig(parse()).get(ProducerConfig.MAX_BLOCK_MS_CONFIG));
        StageFailure zero = assertThrows(StageFailure.class, () -> parse("--connect-timeout", "0s").connectTimeoutMs());
        assertTrue(zero.getMessage().startsWith("--connect-timeout"), zero.getMessage());
        assertThrows(StageFailure.class, () -> parse("--connect-timeout", "soon").connectTimeoutMs());
    }

    @Test
    void commandConfigAndXReachProducerConsumerAndAdminConfigs() throws IOException {
        KafkaOptions options = parse("--bootstrap-server", "broker-1:9093", "--command-config", saslSslFile().toString(),
            "-X", "client.id=subtrack-test", "-X", "ssl.truststore.password=from-flag");
        List<Map<String, Object>> configs = List.of(
            KafkaClients.producerConfig(options), KafkaClients.consumerConfig(options, "g"), KafkaClients.adminConfig(options));
        for (Map<String, Object> config : configs) {
            assertEquals("broker-1:9093", config.get("bootstrap.servers"));
            assertEquals("SASL_SSL", config.get("security.protocol"));
            assertEquals("SCRAM-SHA-512", config.get("sasl.mechanism"));
            assertTrue(String.valueOf(config.get("sasl.jaas.config")).contains("password=\"from-file\""));
            assertEquals("/etc/subtrack/truststore.p12", config.get("ssl.truststore.location"));
            assertEquals("subtrack-test", config.get("client.id"));
            assertEquals("from-flag", config.get("ssl.truststore.password"), "-X wins over --command-config");
        }
    }

    @Test
    void userSettingsWinOverSubtrackDefaultsButDefaultsStayOtherwise() {
        KafkaOptions options = parse("-X", "compression.type=zstd", "-X", "auto.offset.reset=latest");
        Map<String, Object> producer = KafkaClients.producerConfig(options);
        assertEquals("zstd", producer.get(ProducerConfig.COMPRESSION_TYPE_CONFIG));
        assertEquals(true, producer.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG));
        assertEquals("all", producer.get(ProducerConfig.ACKS_CONFIG));
        Map<String, Object> consumer = KafkaClients.consumerConfig(options, "g");
        assertEquals("latest", consumer.get(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG));
        assertEquals(false, consumer.get(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG));
    }

    /** kafka-clients parses the passed-through settings: names and values are valid, secrets are typed as passwords. */
    @Test
    void kafkaClientsAcceptThePassedThroughSecuritySettings() throws IOException {
        KafkaOptions options = parse("--command-config", saslSslFile().toString());
        ProducerConfig producer = new ProducerConfig(KafkaClients.producerConfig(options));
        assertEquals("SASL_SSL", producer.getString("security.protocol"));
        Password jaas = producer.getPassword("sasl.jaas.config");
        assertTrue(jaas.value().contains("ScramLoginModule"));
        assertEquals("[hidden]", jaas.toString(), "kafka-clients masks the JAAS secret in its logs");
        ConsumerConfig consumer = new ConsumerConfig(KafkaClients.consumerConfig(options, "g"));
        assertEquals("SCRAM-SHA-512", consumer.getString("sasl.mechanism"));
        AdminClientConfig admin = new AdminClientConfig(KafkaClients.adminConfig(options));
        assertEquals("/etc/subtrack/truststore.p12", admin.getString("ssl.truststore.location"));
    }

    @Test
    void xWithoutValueSetsAnEmptyValueLikeKcat() {
        KafkaOptions options = parse("-X", "ssl.endpoint.identification.algorithm");
        assertEquals("", options.clientConfig().get("ssl.endpoint.identification.algorithm"));
    }

    @Test
    void aMissingCommandConfigFileIsAClearFailure() {
        KafkaOptions options = parse("--command-config", dir.resolve("absent.properties").toString());
        StageFailure e = assertThrows(StageFailure.class, options::clientConfig);
        assertTrue(e.getMessage().contains("absent.properties"), e.getMessage());
    }

    @Test
    void withoutExtrasOnlyTheBootstrapServerIsSet() {
        Map<String, Object> config = new HashMap<>(parse().clientConfig());
        assertEquals(Map.of("bootstrap.servers", "localhost:9092"), config);
    }
}
