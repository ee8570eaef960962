package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.kafka.Envelope;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.consumer.processed.ConsumerProcessedCommand;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Daily extracts through the real broker and the dev-db PostgreSQL server: envelopes as the transformer
 * writes them and producer-processed publishes them (upserts with extract_id and extract_date; deletions carrying
 * only the key, the extract and deleted_at), sent by a plain KafkaProducer with default settings, loaded by
 * consumer-processed, read back with plain JDBC after every day. Newer wins: a deletion is soft, a replayed older
 * day changes nothing and is counted stale, a key that comes back is undeleted, a deletion of an unknown key is a
 * no-op and neither waits for a parent nor is dead-lettered.
 */
@ExtendWith(EmbeddedStackExtension.class)
class SoftDeleteIT {
    private static final String TOPIC = "processed_daily";
    private static final String LEGACY_TOPIC = "processed_daily_legacy";
    private static final String DATABASE = "softdelete";
    private static final LocalDateTime DAY1 = LocalDateTime.of(2025, 5, 28, 0, 0);
    private static final LocalDateTime DAY2 = DAY1.plusDays(1);
    private static final LocalDateTime DAY3 = DAY1.plusDays(2);
    /** The tables this test writes, parents first; every other one stays empty. */
    private static final List<ProcessedTable> TABLES = List.of(ProcessedTable.SUPPLIERS, ProcessedTable.USERS,
        ProcessedTable.NOTIFICATIONS, ProcessedTable.USER_NOTIFICATIONS);

    static EmbeddedStack stack;

    @BeforeAll
    static void start(EmbeddedStack started) throws Exception {
        stack = started;
        // the dev broker creates no topic on first use; three partitions, as the stages create theirs
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers", stack.bootstrap()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(TOPIC, 3, (short) 1),
                new org.apache.kafka.clients.admin.NewTopic(LEGACY_TOPIC, 3, (short) 1))).all().get();
        }
    }

    @Test
    void newerWinsDeletionsAreSoftAReplayChangesNothingAndAKeyThatComesBackIsUndeleted() throws Exception {
        // day 1: three suppliers, two users, a notification and both users' links to it
        List<Message> day1 = List.of(
            supplier("FRN0001", "Alpha", DAY1), supplier("FRN0002", "Beta", DAY1), supplier("FRN0003", "Gamma", DAY1),
            user("USR00001", "FRN0001", "a@example.fr", DAY1), user("USR00002", null, "b@example.fr", DAY1),
            notification(DAY1), link("USR00001", false, DAY1), link("USR00002", false, DAY1));
        publish(day1);
        EmbeddedStack.Run first = consume();
        assertEquals(0, first.summary("rejected"), first.output());
        assertEquals(day1.size(), first.summary("out"), first.output());
        assertEquals(0, detail(first, "stale"), first.output());
        assertEquals(0, detail(first, "deleted"), first.output());
        Map<String, Map<String, List<Object>>> afterDay1 = snapshot();
        assertEquals(List.of(3, 2, 1, 2), TABLES.stream().map(t -> afterDay1.get(t.tableName()).size()).toList());
        for (ProcessedTable t : TABLES) {
            for (String key : afterDay1.get(t.tableName()).keySet()) assertVersion(t, key, "extract-2025-05-28", DAY1, null);
        }
        assertEquals("Alpha", value(ProcessedTable.SUPPLIERS, "FRN0001", "name"));

        // day 2: the full snapshot again with one supplier changed, one supplier and one link deleted (deletion
        // records), and a deletion of a link whose key was never stored (its user and notification unknown too)
        List<Message> day2 = List.of(
            supplier("FRN0001", "Alpha renamed", DAY2), deletion(ProcessedTable.SUPPLIERS, DAY2, "supplier_id", "FRN0002"),
            supplier("FRN0003", "Gamma", DAY2),
            user("USR00001", "FRN0001", "a@example.fr", DAY2), user("USR00002", null, "b@example.fr", DAY2),
            notification(DAY2), link("USR00001", false, DAY2),
            deletion(ProcessedTable.USER_NOTIFICATIONS, DAY2, "user_id", "USR00002", "notification_id", "NOT000001"),
            deletion(ProcessedTable.USER_NOTIFICATIONS, DAY2, "user_id", "USR09999", "notification_id", "NOT099999"));
        publish(day2);
        EmbeddedStack.Run second = consume();
        assertEquals(0, second.summary("rejected"), second.output() + "\n(a deletion is never dead-lettered)");
        assertEquals(0, detail(second, "waiting for parent"), second.output());
        assertEquals(2, detail(second, "deleted"), second.output());
        assertEquals(1, detail(second, "deletions not stored"), second.output());
        assertEquals(0, detail(second, "stale"), second.output());
        Map<String, Map<String, List<Object>>> afterDay2 = snapshot();
        assertEquals(List.of(3, 2, 1, 2), TABLES.stream().map(t -> afterDay2.get(t.tableName()).size()).toList(),
            "soft deletes keep their rows; the unknown key's deletion inserted none");
        assertEquals("Alpha renamed", value(ProcessedTable.SUPPLIERS, "FRN0001", "name"));
        assertVersion(ProcessedTable.SUPPLIERS, "FRN0001", "extract-2025-05-29", DAY2, null);
        assertVersion(ProcessedTable.SUPPLIERS, "FRN0002", "extract-2025-05-29", DAY2, DAY2.plusHours(6));
        assertEquals("Beta", value(ProcessedTable.SUPPLIERS, "FRN0002", "name"), "a soft delete keeps the row's values");
        assertVersion(ProcessedTable.SUPPLIERS, "FRN0003", "extract-2025-05-29", DAY2, null);
        assertVersion(ProcessedTable.USER_NOTIFICATIONS, "USR00002|NOT000001", "extract-2025-05-29", DAY2, DAY2.plusHours(6));
        assertVersion(ProcessedTable.USER_NOTIFICATIONS, "USR00001|NOT000001", "extract-2025-05-29", DAY2, null);
        for (ProcessedTable t : List.of(ProcessedTable.USERS, ProcessedTable.NOTIFICATIONS)) {
            for (String key : afterDay2.get(t.tableName()).keySet()) assertVersion(t, key, "extract-2025-05-29", DAY2, null);
        }
        assertEquals(2, live(ProcessedTable.SUPPLIERS), "two suppliers not deleted");

        // day 1 replayed: every row is older than stored, so nothing changes, not even the deleted ones
        publish(day1);
        EmbeddedStack.Run replay = consume();
        assertEquals(0, replay.summary("rejected"), replay.output());
        assertEquals(day1.size(), detail(replay, "stale"), replay.output());
        assertEquals(0, detail(replay, "deleted"), replay.output());
        assertEquals(afterDay2, snapshot(), "the replay of day 1 changed no column of any row");

        // day 3: the supplier deleted on day 2 is back (undeleted, day-3 values); a late day-2 version of another
        // supplier comes after its day-3 version in the same run and loses
        List<Message> day3 = List.of(supplier("FRN0002", "Beta is back", DAY3), supplier("FRN0003", "Gamma 3", DAY3),
            supplier("FRN0003", "Gamma late", DAY2));
        publish(day3);
        EmbeddedStack.Run third = consume();
        assertEquals(0, third.summary("rejected"), third.output());
        assertEquals(1, detail(third, "stale"), third.output());
        assertEquals("Beta is back", value(ProcessedTable.SUPPLIERS, "FRN0002", "name"));
        assertVersion(ProcessedTable.SUPPLIERS, "FRN0002", "extract-2025-05-30", DAY3, null);
        assertEquals("Gamma 3", value(ProcessedTable.SUPPLIERS, "FRN0003", "name"));
        assertVersion(ProcessedTable.SUPPLIERS, "FRN0003", "extract-2025-05-30", DAY3, null);
        Map<String, Map<String, List<Object>>> afterDay3 = snapshot();
        assertEquals(afterDay2.get("processed_users"), afterDay3.get("processed_users"), "what day 3 did not hold is unchanged");
        assertEquals(afterDay2.get("processed_user_notifications"), afterDay3.get("processed_user_notifications"));
        assertNotEquals(afterDay2.get("processed_suppliers"), afterDay3.get("processed_suppliers"));
        assertEquals(3, live(ProcessedTable.SUPPLIERS), "no supplier deleted any more");
    }

    @Test
    void aDeletionBeforeItsKeyWasEverStoredChangesNothingAndAnOlderRecordStaysOutWithoutAVersion() throws Exception {
        // in another database and group: a deletion of a key never stored, then the key's legacy (versionless) row,
        // then a versioned row; a versionless record over a versioned row is older than it
        String topic = LEGACY_TOPIC;
        String url = stack.jdbcUrl("softdelete_legacy");
        publish(topic, List.of(deletion(ProcessedTable.SUPPLIERS, DAY1, "supplier_id", "FRN0100")));
        EmbeddedStack.Run deleting = consume(topic, url, "legacy");
        assertEquals(0, deleting.summary("rejected"), deleting.output());
        assertEquals(1, detail(deleting, "deletions not stored"), deleting.output());
        assertEquals(0, detail(deleting, "deleted"), deleting.output());
        assertEquals(0, stack.count("softdelete_legacy", "processed_suppliers"), "a deletion inserts nothing");

        publish(topic, List.of(new Message(ProcessedTable.SUPPLIERS,
            record("supplier_id", "FRN0100", "name", "Legacy", "sector", "TECHNOLOGY"))));
        EmbeddedStack.Run run = consume(topic, url, "legacy");
        assertEquals(0, run.summary("rejected"), run.output());
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, extract_id, extract_date, deleted_at FROM processed_suppliers")) {
            assertTrue(rs.next(), "the legacy row loaded");
            assertEquals("Legacy", rs.getString(1));
            assertNull(rs.getString(2));
            assertNull(rs.getObject(3));
            assertNull(rs.getObject(4), "the deletion came first and left nothing behind");
        }

        publish(topic, List.of(supplier("FRN0100", "Versioned", DAY2),
            new Message(ProcessedTable.SUPPLIERS, record("supplier_id", "FRN0100", "name", "Legacy again", "sector", "TECHNOLOGY"))));
        EmbeddedStack.Run again = consume(topic, url, "legacy");
        assertEquals(0, again.summary("rejected"), again.output());
        assertEquals(1, detail(again, "stale"), again.output());
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, extract_date FROM processed_suppliers")) {
            assertTrue(rs.next());
            assertEquals("Versioned", rs.getString(1));
            assertEquals(DAY2, rs.getObject(2, LocalDateTime.class));
        }
    }

    // ---- records as the transformer writes them ----

    private record Message(ProcessedTable table, ObjectNode record) {}

    private static ObjectNode record(String... kv) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) n.putNull(kv[i]);
            else n.put(kv[i], kv[i + 1]);
        }
        return n;
    }

    private static String extractId(LocalDateTime day) {
        return "extract-" + day.toLocalDate();
    }

    private static ObjectNode versioned(ObjectNode r, LocalDateTime day) {
        return r.put("extract_id", extractId(day)).put("extract_date", day.toString() + ":00");
    }

    private static Message supplier(String id, String name, LocalDateTime day) {
        return new Message(ProcessedTable.SUPPLIERS, versioned(record("supplier_id", id, "name", name, "email", null,
            "sector", "TECHNOLOGY"), day));
    }

    private static Message user(String id, String supplier, String email, LocalDateTime day) {
        return new Message(ProcessedTable.USERS, versioned(record("user_id", id, "email", email,
            "role", supplier == null ? "USER" : "SUPPLIER", "supplier_id", supplier), day));
    }

    private static Message notification(LocalDateTime day) {
        return new Message(ProcessedTable.NOTIFICATIONS, versioned(record("notification_id", "NOT000001", "type", "INFO",
            "sent_at", "2025-01-02T03:04:05", "channel", "EMAIL"), day));
    }

    private static Message link(String user, boolean read, LocalDateTime day) {
        ObjectNode r = record("user_id", user, "notification_id", "NOT000001");
        r.put("is_read", read);
        return new Message(ProcessedTable.USER_NOTIFICATIONS, versioned(r, day));
    }

    /** A delete envelope's record: the key fields, extract_id, extract_date and deleted_at (six hours into the day). */
    private static Message deletion(ProcessedTable t, LocalDateTime day, String... key) {
        ObjectNode r = versioned(record(key), day);
        r.put("deleted_at", day.plusHours(6).toString() + ":00");
        return new Message(t, r);
    }

    // ---- Kafka and the consumer ----

    private void publish(List<Message> messages) throws Exception {
        publish(TOPIC, messages);
    }

    /** A plain producer with default settings: key {@code table:key}, value {@code {"table": T, "record": {...}}}. */
    private void publish(String topic, List<Message> messages) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", stack.bootstrap());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (Message m : messages) {
                String table = m.table().tableName();
                sent.add(producer.send(new ProducerRecord<>(topic, Envelope.key(table, m.table().primaryKey(), m.record()),
                    Json.MAPPER.writeValueAsBytes(Json.MAPPER.createObjectNode().put("table", table).set("record", m.record())))));
            }
            for (Future<RecordMetadata> f : sent) f.get(); // acknowledged by the broker
        }
    }

    private EmbeddedStack.Run consume() {
        return consume(TOPIC, stack.jdbcUrl(DATABASE), "daily");
    }

    /** One scripted consumer-processed run: it stops once it has loaded everything the topic held (idle 1 s). */
    private EmbeddedStack.Run consume(String topic, String url, String group) {
        EmbeddedStack.Run run = EmbeddedStack.run(new ConsumerProcessedCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--errors-topic", topic + "_errors", "--group", group, "--jdbc-url", url,
            "--parent-wait", "30", "--idle-timeout", "1s");
        assertEquals(0, run.exitCode(), run.output());
        return run;
    }

    /** A figure of the summary's detail lines, e.g. {@code   stale           : 8}. */
    private static long detail(EmbeddedStack.Run run, String key) {
        Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(key) + " *: (\\d+)\\s*$").matcher(run.output());
        if (!m.find()) throw new AssertionError("no \"" + key + "\" line in the summary:\n" + run.output());
        return Long.parseLong(m.group(1));
    }

    // ---- plain JDBC ----

    /** Every column (declared and version) of every row of the tables, by table and key (key values joined with '|'). */
    private static Map<String, Map<String, List<Object>>> snapshot() throws Exception {
        Map<String, Map<String, List<Object>>> all = new LinkedHashMap<>();
        try (Connection c = stack.db(DATABASE); Statement st = c.createStatement()) {
            for (ProcessedTable t : ProcessedTable.values()) {
                Map<String, List<Object>> rows = new LinkedHashMap<>();
                try (ResultSet rs = st.executeQuery("SELECT " + String.join(", ", t.storedColumnNames()) + " FROM " + t.tableName()
                    + " ORDER BY " + String.join(", ", t.primaryKey()))) {
                    ResultSetMetaData md = rs.getMetaData();
                    while (rs.next()) {
                        List<Object> row = new ArrayList<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) row.add(rs.getObject(i));
                        rows.put(key(rs, t), row);
                    }
                }
                if (!TABLES.contains(t)) assertEquals(Map.of(), rows, t.tableName() + " stays empty");
                all.put(t.tableName(), rows);
            }
        }
        return all;
    }

    private static String key(ResultSet rs, ProcessedTable t) throws java.sql.SQLException {
        List<String> parts = new ArrayList<>();
        for (String k : t.primaryKey()) parts.add(rs.getString(k));
        return String.join("|", parts);
    }

    /** The row of {@code key} (key values joined with '|'), its key values bound; the columns named as declared. */
    private static List<Object> select(ProcessedTable t, String key, String... columns) throws Exception {
        String[] parts = key.split("\\|");
        List<String> conditions = new ArrayList<>();
        for (String k : t.primaryKey()) conditions.add(k + " = ?");
        try (Connection c = stack.db(DATABASE); PreparedStatement ps = c.prepareStatement("SELECT " + String.join(", ", columns)
            + " FROM " + t.tableName() + " WHERE " + String.join(" AND ", conditions))) {
            for (int i = 0; i < parts.length; i++) ps.setString(i + 1, parts[i]);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), t.tableName() + " " + key + " stored");
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns.length; i++) {
                    Object v = rs.getObject(i);
                    row.add(v instanceof java.sql.Timestamp ts ? ts.toLocalDateTime() : v);
                }
                return row;
            }
        }
    }

    private static Object value(ProcessedTable t, String key, String column) throws Exception {
        return select(t, key, column).get(0);
    }

    private static void assertVersion(ProcessedTable t, String key, String extractId, LocalDateTime extractDate,
                                      LocalDateTime deletedAt) throws Exception {
        List<Object> row = select(t, key, "extract_id", "extract_date", "deleted_at");
        String what = t.tableName() + " " + key;
        assertEquals(extractId, row.get(0), what + " extract_id");
        assertEquals(extractDate, row.get(1), what + " extract_date");
        assertEquals(deletedAt, row.get(2), what + " deleted_at");
    }

    /** Rows of the table not soft-deleted. */
    private static long live(ProcessedTable t) throws Exception {
        try (Connection c = stack.db(DATABASE); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + t.tableName() + " WHERE deleted_at IS NULL")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
