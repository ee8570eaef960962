package io.subtrack.it;

import static io.subtrack.common.schema.RawFields.USER_QUALITY_FLAG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.cli.Progress;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.json.Json;
import io.subtrack.common.kafka.ConsumerLoop;
import io.subtrack.common.kafka.DeadLetters;
import io.subtrack.common.kafka.KafkaClients;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.JdbcType;
import io.subtrack.common.schema.Normaliser;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.test.Fixtures;
import io.subtrack.consumer.processed.ProcessedLoader;
import io.subtrack.producer.processed.ProducerProcessedCommand;
import io.subtrack.transformer.Transformer;
import io.subtrack.transformer.source.FileRawSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column declared only here (processed_users.data_quality_flag, from
 * raw_User.data_quality_flag, trimmed text) goes through the transformer, Kafka and the processed loader into
 * the processed table, on the fixture, with no change to main code. The database gets the column the way a
 * migration would, from the declaration's own type; every user's stored flag is the one the cleaned file holds.
 */
@ExtendWith(EmbeddedStackExtension.class)
class DeclaredColumnIT {
    static final Column FLAG = Column.optional("data_quality_flag", JdbcType.nvarchar(50))
        .from(RawTable.USER, USER_QUALITY_FLAG, Normaliser.TEXT);
    static final ProcessedTable USERS_WITH_FLAG = ProcessedTable.USERS.withColumn(FLAG);
    static final ProcessedModel MODEL = ProcessedModel.standard().with(USERS_WITH_FLAG);

    @TempDir static Path dir;
    static EmbeddedStack stack;

    @BeforeAll
    static void start(EmbeddedStack started) {
        stack = started;
    }

    @Test
    void aColumnDeclaredInATestReachesTheCleanedFileAndTheProcessedTable() throws Exception {
        Path cleaned = dir.resolve("cleaned.json");
        Transformer transformer = new Transformer(MODEL, Map.of(), null,
            new Progress("transformer", 0, new PrintStream(new ByteArrayOutputStream()), false));
        try (FileRawSource source = new FileRawSource(Fixtures.rawSample())) {
            transformer.run(source, cleaned, dir.resolve("rejected.json"));
        }
        Map<String, String> flagInFile = new HashMap<>();
        for (JsonNode u : Json.MAPPER.readTree(cleaned.toFile()).get(USERS_WITH_FLAG.tableName())) {
            JsonNode f = u.get(FLAG.name());
            assertTrue(f != null, "the cleaned file carries the declared column: " + u);
            flagInFile.put(u.get("user_id").asText(), f.isNull() ? null : f.asText());
        }
        assertTrue(flagInFile.values().stream().anyMatch(v -> v != null), "the fixture's users carry flags");

        String topic = "declared-column";
        var published = EmbeddedStack.run(new ProducerProcessedCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--input", cleaned.toString());
        assertEquals(0, published.exitCode(), published.output());
        long messages = published.summary("out");

        String url = stack.jdbcUrl("declared");
        DatabaseDialect dialect = DatabaseDialect.forUrl(url);
        try (Connection c = Database.connect(url, null, null); Statement st = c.createStatement()) {
            SchemaApplier.applyProcessed(c, dialect);
            st.execute("ALTER TABLE " + dialect.quote(USERS_WITH_FLAG.tableName()) + " ADD COLUMN "
                + dialect.quote(FLAG.name()) + " " + dialect.columnType(FLAG.type()));
            if (!c.getAutoCommit()) c.commit();
        }

        KafkaOptions kafka = new KafkaOptions();
        kafka.bootstrapServer = stack.bootstrap();
        try (KafkaProducer<byte[], byte[]> dlq = new KafkaProducer<>(KafkaClients.producerConfig(kafka));
             ProcessedLoader loader = new ProcessedLoader(() -> Database.connect(url, null, null), dialect,
                 new DeadLetters(dlq, topic + "-errors", "consumer-processed"), Duration.ofSeconds(30), MODEL)) {
            ConsumerLoop loop = new ConsumerLoop(new KafkaConsumer<>(KafkaClients.consumerConfig(kafka, "declared")), loader,
                messages, Duration.ofSeconds(5), Duration.ofSeconds(60));
            assertEquals(messages, loop.run(List.of(topic)));
            assertEquals(0, loader.deadLettered(), "nothing refused");
            assertEquals(messages, loader.loaded());
        }

        Map<String, String> flagInTable = new HashMap<>();
        try (Connection c = stack.db("declared"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT user_id, data_quality_flag FROM processed_users")) {
            while (rs.next()) flagInTable.put(rs.getString(1), rs.getString(2));
        }
        assertEquals(flagInFile, flagInTable, "every user's flag, as the cleaned file holds it");
    }
}
