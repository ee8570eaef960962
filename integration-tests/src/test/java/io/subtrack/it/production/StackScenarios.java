package io.subtrack.it.production;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.subtrack.common.cli.Cli;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.config.TopicOptions;
import io.subtrack.common.json.TableFileReader;
import io.subtrack.common.kafka.KafkaClients;
import io.subtrack.common.pipeline.PipelineProgram;
import io.subtrack.common.pipeline.PipelineStages;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.consumer.processed.ConsumerProcessedCommand;
import java.util.Arrays;
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
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * The end-to-end scenarios, written once against connection options only, as a user runs the
 * stages: ProductionStackTest runs them on the Kafka and SQL Server containers,
 * EmbeddedStackScenariosTest on the dev broker and dev-db (which also proves the scenarios themselves
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

    /**
     * Creates the topics (3 partitions, as the stages would) and waits until every partition has a
     * leader. The stages create absent topics themselves but produce right away; on a loaded
     * machine the first batch to a partition without a leader yet is retried behind later ones and
     * the idempotent producer then stalls on OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery
     * timeout (seen with the dev broker; reported). Pre-creating keeps that race out of these
     * scenarios, which test the stack, not topic creation.
     */
    static void createTopicsWithLeaders(Stack stack, String... topics) throws Exception {
        KafkaOptions options = new KafkaOptions();
        options.bootstrapServer = stack.bootstrapServers();
        KafkaClients.ensureTopics(options, List.of(topics), 3);
        try (Admin admin = Admin.create(KafkaClients.adminConfig(options))) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                boolean ready = true;
                for (TopicDescription d : admin.describeTopics(List.of(topics)).allTopicNames().get(30, TimeUnit.SECONDS).values()) {
                    for (TopicPartitionInfo p : d.partitions()) ready &= p.leader() != null && !p.leader().isEmpty();
                }
                if (ready) return;
                if (System.nanoTime() > deadline) throw new AssertionError("no leader for every partition of " + List.of(topics));
                Thread.sleep(200);
            }
        }
    }

    static int run(Object command, List<String> args) {
        return Cli.execute(command, io.subtrack.it.FieldKeys.withKey(command, args.toArray(String[]::new)));
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
        createTopicsWithLeaders(stack, topic, TopicOptions.ERRORS);
        for (int pass = 1; pass <= 2; pass++) {
            assertEquals(0, run(new ProducerRawCommand(), stack.kafkaArgs("--input", sample.toString(), "--topic", topic)),
                "producer-raw pass " + pass);
            List<String> consume = stack.kafkaArgs("--topic", topic, "--group", "it-raw-sample", "--idle-timeout", stack.idleTimeout());
            consume.addAll(stack.databaseArgs(stack.rawJdbcUrl()));
            assertEquals(0, run(new ConsumerRawCommand(), consume), "consumer-raw pass " + pass);
            assertEquals(expected, stack.rowCounts(stack.rawJdbcUrl(), rawTables), "raw rows after pass " + pass);
        }
    }

    /**
     * Two consumer-raw runs of one group started together on a database nothing has set up (no
     * table yet): both set the schema up or wait for the other, both exit 0, and the original
     * sample lands once.
     */
    static void twoRawConsumersStartTogetherOnAnEmptyDatabase(Stack stack) throws Exception {
        Path sample = Fixtures.rawSample();
        Map<String, Long> expected = recordsPerTable(sample);
        String topic = "it_raw_start_together";
        createTopicsWithLeaders(stack, topic, TopicOptions.ERRORS);
        assertEquals(0, run(new ProducerRawCommand(), stack.kafkaArgs("--input", sample.toString(), "--topic", topic)), "producer-raw");
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            List<java.util.concurrent.Future<Integer>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    List<String> consume = stack.kafkaArgs("--topic", topic, "--group", "it-start-together", "--idle-timeout", stack.idleTimeout());
                    consume.addAll(stack.databaseArgs(stack.rawJdbcUrl()));
                    start.await(60, TimeUnit.SECONDS);
                    return run(new ConsumerRawCommand(), consume);
                }));
            }
            for (java.util.concurrent.Future<Integer> r : runs) assertEquals(0, r.get(5, TimeUnit.MINUTES), "consumer-raw");
        } finally {
            pool.shutdownNow();
        }
        assertEquals(expected, stack.rowCounts(stack.rawJdbcUrl(), RawTable.all().stream().map(RawTable::tableName).toList()));
    }

    static final List<String> RAW_TABLES = RawTable.all().stream().map(RawTable::tableName).toList();
    static final List<String> PROCESSED_TABLES = Arrays.stream(ProcessedTable.values()).map(ProcessedTable::tableName).toList();

    /** Records per table of a file in the table-to-records layout, read as the stages read it. */
    static Map<String, Long> countsInFile(Path file) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (TableFileReader r = new TableFileReader(file, t -> true)) {
            TableFileReader.Entry e;
            while ((e = r.next()) != null) counts.merge(e.table(), 1L, Long::sum);
        }
        return counts;
    }

    static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The declared stages once, in their order, with the stack's connection options; the files go to {@code work}. */
    static void runTheDeclaredStages(Stack stack, Path work) throws Exception {
        createTopicsWithLeaders(stack, TopicOptions.RAW, TopicOptions.PROCESSED, TopicOptions.ERRORS);
        for (PipelineProgram stage : PipelineStages.stages()) {
            assertEquals(0, run(stage.newCommand(), arguments(stage.name(), stack, work)), stage.name());
        }
    }

    /** A stage's arguments on the stack, as docs/production.md tells a user to pass them; its files under {@code work}. */
    static List<String> arguments(String stage, Stack stack, Path work) throws IOException {
        Path raw = work.resolve(PipelineStages.stage("generator").writes().name());
        Path truth = work.resolve("ground_truth.jsonl");
        Path cleaned = work.resolve(PipelineStages.stage("transformer").writes().name());
        List<String> args = new ArrayList<>();
        switch (stage) {
            case "generator" -> args.addAll(List.of("--output", raw.toString(), "--ground-truth", truth.toString()));
            case "producer-raw" -> args.addAll(stack.kafkaArgs("--input", raw.toString()));
            case "consumer-raw" -> {
                // the records, and the extract's end marker on each of the topic's 3 partitions
                args.addAll(stack.kafkaArgs("--max-messages", String.valueOf(total(countsInFile(raw)) + 3),
                    "--idle-timeout", stack.idleTimeout()));
                args.addAll(stack.databaseArgs(stack.rawJdbcUrl()));
            }
            case "transformer" -> {
                args.addAll(stack.databaseArgs(stack.rawJdbcUrl()));
                args.addAll(List.of("--output", cleaned.toString(), "--rejected", work.resolve("rejected_records.json").toString(),
                    "--report", work.resolve("quality-report").toString(), "--ground-truth", truth.toString()));
            }
            case "producer-processed" -> args.addAll(stack.kafkaArgs("--input", cleaned.toString()));
            case "consumer-processed" -> {
                args.addAll(stack.kafkaArgs("--max-messages", String.valueOf(total(countsInFile(cleaned))),
                    "--idle-timeout", stack.idleTimeout()));
                args.addAll(stack.databaseArgs(stack.processedJdbcUrl()));
            }
            default -> throw new AssertionError("StackScenarios has no arguments for the declared stage " + stage);
        }
        return args;
    }

    /**
     * The counts FullPipelineIT asserts on the embedded stack, here for any stack: every generated
     * record in the raw tables and read by the transformer (in = out + rejected + superseded),
     * every cleaned row in its processed table, the analytics views equal to the figures computed
     * from the cleaned file, the report printable; then the whole chain again changes no count.
     */
    static void sixStagesFromGeneratorToAnalyticsThenAgainUnchanged(Stack stack, Path work) throws Exception {
        runTheDeclaredStages(stack, work);
        Map<String, Long> generated = countsInFile(work.resolve("raw_data_output.json"));
        assertEquals(RAW_TABLES.size(), generated.size());
        assertEquals(generated, stack.rowCounts(stack.rawJdbcUrl(), RAW_TABLES), "raw tables hold every generated record");

        JsonNode report = new ObjectMapper().readTree(work.resolve("quality-report.json").toFile());
        for (String t : RAW_TABLES) {
            JsonNode c = report.get("raw_tables").get(t);
            assertEquals(generated.get(t), c.get("in").asLong(), t + " read by the transformer");
            assertEquals(c.get("in").asLong(), c.get("out").asLong() + c.get("rejected").asLong() + c.get("superseded").asLong(),
                t + ": in = out + rejected + superseded");
        }
        Map<String, Long> cleaned = countsInFile(work.resolve("cleaned_data_output.json"));
        assertEquals(cleaned, stack.rowCounts(stack.processedJdbcUrl(), PROCESSED_TABLES), "processed tables hold every cleaned row");
        for (String t : PROCESSED_TABLES) assertTrue(cleaned.getOrDefault(t, 0L) > 0, t + " is not empty");
        viewsEqualTheFiguresOfTheCleanedFile(stack, work.resolve("cleaned_data_output.json"));

        List<String> report2 = new ArrayList<>(stack.databaseArgs(stack.processedJdbcUrl()));
        report2.add("--report");
        assertEquals(0, run(new ConsumerProcessedCommand(), report2), "consumer-processed --report");

        Map<String, Long> rawBefore = stack.rowCounts(stack.rawJdbcUrl(), RAW_TABLES);
        Map<String, Long> processedBefore = stack.rowCounts(stack.processedJdbcUrl(), PROCESSED_TABLES);
        Path again = Files.createDirectories(work.resolve("second-run"));
        runTheDeclaredStages(stack, again);
        assertEquals(rawBefore, stack.rowCounts(stack.rawJdbcUrl(), RAW_TABLES), "the same records are not stored twice");
        assertEquals(processedBefore, stack.rowCounts(stack.processedJdbcUrl(), PROCESSED_TABLES));
    }

    /** Every analytics view against the figures of the cleaned file (AnalyticsFigures, shared with FullPipelineIT). */
    static void viewsEqualTheFiguresOfTheCleanedFile(Stack stack, Path cleanedFile) throws Exception {
        try (Connection c = Database.connect(stack.processedJdbcUrl(), stack.dbUser(), Files.readString(stack.passwordFile()).strip())) {
            io.subtrack.it.AnalyticsFigures.assertViewsEqualTheCleanedFile(c, cleanedFile);
        }
    }
}
