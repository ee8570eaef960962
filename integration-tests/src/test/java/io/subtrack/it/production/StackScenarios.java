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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end-to-end scenarios, written once against connection options only, as a user runs the
 * stages: ProductionStackTest runs them on the Kafka and SQL Server containers,
 * EmbeddedStackScenariosTest on the dev broker and H2 (which also proves the scenarios themselves
 * where no Docker engine is available).
 */
final class StackScenarios {
    /** Where the stages connect: what docs/production.md tells a user to pass. */
    record Stack(String bootstrapServers, String rawJdbcUrl, String processedJdbcUrl, String dbUser, Path passwordFile,
                 String idleTimeout) {
        List<String> kafkaArgs(String... more) {
            List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrapServers));
            args.addAll(List.of(more));
            return args;
        }

        List<String> databaseArgs(String jdbcUrl) {
            return List.of("--jdbc-url", jdbcUrl, "--db-user", dbUser, "--db-password-file", passwordFile.toString());
        }

        Map<String, Long> rowCounts(String jdbcUrl, List<String> tables) throws SQLException, IOException {
            DatabaseDialect dialect = DatabaseDialect.forUrl(jdbcUrl);
            Map<String, Long> counts = new TreeMap<>();
            try (Connection c = Database.connect(jdbcUrl, dbUser, Files.readString(passwordFile).strip());
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
    }

    private StackScenarios() {}

    static int run(Object command, List<String> args) {
        return Cli.execute(command, args.toArray(String[]::new));
    }

    static Map<String, Long> recordsPerTable(Path rawFile) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        JsonNode root = new ObjectMapper().readTree(rawFile.toFile());
        root.properties().forEach(e -> counts.put(e.getKey(), (long) e.getValue().size()));
        return counts;
    }

    /**
     * The original SubTrack sample through producer-raw, Kafka and consumer-raw into the raw
     * database, every record once; publishing the file a second time adds no row, because the raw
     * layer stores a record once by its hash.
     */
    static void rawSampleLandsOnceEvenWhenPublishedTwice(Stack stack) throws Exception {
        Path sample = Fixtures.rawSample();
        Map<String, Long> expected = recordsPerTable(sample);
        List<String> rawTables = RawTable.all().stream().map(RawTable::tableName).toList();
        String topic = "it_raw_sample";
        for (int pass = 1; pass <= 2; pass++) {
            assertEquals(0, run(new ProducerRawCommand(), stack.kafkaArgs("--input", sample.toString(), "--topic", topic)),
                "producer-raw pass " + pass);
            List<String> consume = stack.kafkaArgs("--topic", topic, "--group", "it-raw-sample", "--idle-timeout", stack.idleTimeout());
            consume.addAll(stack.databaseArgs(stack.rawJdbcUrl()));
            assertEquals(0, run(new ConsumerRawCommand(), consume), "consumer-raw pass " + pass);
            assertEquals(expected, stack.rowCounts(stack.rawJdbcUrl(), rawTables), "raw rows after pass " + pass);
        }
    }
}
