package io.subtrack.common.kafka;

import io.subtrack.common.cli.ExitCode;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.cli.StageSummary;
import io.subtrack.common.config.ConsumerOptions;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.config.TopicOptions;
import io.subtrack.common.metrics.ConsumerMetrics;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole run of a consumer stage: topics, member identity (a static member id of its own slot
 * unless --instance-id says otherwise), consumer, dead-letter producer, the loop, SIGTERM handling,
 * summary with the lag left per partition, and exit code 4 when a scripted run stops with records
 * of its topic left unread. With --metrics-port, live metrics are served while it runs ({@link ConsumerMetrics}).
 */
public final class ConsumeStage {
    private static final Logger log = LoggerFactory.getLogger(ConsumeStage.class);

    /** Builds the stage's writer once the dead-letter channel exists. */
    public interface WriterFactory {
        BatchWriter create(DeadLetters deadLetters) throws Exception;
    }

    private ConsumeStage() {}

    public static StageSummary run(String stage, KafkaOptions kafka, TopicOptions topics, ConsumerOptions options,
                                   String topic, WriterFactory factory, PrintStream out) throws Exception {
        StageSummary summary = new StageSummary(stage);
        Duration idleTimeout = options.idleTimeout();
        Duration maxWait = options.maxWait();
        // first, so a port that is taken stops the stage before it connects to anything; closed when run returns
        try (ConsumerMetrics metrics = ConsumerMetrics.start(stage, topic, options.metricsEndpoint())) {
            return run(stage, kafka, topics, options, topic, factory, out, summary, idleTimeout, maxWait, metrics);
        }
    }

    private static StageSummary run(String stage, KafkaOptions kafka, TopicOptions topics, ConsumerOptions options,
                                    String topic, WriterFactory factory, PrintStream out, StageSummary summary,
                                    Duration idleTimeout, Duration maxWait, ConsumerMetrics metrics) throws Exception {
        KafkaClients.ensureTopics(kafka, List.of(topic, topics.errorsTopic), topics.partitions);
        String group = options.group != null ? options.group : stage;
        try (InstanceSlot slot = options.instanceId == null ? InstanceSlot.acquire(InstanceSlot.defaultDirectory(), group) : null) {
            String instanceId = slot != null ? slot.instanceId(group)
                : ConsumerOptions.DYNAMIC.equalsIgnoreCase(options.instanceId.strip()) ? null : options.instanceId.strip();
            log.info("group {}, {}", group, instanceId != null ? "static member " + instanceId : "dynamic member");
            Map<String, Object> consumerConfig = KafkaClients.consumerConfig(kafka, group, instanceId);
            consumerConfig.put("max.poll.records", options.maxPollRecords);
            ConsumerLoop loop;
            try (Producer<byte[], byte[]> dlqProducer = new KafkaProducer<>(KafkaClients.producerConfig(kafka));
                 BatchWriter writer = factory.create(new DeadLetters(dlqProducer, topics.errorsTopic, stage))) {
                KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig);
                loop = new ConsumerLoop(consumer, writer, options.maxMessages, idleTimeout, maxWait);
                if (metrics != null) {
                    metrics.bind(consumer, writer);
                    loop.listener(metrics, metrics.lagInterval());
                }
                Thread stopper = new Thread(loop::stopAndWait, stage + "-shutdown");
                Runtime.getRuntime().addShutdownHook(stopper);
                long consumed;
                try {
                    consumed = loop.run(List.of(topic));
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(stopper);
                    } catch (IllegalStateException shuttingDown) {
                        // the JVM is stopping because of SIGTERM: the hook is what brought us here
                    }
                }
                summary.in(consumed).out(writer.loaded()).rejected(writer.deadLettered()).detail("topic", topic);
                writer.details().forEach(summary::detail);
                summary.detail("member", instanceId != null ? instanceId : "dynamic");
                summary.lag(perPartition(loop.lagAtExit()));
                summary.finish().print(out);
            }
            long left = loop.recordsLeft();
            if (left != 0) {
                String why = loop.stop() == ConsumerLoop.Stop.MAX_WAIT
                    ? "nothing progressed for " + seconds(maxWait) + " (--max-wait) while the partitions that lag were"
                        + " held by other members of group " + group + " (a dead member keeps its partitions until"
                        + " the session timeout) or their records were not settled"
                    : "records arrived after the topic was found loaded";
                throw new StageFailure("stopped with " + (left < 0 ? "an unknown number of" : String.valueOf(left))
                    + " records of " + topic + " left unread (lag " + ConsumerLoop.describe(loop.lagAtExit()) + "): "
                    + why + "; what was loaded is committed, a next run loads the rest", null, ExitCode.RECORDS_LEFT);
            }
        }
        return summary;
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Partition number to lag, for a single topic (null stays null: unknown). */
    static Map<Integer, Long> perPartition(Map<TopicPartition, Long> lag) {
        if (lag == null) return null;
        Map<Integer, Long> m = new TreeMap<>();
        lag.forEach((tp, n) -> m.merge(tp.partition(), n, Long::sum));
        return m;
    }
}
