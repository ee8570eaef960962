package io.subtrack.it.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DialectStatementChecks;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.db.SqlServerDialect;
import io.subtrack.common.kafka.DeadLetters;
import io.subtrack.common.kafka.KafkaClients;
import io.subtrack.common.schema.RawTable;
import io.subtrack.consumer.raw.RawLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mssqlserver.MSSQLServerContainer;

/**
 * consumer-raw's loader on SQL Server in the cases a desk check of mssql-jdbc's source found:
 * ingestion times with nanoseconds and in a daylight-saving gap, a refused batch followed by good
 * ones, a second run of the same records, and two consumers starting together on an empty
 * database. Dead letters go to a real Kafka broker. Skipped, with the reason shown, where no
 * Docker engine is available.
 */
// the display name carries the skip reason to the console, where surefire prints no reason of its own
@DisplayName("consumer-raw on SQL Server: timestamps, refused batches, second runs, concurrent starts (Testcontainers: skipped when no Docker engine is available)")
@Testcontainers(disabledWithoutDocker = true)
class SqlServerLoadScenariosTest {
    @Container
    static final KafkaContainer KAFKA = ProductionStack.kafka();

    @Container
    static final MSSQLServerContainer MSSQL = ProductionStack.sqlServer();

    @TempDir
    static Path work;

    private static final String TOPIC = "subscriptions_raw";

    private static Connection connect(String database) {
        return Database.connect(ProductionStack.jdbcUrl(MSSQL, database), MSSQL.getUsername(), MSSQL.getPassword());
    }

    /** A database of the test's own, as init-db.sh creates them, with the raw schema the stage applies. */
    private static String rawDatabase(String name) throws Exception {
        ProductionStack.runInitScript(MSSQL, name);
        try (Connection c = connect(name)) {
            SchemaApplier.applyRaw(c, new SqlServerDialect());
        }
        return name;
    }

    private static KafkaOptions kafka() {
        KafkaOptions o = new KafkaOptions();
        o.bootstrapServer = KAFKA.getBootstrapServers();
        return o;
    }

    /** A loader on a database, dead-lettering to {@code errorsTopic} on the Kafka container. */
    private static RawLoader loader(String database, String errorsTopic, Supplier<LocalDateTime> clock,
                                    List<AutoCloseable> toClose) throws Exception {
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producerConfig(kafka()));
        toClose.add(producer);
        RawLoader l = new RawLoader(() -> connect(database), new SqlServerDialect(), new DeadLetters(producer, errorsTopic, "consumer-raw"), clock);
        toClose.add(0, l);
        return l;
    }

    private static void closeAll(List<AutoCloseable> all) throws Exception {
        for (AutoCloseable c : all) c.close();
    }

    private static ConsumerRecord<byte[], byte[]> message(long offset, RawTable table, String rawId) {
        String json = "{\"table\":\"" + table.tableName() + "\",\"record\":{\"raw_id\":\"" + rawId + "\"}}";
        return new ConsumerRecord<>(TOPIC, 0, offset, null, json.getBytes(StandardCharsets.UTF_8));
    }

    private static long count(String database, RawTable table) throws SQLException {
        try (Connection c = connect(database)) {
            return new DialectStatementChecks(new SqlServerDialect(), s -> s).count(c, table.tableName());
        }
    }

    /** The dead letters on a topic, polled until {@code expected} arrived or 60 s passed. */
    private static List<ConsumerRecord<byte[], byte[]>> deadLetters(String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(KafkaClients.consumerConfig(kafka(), "dlq-" + UUID.randomUUID()))) {
            c.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (got.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(500)).forEach(got::add);
            }
            c.poll(Duration.ofSeconds(2)).forEach(got::add); // and any more than expected
        }
        return got;
    }

    /**
     * Ingestion times with 9 fractional digits, one in Europe/Paris's spring-forward gap, with the
     * JVM in Europe/Paris: every batch goes by bulk copy without a refusal (a refused bulk copy
     * would send each row alone), and the database holds 02:30:00.123456, not 03:30.
     */
    @Test
    void nanosecondAndDaylightSavingGapTimestampsLoadByBulkCopyUnchanged() throws Exception {
        String db = rawDatabase("scenario_timestamps");
        LocalDateTime inTheGap = LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_789);
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Paris"));
        List<AutoCloseable> open = new ArrayList<>();
        try {
            RawLoader l = loader(db, "errors_timestamps", () -> inTheGap, open);
            l.write(List.of(message(0, RawTable.ADMIN, "1"), message(1, RawTable.USER, "2"), message(2, RawTable.ADMIN, "3")));
            l.drain();
            assertEquals(0L, l.details().get("batches refused, retried without known records"), l.details().toString());
            assertEquals(3, l.loaded());
        } finally {
            closeAll(open);
            TimeZone.setDefault(zone);
        }
        try (Connection c = connect(db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT [ingested_at] FROM [raw_Admin] UNION ALL SELECT [ingested_at] FROM [raw_User]")) {
            int rows = 0;
            while (rs.next()) {
                assertEquals(LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_000), rs.getObject(1, LocalDateTime.class));
                rows++;
            }
            assertEquals(3, rows);
        }
    }

    /**
     * A batch with a row the database refuses (its Kafka offset is already stored for another
     * record) before two good batches: the refused row is dead-lettered, the rest of its batch
     * stored, and the good batches go by bulk copy with nothing left over from the refused one.
     */
    @Test
    void aRefusedBatchThenGoodOnes() throws Exception {
        String db = rawDatabase("scenario_refused");
        List<AutoCloseable> open = new ArrayList<>();
        try {
            RawLoader first = loader(db, "errors_refused", LocalDateTime::now, open);
            first.write(List.of(message(0, RawTable.USER, "stored")));
            first.drain();
            RawLoader l = loader(db, "errors_refused", LocalDateTime::now, open);
            l.write(List.of(message(0, RawTable.USER, "same-offset-other-record"), message(1, RawTable.USER, "u1"),
                message(2, RawTable.ADMIN, "a1")));
            l.drain();
            for (int batch = 0; batch < 2; batch++) {
                l.write(List.of(message(3 + 2L * batch, RawTable.USER, "u" + (2 + batch)), message(4 + 2L * batch, RawTable.ADMIN, "a" + (2 + batch))));
                l.drain();
            }
            Map<String, Long> d = l.details();
            assertEquals(1L, d.get("batches refused, retried without known records"), d.toString());
            assertEquals(1L, d.get("batches refused again, loaded row by row"), d.toString());
            assertEquals(1, l.deadLettered());
            assertEquals(6, l.loaded());
        } finally {
            closeAll(open);
        }
        assertEquals(1, deadLetters("errors_refused", 1).size());
        assertEquals(4, count(db, RawTable.USER));
        assertEquals(3, count(db, RawTable.ADMIN));
    }

    /** The same records again at new offsets (a second run of the same file): nothing stored twice, nothing row by row. */
    @Test
    void aSecondRunOfTheSameRecordsStoresNothingAndNeverGoesRowByRow() throws Exception {
        String db = rawDatabase("scenario_second_run");
        int perBatch = 500;
        List<AutoCloseable> open = new ArrayList<>();
        try {
            RawLoader l = loader(db, "errors_second_run", LocalDateTime::now, open);
            for (int run = 0; run < 2; run++) {
                for (int batch = 0; batch < 3; batch++) {
                    List<ConsumerRecord<byte[], byte[]>> messages = new ArrayList<>();
                    for (int i = 0; i < perBatch; i++) {
                        long offset = (long) run * 3 * perBatch + (long) batch * perBatch + i;
                        RawTable table = i % 2 == 0 ? RawTable.USER : RawTable.ADMIN;
                        messages.add(message(offset, table, "r" + batch + "-" + i));
                    }
                    l.write(messages);
                    l.drain();
                }
            }
            Map<String, Long> d = l.details();
            assertEquals(3L * perBatch, d.get("skipped, known record"), d.toString());
            assertEquals(0L, d.get("batches refused again, loaded row by row"), d.toString());
            assertEquals(3L * perBatch, l.loaded());
        } finally {
            closeAll(open);
        }
        assertEquals(3L * perBatch / 2, count(db, RawTable.USER));
        assertEquals(3L * perBatch / 2, count(db, RawTable.ADMIN));
    }

    /**
     * Two consumer-raw processes of one group starting at once on a database nothing has set up:
     * both create the schema (or wait for the other) and exit 0, and every record lands once.
     * Needs the schema's own lock (around Flyway's migrations: sp_getapplock on SQL Server).
     */
    @Test
    void twoConsumersStartTogetherOnAnEmptyDatabase() throws Exception {
        ProductionStack.runInitScript(MSSQL, "scenario_start_together");
        String url = ProductionStack.jdbcUrl(MSSQL, "scenario_start_together");
        StackScenarios.twoRawConsumersStartTogetherOnAnEmptyDatabase(new StackScenarios.Stack(KAFKA.getBootstrapServers(),
            url, url, MSSQL.getUsername(), ProductionStack.passwordFile(MSSQL, work), ProductionStackTest.IDLE_TIMEOUT));
    }
}
