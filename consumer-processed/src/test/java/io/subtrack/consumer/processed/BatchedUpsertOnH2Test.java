package io.subtrack.consumer.processed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.db.SqlServerDialect;
import io.subtrack.common.kafka.DeadLetters;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

/**
 * The SQL Server load path (BatchedUpsert: batched MERGE/INSERT, no COPY) on H2 in MSSQLServer mode with the SQL
 * Server schema, through ProcessedLoader as consumer-processed drives it: a batch goes as sent first, upserts carry
 * the version check, deletions are soft and in the batch's transaction, and a replayed older day changes nothing.
 * H2 is not SQL Server (the MERGE locking hint is left out here, as in DialectStatementsOnH2Test); the container
 * tests run the same path on a real server (docs/sql-server.md).
 */
class BatchedUpsertOnH2Test {
    /** The SQL Server dialect without the one part H2 refuses, the MERGE locking hint. */
    static final class SqlServerOnH2 extends SqlServerDialect {
        @Override
        protected String mergeTarget(String table) {
            return quote(table) + " AS t";
        }
    }

    private final String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=MSSQLServer;DB_CLOSE_DELAY=-1";
    private long offset;

    private ConsumerRecord<byte[], byte[]> record(String table, String key, String json) {
        String value = "{\"table\":\"" + table + "\",\"record\":" + json + "}";
        return new ConsumerRecord<>("subscriptions_processed_data", 0, offset++, (table + ":" + key).getBytes(StandardCharsets.UTF_8),
            value.getBytes(StandardCharsets.UTF_8));
    }

    private ConsumerRecord<byte[], byte[]> supplier(String id, String name, String extract, String date) {
        return record("processed_suppliers", id, "{\"supplier_id\":\"" + id + "\",\"name\":\"" + name + "\",\"sector\":\"OTHER\""
            + ",\"extract_id\":\"" + extract + "\",\"extract_date\":\"" + date + "\"}");
    }

    private ConsumerRecord<byte[], byte[]> deletion(String id, String extract, String date) {
        return record("processed_suppliers", id, "{\"supplier_id\":\"" + id + "\",\"extract_id\":\"" + extract + "\",\"extract_date\":\""
            + date + "\",\"deleted_at\":\"" + date + "\"}");
    }

    private void load(List<ConsumerRecord<byte[], byte[]>> batch) throws Exception {
        MockProducer<byte[], byte[]> dlq = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        try (ProcessedLoader loader = new ProcessedLoader(() -> DriverManager.getConnection(url, "sa", ""), new SqlServerOnH2(),
            new DeadLetters(dlq, "errors", "consumer-processed"), Duration.ofSeconds(1))) {
            loader.write(new ArrayList<>(batch));
            loader.drain();
            assertEquals(List.of(), dlq.history(), "nothing dead-lettered");
        }
    }

    private String[] row(Connection c, String id) throws Exception {
        try (var ps = c.prepareStatement("SELECT \"name\", \"extract_id\", \"deleted_at\" FROM \"processed_suppliers\" WHERE \"supplier_id\" = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) return null;
                return new String[] {rs.getString(1), rs.getString(2), rs.getString(3)};
            }
        }
    }

    @Test
    void versionsAndSoftDeletesOnTheBatchedPath() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", "")) {
            SchemaApplier.applyProcessed(c, new SqlServerDialect());
            load(List.of(supplier("FRN1", "One", "d1", "2025-06-01T00:00:00"), supplier("FRN2", "Two", "d1", "2025-06-01T00:00:00")));
            assertEquals("One", row(c, "FRN1")[0]);

            // day 2: one changed, one deleted, in one batch
            load(List.of(supplier("FRN1", "One bis", "d2", "2025-06-02T00:00:00"), deletion("FRN2", "d2", "2025-06-02T00:00:00")));
            assertEquals("One bis", row(c, "FRN1")[0]);
            String[] two = row(c, "FRN2");
            assertNotNull(two, "a deleted row is kept");
            assertEquals("Two", two[0]);
            assertNotNull(two[2], "deleted_at set");

            // day 1 replayed: older than stored, changes nothing
            load(List.of(supplier("FRN1", "One", "d1", "2025-06-01T00:00:00"), supplier("FRN2", "Two", "d1", "2025-06-01T00:00:00")));
            assertEquals("One bis", row(c, "FRN1")[0]);
            assertEquals("d2", row(c, "FRN1")[1]);
            assertNotNull(row(c, "FRN2")[2], "still deleted");

            // day 3: the deleted key comes back
            load(List.of(supplier("FRN2", "Two again", "d3", "2025-06-03T00:00:00")));
            String[] back = row(c, "FRN2");
            assertEquals("Two again", back[0]);
            assertNull(back[2], "undeleted");
        }
    }

    @Test
    void paddedLookUpListsTakeAFewSizes() {
        assertEquals(8, ParentKeys.paddedSize(1));
        assertEquals(8, ParentKeys.paddedSize(8));
        assertEquals(64, ParentKeys.paddedSize(9));
        assertEquals(500, ParentKeys.paddedSize(500));
        assertTrue(java.util.Arrays.stream(ParentKeys.LIST_SIZES).allMatch(s -> s <= 500));
    }
}
