package io.subtrack.it.production;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.subtrack.common.cli.Cli;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.test.Fixtures;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mssqlserver.MSSQLServerContainer;

/**
 * The stages, unchanged, against the compose stack's images: a Kafka broker container and a SQL
 * Server container whose two databases were created by docker/init-db.sh. Connection options are
 * exactly those docs/production.md gives. Skipped, with the reason shown, without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class ProductionStackTest {
    @Container
    static final KafkaContainer KAFKA = ProductionStack.kafka();

    @Container
    static final MSSQLServerContainer MSSQL = ProductionStack.sqlServer();

    @TempDir
    static Path work;

    static Path passwordFile;

    @BeforeAll
    static void createDatabases() throws Exception {
        ProductionStack.runInitScript(MSSQL);
        passwordFile = ProductionStack.passwordFile(MSSQL, work);
    }

    static List<String> kafkaArgs(String... more) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", KAFKA.getBootstrapServers()));
        args.addAll(List.of(more));
        return args;
    }

    static List<String> databaseArgs(String database) {
        return List.of("--jdbc-url", ProductionStack.jdbcUrl(MSSQL, database), "--db-user", MSSQL.getUsername(),
            "--db-password-file", passwordFile.toString());
    }

    static int run(Object command, List<String> args) {
        return Cli.execute(command, args.toArray(String[]::new));
    }

    static Map<String, Long> rowCounts(String database, List<String> tables) throws SQLException {
        DatabaseDialect dialect = DatabaseDialect.forUrl("jdbc:sqlserver:");
        Map<String, Long> counts = new TreeMap<>();
        try (Connection c = Database.connect(ProductionStack.jdbcUrl(MSSQL, database), MSSQL.getUsername(), MSSQL.getPassword());
             Statement st = c.createStatement()) {
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery(dialect.buildCountStatement(table))) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    static Map<String, Long> recordsPerTable(Path rawFile) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        JsonNode root = new ObjectMapper().readTree(rawFile.toFile());
        root.properties().forEach(e -> counts.put(e.getKey(), (long) e.getValue().size()));
        return counts;
    }

    /**
     * The original SubTrack sample through producer-raw, Kafka and consumer-raw into
     * Raw_Subscription_Data_DB (bulk copy), every record once; publishing the file a second time
     * adds no row, because the raw layer stores a record once by its hash.
     */
    @Test
    void rawSampleLandsInTheRawDatabaseOnceEvenWhenPublishedTwice() throws Exception {
        Path sample = Fixtures.rawSample();
        Map<String, Long> expected = recordsPerTable(sample);
        List<String> rawTables = RawTable.all().stream().map(RawTable::tableName).toList();
        String topic = "it_raw_sample";
        for (int pass = 1; pass <= 2; pass++) {
            assertEquals(0, run(new ProducerRawCommand(), kafkaArgs("--input", sample.toString(), "--topic", topic)), "producer-raw pass " + pass);
            List<String> consume = kafkaArgs("--topic", topic, "--group", "it-raw-sample", "--idle-timeout", "20s");
            consume.addAll(databaseArgs(ProductionStack.RAW_DB));
            assertEquals(0, run(new ConsumerRawCommand(), consume), "consumer-raw pass " + pass);
            assertEquals(expected, rowCounts(ProductionStack.RAW_DB, rawTables), "raw rows after pass " + pass);
        }
    }
}
