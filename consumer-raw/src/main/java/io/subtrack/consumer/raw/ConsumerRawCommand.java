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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "consumer-raw", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Loads raw messages from Kafka into the raw tables, verbatim, in batches.")
public final class ConsumerRawCommand implements Callable<Integer>, RecordedStage {
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
}
