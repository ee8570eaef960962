package io.subtrack.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.cli.ExitCode;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.config.ConsumerOptions;
import io.subtrack.common.kafka.BatchWriter;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The consumers' --metrics-port: off unless asked for, on loopback, Prometheus text, gone once closed. */
class ConsumerMetricsTest {
    @Command(name = "probe")
    static final class Probe {
        @Mixin ConsumerOptions consumer;
    }

    private static ConsumerOptions parse(String... args) {
        Probe probe = new Probe();
        new CommandLine(probe).parseArgs(args);
        return probe.consumer;
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    /** A writer whose counts the test sets. */
    static final class CountingWriter implements BatchWriter {
        volatile long loaded;
        volatile long deadLettered;

        @Override
        public Map<TopicPartition, Long> write(List<ConsumerRecord<byte[], byte[]>> batch) {
            return Map.of();
        }

        @Override
        public long loaded() {
            return loaded;
        }

        @Override
        public long deadLettered() {
            return deadLettered;
        }

        @Override
        public Map<String, Long> details() {
            return Map.of();
        }
    }

    @Test
    void noEndpointWithoutMetricsPort() {
        ConsumerOptions options = parse();
        assertNull(options.metricsEndpoint(), "no --metrics-port: no endpoint");
        assertNull(ConsumerMetrics.start("consumer-raw", "t", options.metricsEndpoint()));
    }

    @Test
    void theEndpointListensOnLoopbackUnlessAHostIsGiven() {
        ConsumerOptions.MetricsEndpoint e = parse("--metrics-port", "9400").metricsEndpoint();
        assertEquals(9400, e.port());
        assertNull(e.host(), "loopback");
        assertEquals(ConsumerOptions.DEFAULT_METRICS_LAG_INTERVAL, e.lagInterval());
        ConsumerOptions.MetricsEndpoint all = parse("--metrics-port", "9400", "--metrics-host", "0.0.0.0",
            "--metrics-lag-interval", "2s").metricsEndpoint();
        assertEquals("0.0.0.0", all.host());
        assertEquals(Duration.ofSeconds(2), all.lagInterval());
    }

    @Test
    void metricsOptionsWithoutAPortOrOutOfRangeAreUsageErrors() {
        for (String[] args : List.of(new String[] {"--metrics-host", "0.0.0.0"},
                new String[] {"--metrics-lag-interval", "5s"},
                new String[] {"--metrics-port", "65536"},
                new String[] {"--metrics-port", "-1"},
                new String[] {"--metrics-port", "9400", "--metrics-lag-interval", "0s"},
                new String[] {"--metrics-port", "9400", "--metrics-lag-interval", "soon"})) {
            StageFailure f = assertThrows(StageFailure.class, () -> parse(args).metricsEndpoint(), String.join(" ", args));
            assertEquals(ExitCode.USAGE, f.exitCode(), f.getMessage());
        }
    }

    @Test
    void servesTheMetersInPrometheusTextOnLoopbackAndStopsWhenClosed() throws Exception {
        ConsumerOptions.MetricsEndpoint endpoint = parse("--metrics-port", "0").metricsEndpoint();
        CountingWriter writer = new CountingWriter();
        Properties p = new Properties();
        p.put("bootstrap.servers", "127.0.0.1:9"); // built, never polled: its metrics exist without a broker
        p.put("group.id", "metrics-test");
        String url;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
             ConsumerMetrics metrics = ConsumerMetrics.start("consumer-raw", "raw_t", endpoint)) {
            assertNotNull(metrics);
            url = metrics.url();
            assertTrue(url.startsWith("http://127.0.0.1:"), url);
            int dispatchers = 0;
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("HTTP-Dispatcher") || t.getName().startsWith("metrics-")) {
                    assertTrue(t.isDaemon(), t.getName() + " must not keep the JVM alive");
                    if (t.getName().startsWith("HTTP-Dispatcher")) dispatchers++;
                }
            }
            assertTrue(dispatchers > 0, "the JDK server's dispatcher thread was looked at");
            metrics.bind(consumer, writer);

            HttpResponse<String> before = get(url);
            assertEquals(200, before.statusCode());
            assertTrue(before.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
            assertEquals(0.0, value(before.body(), "subtrack_consumer_records_loaded_total{stage=\"consumer-raw\",topic=\"raw_t\"}"));
            assertTrue(Double.isNaN(value(before.body(), "subtrack_consumer_lag_age_seconds{stage=\"consumer-raw\",topic=\"raw_t\"}")),
                "no lag measured yet");
            assertTrue(before.body().contains("kafka_consumer_"), "the consumer's own metrics");
            assertTrue(before.body().contains("jvm_memory_used_bytes"), "the JVM's");

            writer.loaded = 120;
            writer.deadLettered = 3;
            metrics.batchWritten(100, TimeUnit.MILLISECONDS.toNanos(30));
            metrics.batchWritten(23, TimeUnit.MILLISECONDS.toNanos(3));
            metrics.lagMeasured(Map.of(new TopicPartition("raw_t", 0), 7L, new TopicPartition("raw_t", 1), 0L));
            String after = get(url).body();
            String raw = "stage=\"consumer-raw\",topic=\"raw_t\"";
            assertEquals(120.0, value(after, "subtrack_consumer_records_loaded_total{" + raw + "}"));
            assertEquals(3.0, value(after, "subtrack_consumer_dead_letters_total{" + raw + "}"));
            assertEquals(123.0, value(after, "subtrack_consumer_records_consumed_total{" + raw + "}"));
            assertEquals(2.0, value(after, "subtrack_consumer_batch_load_seconds_count{" + raw + "}"));
            assertEquals(0.033, value(after, "subtrack_consumer_batch_load_seconds_sum{" + raw + "}"), 1e-9);
            assertEquals(1.0, value(after, "subtrack_consumer_batch_load_seconds_bucket{" + raw + ",le=\"0.005\"}"));
            assertEquals(2.0, value(after, "subtrack_consumer_batch_load_seconds_bucket{" + raw + ",le=\"0.05\"}"));
            assertEquals(7.0, value(after, "subtrack_consumer_lag_records{partition=\"0\"," + raw + "}"));
            assertEquals(0.0, value(after, "subtrack_consumer_lag_records{partition=\"1\"," + raw + "}"));
            assertTrue(value(after, "subtrack_consumer_lag_age_seconds{" + raw + "}") < 60);

            metrics.lagMeasured(Map.of(new TopicPartition("raw_t", 0), 0L, new TopicPartition("raw_t", 1), 0L));
            assertEquals(0.0, value(get(url).body(), "subtrack_consumer_lag_records{partition=\"0\"," + raw + "}"));

            assertEquals(404, get(url.replace("/metrics", "/other")).statusCode());
        }
        assertThrows(ConnectException.class, () -> get(url), "the endpoint is gone once closed");
    }

    @Test
    void aPortInUseStopsTheStage() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            ConsumerOptions.MetricsEndpoint endpoint = parse("--metrics-port", String.valueOf(taken.getLocalPort())).metricsEndpoint();
            StageFailure f = assertThrows(StageFailure.class, () -> ConsumerMetrics.start("consumer-raw", "t", endpoint));
            assertEquals(ExitCode.FAILED, f.exitCode());
            assertTrue(f.getMessage().contains("port " + taken.getLocalPort()), f.getMessage());
        }
    }

    /** The value of one sample line, by its exact name and labels. */
    static double value(String scrape, String sample) {
        for (String line : scrape.split("\n")) {
            if (line.startsWith(sample + " ")) return Double.parseDouble(line.substring(sample.length() + 1).strip());
        }
        throw new AssertionError("no sample " + sample + " in:\n" + scrape);
    }
}
