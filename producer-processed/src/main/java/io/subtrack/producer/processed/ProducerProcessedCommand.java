package io.subtrack.producer.processed;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.VersionProvider;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.config.TopicOptions;
import io.subtrack.common.kafka.PublishStage;
import io.subtrack.common.schema.ProcessedTable;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import io.subtrack.common.run.RecordedStage;
import io.subtrack.common.config.DatabaseOptions;
import io.subtrack.common.lineage.DatasetRef;
import io.subtrack.common.lineage.Datasets;
import io.subtrack.common.lineage.LineageOptions;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "producer-processed", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Publishes the cleaned processed-model JSON file to Kafka, one message per record.")
public final class ProducerProcessedCommand implements Callable<Integer>, RecordedStage {
    /** Where the run's lineage events go (docs/lineage.md). */
    @Mixin LineageOptions lineage = new LineageOptions();

    /** Where this run goes on record (subtrack_runs); a database it cannot reach is reported and skipped. */
    @Mixin DatabaseOptions database = new DatabaseOptions();

    @Mixin KafkaOptions kafka;
    @Mixin TopicOptions topics;

    @Option(names = "--input", defaultValue = "cleaned_data_output.json", paramLabel = "FILE",
        description = "Cleaned JSON file keyed by processed table (default: ${DEFAULT-VALUE}).")
    Path input;

    @Option(names = "--topic", defaultValue = TopicOptions.PROCESSED, description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--run-id", description = "Run id carried in every message's headers (default: a new UUID).")
    String runId;

    public static void main(String[] args) {
        Cli.main(new ProducerProcessedCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        PublishStage.run("producer-processed", kafka, topics, topic, input, runId, table -> {
            ProcessedTable t = ProcessedTable.byName(table);
            return t == null ? null : t.primaryKey();
        }, System.out);
        return 0;
    }

    @Override
    public List<DatasetRef> inputs() {
        return List.of(Datasets.file(input.toAbsolutePath()));
    }

    @Override
    public List<DatasetRef> outputs() {
        return List.of(Datasets.kafkaTopic(kafka.bootstrapServer, topic));
    }
}
