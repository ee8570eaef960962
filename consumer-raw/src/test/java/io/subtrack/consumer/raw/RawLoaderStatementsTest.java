package io.subtrack.consumer.raw;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.db.SqlServerDialect;
import io.subtrack.common.kafka.DeadLetters;
import io.subtrack.common.schema.RawTable;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * What RawLoader hands the SQL Server driver, recorded without a server (RecordingJdbc): the
 * ingestion time it binds, and the rows each INSERT statement queues and sends around a batch the
 * database refuses. The same on a real server: SqlServerContainerTest.
 */
class RawLoaderStatementsTest {
    private static final String TOPIC = "subscriptions_raw";
    /** The refused row: the database rejects any row whose raw_id is this (parameter 1). */
    private static final String REFUSED = "REFUSED";

    private final MockProducer<byte[], byte[]> deadLetterProducer =
        new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    private final RecordingJdbc db = new RecordingJdbc(row -> REFUSED.equals(row[1]));

    private RawLoader loader(Supplier<LocalDateTime> clock) throws Exception {
        return new RawLoader(db::connection, new SqlServerDialect(), new DeadLetters(deadLetterProducer, "errors", "consumer-raw"), clock);
    }

    private static ConsumerRecord<byte[], byte[]> message(long offset, RawTable table, String rawId) {
        String json = "{\"table\":\"" + table.tableName() + "\",\"record\":{\"raw_id\":\"" + rawId + "\"}}";
        return new ConsumerRecord<>(TOPIC, 0, offset, null, json.getBytes(StandardCharsets.UTF_8));
    }

    /** The text mssql-jdbc's bulk copy sends for a bound temporal value (SQLServerBulkCopy.java 2501-2505 at v13.2.1). */
    private static String bulkCopyText(Object bound) {
        return bound instanceof LocalDateTime t ? t.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) : bound.toString();
    }

    /** The value the server stores for a bound parameter: a Timestamp is read in the JVM's zone, a LocalDateTime as is. */
    private static LocalDateTime stored(Object bound) {
        return bound instanceof Timestamp ts ? ts.toLocalDateTime() : (LocalDateTime) bound;
    }

    private static int fieldsOf(RecordingJdbc.Statement insert) {
        for (RawTable t : RawTable.all()) if (insert.sql.contains("[" + t.tableName() + "]")) return t.fields().size();
        throw new AssertionError(insert.sql);
    }

    /** ingested_at of every row sent, batched or alone: the last parameter of every raw INSERT. */
    private List<Object> everyBoundIngestedAt() {
        List<Object> all = new ArrayList<>();
        for (RecordingJdbc.Statement s : db.inserts()) {
            int last = fieldsOf(s) + 1 + RawTable.LINEAGE_COLUMNS.size();
            for (List<Object[]> batch : s.sentBatches) for (Object[] row : batch) all.add(row[last]);
            for (Object[] row : s.sentRows) all.add(row[last]);
        }
        return all;
    }

    /**
     * A nanosecond clock in a daylight-saving gap (02:30 on 2024-03-31 does not exist in
     * Europe/Paris) under Europe/Paris: the loader binds 02:30:00.123456, unchanged and cut to
     * microseconds, whose bulk-copy text fits the VARCHAR(27) the driver sends a DATETIME2 as.
     */
    @Test
    void ingestedAtIsBoundAsLocalTimeToTheMicrosecondWhateverTheJvmZone() throws Exception {
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Paris"));
        try {
            LocalDateTime inTheGap = LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_789);
            try (RawLoader l = loader(() -> inTheGap)) {
                l.write(List.of(message(0, RawTable.ADMIN, "1"), message(1, RawTable.USER, "2")));
                l.drain();
            }
            List<Object> bound = everyBoundIngestedAt();
            assertEquals(2, bound.size(), "one per row");
            for (Object b : bound) {
                assertEquals(LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_000), stored(b), "bound " + b);
                assertTrue(bulkCopyText(b).length() <= 27, "bulk copy text '" + bulkCopyText(b) + "' is longer than VARCHAR(27)");
            }
        } finally {
            TimeZone.setDefault(zone);
        }
    }

    /** With the system clock (9 fractional digits on Linux, JDK 17): still at most 6. */
    @Test
    void theSystemClockIsCutToMicroseconds() throws Exception {
        try (RawLoader l = new RawLoader(db::connection, new SqlServerDialect(),
            new DeadLetters(deadLetterProducer, "errors", "consumer-raw"))) {
            for (int i = 0; i < 20; i++) {
                l.write(List.of(message(i, RawTable.ADMIN, String.valueOf(i))));
                l.drain();
            }
        }
        List<Object> bound = everyBoundIngestedAt();
        assertEquals(20, bound.size());
        for (Object b : bound) {
            assertEquals(0, stored(b).getNano() % 1000, "bound " + b);
            assertTrue(bulkCopyText(b).length() <= 27, bulkCopyText(b));
        }
    }

    /**
     * A batch the database refuses (a refused raw_User row, sent before raw_Admin's) and then a
     * good batch: no INSERT keeps queued rows after either, the good batch sends exactly its own
     * rows, the refused row is dead-lettered once, and every other row is stored once.
     */
    @Test
    void afterARefusedBatchNoStatementKeepsQueuedRows() throws Exception {
        try (RawLoader l = loader(LocalDateTime::now)) {
            l.write(List.of(message(0, RawTable.USER, REFUSED), message(1, RawTable.USER, "u1"),
                message(2, RawTable.ADMIN, "a1"), message(3, RawTable.ADMIN, "a2")));
            l.drain();
            for (RecordingJdbc.Statement s : db.inserts()) assertEquals(0, s.queued.size(), "queued after the refused batch: " + s.sql);

            RecordingJdbc.Statement admin = db.insertInto(RawTable.ADMIN.tableName());
            int sentBefore = admin.sentBatches.size();
            l.write(List.of(message(4, RawTable.ADMIN, "a3"), message(5, RawTable.ADMIN, "a4")));
            l.drain();
            for (RecordingJdbc.Statement s : db.inserts()) assertEquals(0, s.queued.size(), "queued after the good batch: " + s.sql);
            assertEquals(sentBefore + 1, admin.sentBatches.size(), "the good batch goes as one batch");
            int offsetAt = RawTable.ADMIN.fields().size() + 4; // fields, record_hash, kafka_topic, kafka_partition, kafka_offset
            assertEquals(List.of(4L, 5L), admin.sentBatches.get(sentBefore).stream().map(r -> r[offsetAt]).toList(),
                "the good batch sends its own rows, nothing left from the refused one");

            assertEquals(1, deadLetterProducer.history().size(), "the refused row, dead-lettered once");
            assertEquals(5, l.loaded());
            Map<String, Long> d = l.details();
            assertEquals(1L, d.get("batches refused again, loaded row by row"), d.toString());
            assertEquals(Map.of(RawTable.USER.tableName(), 1L, RawTable.ADMIN.tableName(), 4L),
                d.entrySet().stream().filter(e -> e.getKey().startsWith("raw_"))
                    .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)));
            assertFalse(d.get("batches refused, retried without known records") == 0);
        }
    }
}
