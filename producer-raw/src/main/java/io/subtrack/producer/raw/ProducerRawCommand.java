package io.subtrack.producer.raw;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.VersionProvider;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.config.TopicOptions;
import io.subtrack.common.kafka.PublishStage;
import io.subtrack.common.schema.RawTable;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "producer-raw", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Publishes a SubTrack raw JSON file to Kafka, one message per record.")
public final class ProducerRawCommand implements Callable<Integer> {
    @Mixin KafkaOptions kafka;
    @Mixin TopicOptions topics;

    @Option(names = "--input", defaultValue = "raw_data_output.json", paramLabel = "FILE",
        description = "Raw JSON file in the SubTrack layout (default: ${DEFAULT-VALUE}).")
    Path input;

    @Option(names = "--topic", defaultValue = TopicOptions.RAW, description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--run-id", description = "Run id carried in every message's headers (default: a new UUID).")
    String runId;

    public static void main(String[] args) {
        Cli.main(new ProducerRawCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        PublishStage.run("producer-raw", kafka, topics, topic, input, runId, table -> {
            RawTable t = RawTable.byName(table);
            return t == null ? null : t.keyFields();
        }, System.out);
        return 0;
    }
}
