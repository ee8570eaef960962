package io.subtrack.common.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.subtrack.common.cli.ExitCode;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.config.ConsumerOptions.MetricsEndpoint;
import io.subtrack.common.kafka.BatchWriter;
import io.subtrack.common.kafka.ConsumerLoop;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live metrics of a consumer stage ({@code --metrics-port}): a Prometheus registry, the endpoint
 * that serves it, and the meters the stage feeds as a {@link ConsumerLoop.Listener}. Every meter has
 * the label {@code stage}; the stage's own have {@code topic}, the lag {@code partition} too:
 * <ul>
 * <li>{@code subtrack_consumer_records_consumed_total}: records handed to the writer;</li>
 * <li>{@code subtrack_consumer_records_loaded_total}: rows the writer loaded ({@link BatchWriter#loaded()});</li>
 * <li>{@code subtrack_consumer_dead_letters_total}: messages sent to the errors topic ({@link BatchWriter#deadLettered()});</li>
 * <li>{@code subtrack_consumer_batch_load_seconds}: histogram of the time {@link BatchWriter#write} took per batch;</li>
 * <li>{@code subtrack_consumer_lag_records}: per partition of the topic (all of them, not only this member's),
 *     end offset minus the offset the database stores as loaded, as --idle-timeout measures it;</li>
 * <li>{@code subtrack_consumer_lag_age_seconds}: how old that measure is;</li>
 * <li>{@code kafka_consumer_*}: the Kafka consumer's own metrics (Micrometer's {@link KafkaClientMetrics});</li>
 * <li>{@code jvm_*}, {@code process_*}, {@code system_*}: the JVM's memory, GC, threads, CPU and uptime.</li>
 * </ul>
 * Closing it stops the endpoint first, then the Kafka binder's refresh thread; every thread it starts is a daemon.
 */
public final class ConsumerMetrics implements ConsumerLoop.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConsumerMetrics.class);
    /** Upper bounds of the batch latency histogram's buckets. */
    static final Duration[] BATCH_BUCKETS = {
        Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
        Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
        Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
    /** How often the Kafka binder looks for metrics the consumer added (per-partition ones appear on assignment). */
    static final Duration KAFKA_METRICS_REFRESH = Duration.ofSeconds(10);

    private final PrometheusMeterRegistry registry;
    private final MetricsServer server;
    private final Tags tags;
    private final Duration lagInterval;
    private final Timer batchLoad;
    private final Counter consumed;
    private final Map<TopicPartition, AtomicLong> lag = new ConcurrentHashMap<>();
    /** System.nanoTime of the last lag measure; 0 until the first. */
    private volatile long lagMeasuredAt;
    private final List<AutoCloseable> binders = new ArrayList<>();
    private ScheduledExecutorService kafkaRefresh;

    private ConsumerMetrics(PrometheusMeterRegistry registry, MetricsServer server, String topic, Duration lagInterval) {
        this.registry = registry;
        this.server = server;
        this.tags = Tags.of("topic", topic);
        this.lagInterval = lagInterval;
        this.batchLoad = Timer.builder("subtrack.consumer.batch.load")
            .description("Time BatchWriter.write took per batch: loading it, or for a loader that sends a batch "
                + "in the background, preparing it and waiting for the one before")
            .tags(tags).serviceLevelObjectives(BATCH_BUCKETS).register(registry);
        this.consumed = Counter.builder("subtrack.consumer.records.consumed")
            .description("Records polled from Kafka and handed to the writer").tags(tags).register(registry);
        Gauge.builder("subtrack.consumer.lag.age", this, m -> m.lagAge())
            .description("Seconds since the lag per partition was last measured (NaN: never)")
            .baseUnit("seconds").tags(tags).register(registry);
    }

    /**
     * Starts the endpoint of a stage reading {@code topic}, or returns null when none was asked for. A
     * port that cannot be bound stops the stage (exit 1) before it connects to anything.
     */
    public static ConsumerMetrics start(String stage, String topic, MetricsEndpoint endpoint) {
        if (endpoint == null) return null;
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().commonTags("stage", stage);
        MetricsServer server;
        try {
            server = MetricsServer.start(endpoint.host(), endpoint.port(), registry);
        } catch (IOException e) {
            registry.close();
            String where = (endpoint.host() == null ? "the loopback address" : endpoint.host()) + " port " + endpoint.port();
            throw new StageFailure("--metrics-port: cannot serve metrics on " + where + ": " + e.getMessage(), e,
                ExitCode.FAILED);
        }
        ConsumerMetrics metrics = new ConsumerMetrics(registry, server, topic, endpoint.lagInterval());
        try {
            metrics.bindJvm();
        } catch (RuntimeException e) {
            metrics.close();
            throw e;
        }
        log.info("metrics on {} (lag measured every {} ms)", server.url(), endpoint.lagInterval().toMillis());
        return metrics;
    }

    private void bindJvm() {
        bind(new JvmMemoryMetrics());
        bind(new JvmGcMetrics());
        bind(new JvmThreadMetrics());
        bind(new ProcessorMetrics());
        bind(new UptimeMetrics());
    }

    private void bind(MeterBinder binder) {
        binder.bindTo(registry);
        if (binder instanceof AutoCloseable c) binders.add(c);
    }

    /** Binds the consumer's own metrics (kafka_consumer_*) and the writer's counts. */
    public void bind(Consumer<?, ?> consumer, BatchWriter writer) {
        FunctionCounter.builder("subtrack.consumer.records.loaded", writer, BatchWriter::loaded)
            .description("Rows the writer loaded into the database").tags(tags).register(registry);
        FunctionCounter.builder("subtrack.consumer.dead.letters", writer, BatchWriter::deadLettered)
            .description("Messages sent to the errors topic").tags(tags).register(registry);
        kafkaRefresh = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "metrics-kafka-refresh");
            t.setDaemon(true);
            return t;
        });
        bind(new KafkaClientMetrics(consumer, Tags.empty(), kafkaRefresh, KAFKA_METRICS_REFRESH));
    }

    /** How often the loop should measure the lag for these metrics. */
    public Duration lagInterval() {
        return lagInterval;
    }

    /** The endpoint's URL, http://host:port/metrics. */
    public String url() {
        return server.url();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void batchWritten(int records, long nanos) {
        batchLoad.record(nanos, TimeUnit.NANOSECONDS);
        consumed.increment(records);
    }

    @Override
    public void lagMeasured(Map<TopicPartition, Long> measured) {
        measured.forEach((tp, n) -> lag.computeIfAbsent(tp, this::lagGauge).set(n));
        lagMeasuredAt = System.nanoTime();
    }

    private AtomicLong lagGauge(TopicPartition tp) {
        AtomicLong value = new AtomicLong();
        Gauge.builder("subtrack.consumer.lag", value, AtomicLong::get)
            .description("Records of the partition the database does not hold as loaded: end offset minus stored offset")
            .baseUnit("records").tags(Tags.of("topic", tp.topic(), "partition", String.valueOf(tp.partition())))
            .register(registry);
        return value;
    }

    private double lagAge() {
        long at = lagMeasuredAt;
        return at == 0 ? Double.NaN : (System.nanoTime() - at) / 1e9;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            for (AutoCloseable c : binders) {
                try {
                    c.close();
                } catch (Exception e) {
                    log.debug("closing a metrics binder: {}", e.toString());
                }
            }
            if (kafkaRefresh != null) kafkaRefresh.shutdownNow();
            registry.close();
        }
    }
}
