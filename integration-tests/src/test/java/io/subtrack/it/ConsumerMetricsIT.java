package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.test.Fixtures;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * consumer-raw run with --metrics-port on the real dev broker and dev-db, scraped over
 * HTTP while it loads. The test holds a SHARE lock on subtrack_load_offsets at first, which lets the
 * consumer read what is stored but keeps its first batch from committing: the first scrapes see
 * nothing loaded and every partition lagging by its end offset, whatever the machine's speed. Once
 * the lock goes, records loaded rises to the fixture's count and every partition's lag falls to 0;
 * after the run ends, the port refuses connections.
 */
@ExtendWith(EmbeddedStackExtension.class)
class ConsumerMetricsIT {
    static final Duration DEADLINE = Duration.ofSeconds(90);
    static EmbeddedStack stack;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start(EmbeddedStack started) {
        stack = started;
    }

    @Test
    void consumerRawServesRecordsLoadedAndLagPerPartitionWhileItLoadsAndStopsServingWhenItExits() throws Exception {
        String topic = "raw_metrics";
        String jdbcUrl = stack.jdbcUrl("metrics");
        try (Connection c = DriverManager.getConnection(jdbcUrl)) {
            SchemaApplier.applyRaw(c, DatabaseDialect.forUrl(jdbcUrl)); // the table to lock exists before the consumer starts
        }
        var produced = EmbeddedStack.run(new ProducerRawCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--input", Fixtures.rawSample().toString());
        assertEquals(0, produced.exitCode(), produced.output());
        long published = produced.summary("out"); // the fixture's records and an end-of-extract marker per partition
        Map<Integer, Long> endOffsets = endOffsets(topic);
        assertEquals(3, endOffsets.size(), endOffsets.toString());

        int port = freePort();
        String url = "http://localhost:" + port + "/metrics";
        CompletableFuture<EmbeddedStack.Run> consumer;
        List<Scrape> seen = new ArrayList<>();
        try (Connection lock = DriverManager.getConnection(jdbcUrl)) {
            lock.setAutoCommit(false);
            try (Statement st = lock.createStatement()) {
                // reads of the table go on (where each partition starts, the lag); the batch's offsets cannot be stored
                st.execute("LOCK TABLE subtrack_load_offsets IN SHARE MODE");
            }
            consumer = CompletableFuture.supplyAsync(() -> EmbeddedStack.run(new ConsumerRawCommand(),
                "--bootstrap-server", stack.bootstrap(), "--topic", topic, "--group", "metrics",
                "--jdbc-url", jdbcUrl, "--idle-timeout", "5s", "--max-poll-records", "200",
                "--metrics-port", String.valueOf(port), "--metrics-lag-interval", "500ms"));

            Scrape blocked = scrapeUntil(url, consumer, s -> s.lag(topic).size() == 3, "a lag for each of the 3 partitions");
            seen.add(blocked);
            assertEquals(endOffsets, blocked.lag(topic), "nothing stored yet: each partition lags by its end offset");
            assertEquals(0.0, blocked.value("subtrack_consumer_records_loaded_total", topic));
            assertEquals(0.0, blocked.value("subtrack_consumer_dead_letters_total", topic));
            lock.rollback(); // the first batch commits now
        }

        Scrape last = scrapeUntil(url, consumer, s -> {
            seen.add(s);
            return s.value("subtrack_consumer_records_loaded_total", topic) > 0
                && s.lag(topic).size() == 3 && s.lag(topic).values().stream().allMatch(n -> n == 0)
                && s.sum("kafka_consumer_fetch_manager_records_consumed_total") > 0;
        }, "every partition's lag 0 and the Kafka consumer's own metrics");
        long rows = 0;
        for (RawTable t : RawTable.all()) rows += stack.count("metrics", t.tableName());
        assertTrue(rows > published / 2, rows + " rows of " + published + " records");
        assertEquals(rows, (long) last.value("subtrack_consumer_records_loaded_total", topic),
            "with the lag 0, records loaded is every row the database holds");
        for (int i = 1; i < seen.size(); i++) {
            Scrape before = seen.get(i - 1), after = seen.get(i);
            assertTrue(after.value("subtrack_consumer_records_loaded_total", topic)
                >= before.value("subtrack_consumer_records_loaded_total", topic), "records loaded never goes back");
            assertTrue(after.totalLag(topic) <= before.totalLag(topic), "the lag never grows: " + before.lag(topic) + " then " + after.lag(topic));
        }
        assertTrue(last.value("subtrack_consumer_batch_load_seconds_count", topic) >= published / 200.0,
            "every batch of at most 200 records timed");
        assertEquals(published, (long) last.value("subtrack_consumer_records_consumed_total", topic));
        assertEquals(0.0, last.value("subtrack_consumer_dead_letters_total", topic));
        assertTrue(last.value("subtrack_consumer_lag_age_seconds", topic) < 5, "the lag is measured every 500 ms");
        assertTrue(last.body.contains("jvm_memory_used_bytes{"), "the JVM's metrics");
        assertTrue(last.body.lines().filter(l -> l.startsWith("kafka_consumer_")).allMatch(l -> l.contains("stage=\"consumer-raw\"")),
            "the Kafka client's metrics carry the stage label too");

        EmbeddedStack.Run run = consumer.get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(rows, run.summary("out"));
        assertTrue(run.output().contains("metrics on http://127.0.0.1:" + port + "/metrics"), run.output());
        assertThrows(ConnectException.class, () -> scrape(url), "the endpoint is gone once the consumer exited");
    }

    /** Scrapes until {@code done} holds, the consumer has exited, or the deadline passes. */
    private Scrape scrapeUntil(String url, CompletableFuture<EmbeddedStack.Run> consumer, Predicate<Scrape> done,
                               String what) throws Exception {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        Scrape last = null;
        Exception lastFailure = null;
        while (System.nanoTime() < deadline) {
            if (consumer.isDone()) {
                throw new AssertionError("consumer-raw exited before " + what + ":\n" + consumer.get().output()
                    + "\nlast scrape:\n" + (last != null ? last.body : lastFailure));
            }
            try {
                last = scrape(url);
                if (done.test(last)) return last;
            } catch (ConnectException notYet) {
                lastFailure = notYet; // the stage has not bound its port yet
            }
            try {
                consumer.get(100, TimeUnit.MILLISECONDS); // a pause that ends early if the consumer exits
            } catch (java.util.concurrent.TimeoutException stillRunning) {
                // scrape again
            }
        }
        throw new AssertionError("no " + what + " within " + DEADLINE + "; last scrape:\n" + (last != null ? last.body : lastFailure));
    }

    private Scrape scrape(String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"), r.headers().toString());
        return new Scrape(r.body());
    }

    /** One scrape's samples: name, labels, value. */
    record Scrape(String body) {
        record Sample(String name, Map<String, String> labels, double value) {}

        List<Sample> samples() {
            List<Sample> out = new ArrayList<>();
            for (String line : body.split("\n")) {
                if (line.isBlank() || line.startsWith("#")) continue;
                int space = line.lastIndexOf(' ');
                String key = line.substring(0, space);
                double value = Double.parseDouble(line.substring(space + 1));
                int brace = key.indexOf('{');
                Map<String, String> labels = new HashMap<>();
                if (brace >= 0) {
                    for (String kv : key.substring(brace + 1, key.length() - 1).split(",")) {
                        int eq = kv.indexOf('=');
                        labels.put(kv.substring(0, eq), kv.substring(eq + 2, kv.length() - 1));
                    }
                }
                out.add(new Sample(brace >= 0 ? key.substring(0, brace) : key, labels, value));
            }
            return out;
        }

        /** The one sample of a consumer-raw meter of the topic. */
        double value(String name, String topic) {
            List<Sample> l = samples().stream().filter(s -> s.name.equals(name) && topic.equals(s.labels.get("topic"))
                && "consumer-raw".equals(s.labels.get("stage"))).toList();
            if (l.size() != 1) throw new AssertionError(l.size() + " samples of " + name + " for " + topic + " in:\n" + body);
            return l.get(0).value;
        }

        double sum(String name) {
            return samples().stream().filter(s -> s.name.equals(name)).mapToDouble(Sample::value).sum();
        }

        Map<Integer, Long> lag(String topic) {
            return samples().stream().filter(s -> s.name.equals("subtrack_consumer_lag_records") && topic.equals(s.labels.get("topic")))
                .collect(Collectors.toMap(s -> Integer.parseInt(s.labels.get("partition")), s -> (long) s.value, (a, b) -> a, TreeMap::new));
        }

        long totalLag(String topic) {
            return lag(topic).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** Each partition's end offset as a read_committed consumer sees it. */
    private static Map<Integer, Long> endOffsets(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", stack.bootstrap());
        p.put("isolation.level", "read_committed");
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> all = new ArrayList<>();
            for (PartitionInfo pi : c.partitionsFor(topic, Duration.ofSeconds(10))) all.add(new TopicPartition(topic, pi.partition()));
            Map<Integer, Long> out = new TreeMap<>();
            c.endOffsets(all, Duration.ofSeconds(10)).forEach((tp, n) -> out.put(tp.partition(), n));
            return out;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
