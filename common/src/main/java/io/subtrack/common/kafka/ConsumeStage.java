package io.subtrack.common.kafka;

import io.subtrack.common.cli.StageSummary;
import io.subtrack.common.config.ConsumerOptions;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.config.TopicOptions;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;

/** The whole run of a consumer stage: topics, consumer, dead-letter producer, the loop, SIGTERM handling, summary. */
public final class ConsumeStage {
    /** Builds the stage's writer once the dead-letter channel exists. */
    public interface WriterFactory {
        ConsumerLoop.BatchWriter create(DeadLetters deadLetters) throws Exception;
    }

    private ConsumeStage() {}

    public static StageSummary run(String stage, KafkaOptions kafka, TopicOptions topics, ConsumerOptions options,
                                   String topic, WriterFactory factory, PrintStream out) throws Exception {
        StageSummary summary = new StageSummary(stage);
        KafkaClients.ensureTopics(kafka, List.of(topic, topics.errorsTopic), topics.partitions);
        Map<String, Object> consumerConfig = KafkaClients.consumerConfig(kafka, options.group != null ? options.group : stage);
        consumerConfig.put("max.poll.records", options.maxPollRecords);
        try (Producer<byte[], byte[]> dlqProducer = new KafkaProducer<>(KafkaClients.producerConfig(kafka));
             ConsumerLoop.BatchWriter writer = factory.create(new DeadLetters(dlqProducer, topics.errorsTopic, stage))) {
            ConsumerLoop loop = new ConsumerLoop(new KafkaConsumer<>(consumerConfig), writer, options.maxMessages,
                options.idleTimeout());
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
            summary.finish().print(out);
        }
        return summary;
    }
}
