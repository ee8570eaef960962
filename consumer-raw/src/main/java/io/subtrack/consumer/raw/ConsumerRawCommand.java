package io.subtrack.consumer.raw;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.cli.VersionProvider;
import io.subtrack.common.config.ConsumerOptions;
import io.subtrack.common.config.DatabaseOptions;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.config.TopicOptions;
import io.subtrack.common.db.CacheSize;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.DatabaseRetry;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.kafka.ConsumeStage;
import java.sql.Connection;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "consumer-raw", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Loads raw messages from Kafka into the raw tables, verbatim, in batches.")
public final class ConsumerRawCommand implements Callable<Integer> {
    @Mixin KafkaOptions kafka;
    @Mixin TopicOptions topics;
    @Mixin ConsumerOptions consumer;
    @Mixin DatabaseOptions database;

    /** H2's default page cache: the raw tables grow at their ends, and a larger cache made the load slower (docs/benchmarks.md). */
    public static final int CACHE_MB = 16;

    @Option(names = "--topic", defaultValue = TopicOptions.RAW, description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    public static void main(String[] args) {
        Cli.main(new ConsumerRawCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        // held open for the whole run (with the embedded H2 this process may be the one serving the
        // file), closed quietly: the serving process may also be another consumer that left first
        Connection c = Database.connect(database);
        try {
            SchemaApplier.applyRaw(c);
            RawLayout.check(c);
            IdentityCache.apply(c, database.jdbcUrl);
            CacheSize.apply(c, DatabaseDialect.forUrl(database.jdbcUrl), CACHE_MB);
            ConsumeStage.run("consumer-raw", kafka, topics, consumer, topic,
                dlq -> new RawLoader(() -> Database.connect(database), DatabaseDialect.forUrl(database.jdbcUrl), dlq), System.out);
        } finally {
            DatabaseRetry.closeQuietly(c);
        }
        return 0;
    }
}
