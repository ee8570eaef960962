package io.subtrack.consumer.raw;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.VersionProvider;
import io.subtrack.common.config.ConsumerOptions;
import io.subtrack.common.config.DatabaseOptions;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.config.TopicOptions;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.kafka.ConsumeStage;
import java.sql.Connection;
import java.util.concurrent.Callable;
import io.subtrack.common.run.RecordedStage;
import io.subtrack.common.lineage.DatasetRef;
import io.subtrack.common.lineage.Datasets;
import io.subtrack.common.lineage.LineageOptions;
import io.subtrack.common.schema.RawTable;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "consumer-raw", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Loads raw messages from Kafka into the raw tables, verbatim, in batches.")
public final class ConsumerRawCommand implements Callable<Integer>, RecordedStage {
    /** Where the run's lineage events go (docs/lineage.md). */
    @Mixin LineageOptions lineage = new LineageOptions();

    @Mixin KafkaOptions kafka;
    @Mixin TopicOptions topics;
    @Mixin ConsumerOptions consumer;
    @Mixin DatabaseOptions database;

    @Option(names = "--topic", defaultValue = TopicOptions.RAW, description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    public static void main(String[] args) {
        Cli.main(new ConsumerRawCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        DatabaseDialect dialect = DatabaseDialect.forUrl(database.jdbcUrl);
        try (Connection c = Database.connect(database)) {
            SchemaApplier.applyRaw(c, dialect);
            RawLayout.check(c);
        }
        ConsumeStage.run("consumer-raw", kafka, topics, consumer, topic,
            dlq -> new RawLoader(() -> Database.connect(database), dialect, dlq), System.out);
        return 0;
    }

    @Override
    public List<DatasetRef> inputs() {
        return List.of(Datasets.kafkaTopic(kafka.bootstrapServer, topic));
    }

    @Override
    public List<DatasetRef> outputs() {
        return RawTable.all().stream().map(t -> Datasets.jdbcTable(database.jdbcUrl, t.tableName())).toList();
    }
}
