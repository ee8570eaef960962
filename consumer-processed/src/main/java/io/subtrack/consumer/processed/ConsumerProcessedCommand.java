package io.subtrack.consumer.processed;

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
import io.subtrack.common.schema.ProcessedTable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import io.subtrack.common.run.RecordedStage;
import io.subtrack.common.lineage.DatasetRef;
import io.subtrack.common.lineage.Datasets;
import io.subtrack.common.lineage.LineageOptions;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "consumer-processed", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = {"Upserts processed records from Kafka into the processed tables, parents first.",
        "With --report, prints the analytics views instead and exits."})
public final class ConsumerProcessedCommand implements Callable<Integer>, RecordedStage {
    /** Where the run's lineage events go (docs/lineage.md). */
    @Mixin LineageOptions lineage = new LineageOptions();

    @Mixin KafkaOptions kafka;
    @Mixin TopicOptions topics;
    @Mixin ConsumerOptions consumer;
    @Mixin DatabaseOptions database;

    @Option(names = "--topic", defaultValue = TopicOptions.PROCESSED, description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--parent-wait", defaultValue = "30", paramLabel = "SECONDS",
        description = "How long a record waits for its parent row before it is dead-lettered (default: ${DEFAULT-VALUE}).")
    int parentWaitSeconds;

    @Option(names = "--report", description = "Print the analytics views and exit.")
    boolean report;

    @Option(names = "--report-rows", defaultValue = "15", paramLabel = "N",
        description = "Rows shown per view in --report (default: ${DEFAULT-VALUE}).")
    int reportRows;

    public static void main(String[] args) {
        Cli.main(new ConsumerProcessedCommand(), args);
    }

    @Override
    public Integer call() throws Exception {
        DatabaseDialect dialect = DatabaseDialect.forUrl(database.jdbcUrl);
        try (Connection c = Database.connect(database)) {
            SchemaApplier.applyProcessed(c, dialect);
            if (report) {
                AnalyticsReport.print(c, dialect, reportRows, System.out);
                return 0;
            }
        }
        ConsumeStage.run("consumer-processed", kafka, topics, consumer, topic,
            dlq -> new ProcessedLoader(() -> Database.connect(database), dialect, dlq,
                Duration.ofSeconds(parentWaitSeconds)), System.out);
        try (Connection counts = Database.connect(database)) {
            printTableCounts(counts, dialect);
        }
        return 0;
    }

    /** The row count of every processed table, one "TABLE name rows=N" line each (bin/run-pipeline reads them). */
    private static void printTableCounts(Connection c, DatabaseDialect dialect) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (ProcessedTable t : ProcessedTable.values()) {
                try (ResultSet rs = st.executeQuery(dialect.buildCountStatement(t.tableName()))) {
                    rs.next();
                    System.out.println("TABLE " + t.tableName() + " rows=" + rs.getLong(1));
                }
            }
        }
    }

    @Override
    public List<DatasetRef> inputs() {
        return List.of(Datasets.kafkaTopic(kafka.bootstrapServer, topic));
    }

    @Override
    public List<DatasetRef> outputs() {
        return java.util.Arrays.stream(io.subtrack.common.schema.ProcessedTable.values())
            .map(t -> Datasets.jdbcTable(database.jdbcUrl, t.tableName())).toList();
    }
}
