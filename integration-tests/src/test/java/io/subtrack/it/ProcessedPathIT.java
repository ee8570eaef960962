package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.json.TableFileWriter;
import io.subtrack.common.kafka.DeadLetters;
import io.subtrack.common.kafka.Envelope;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.consumer.processed.ConsumerProcessedCommand;
import io.subtrack.producer.processed.ProducerProcessedCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Parents that arrive late still load their children; refused rows are dead-lettered with the reason. */
@ExtendWith(EmbeddedStackExtension.class)
class ProcessedPathIT {
    @TempDir static Path dir;
    static EmbeddedStack stack;

    @BeforeAll
    static void start(EmbeddedStack started) throws Exception {
        stack = started;
    }


    /** A small, valid processed model: 2 suppliers, 4 users, 3 plans and their dependants. */
    static Map<ProcessedTable, List<ObjectNode>> model() {
        Map<ProcessedTable, List<ObjectNode>> m = new TreeMap<>();
        for (ProcessedTable t : ProcessedTable.values()) m.put(t, new ArrayList<>());
        for (int s = 1; s <= 2; s++) {
            m.get(ProcessedTable.SUPPLIERS).add(row("supplier_id", "FRN000" + s, "name", "Supplier " + s, "sector", "TECHNOLOGY"));
        }
        for (int u = 1; u <= 4; u++) {
            m.get(ProcessedTable.USERS).add(row("user_id", "USR0000" + u, "email", "u" + u + "@example.fr", "role",
                u == 4 ? "SUPPLIER" : "USER", "supplier_id", u == 4 ? "FRN0002" : null));
        }
        for (int p = 1; p <= 3; p++) {
            ObjectNode plan = row("plan_id", "ABN0000" + p, "supplier_id", "FRN000" + (p % 2 + 1), "title", "Plan " + p,
                "currency", "EUR", "category", "MUSIC");
            plan.put("price", new java.math.BigDecimal("9.99"));
            m.get(ProcessedTable.PLANS).add(plan);
        }
        m.get(ProcessedTable.NOTIFICATIONS).add(row("notification_id", "NOT000001", "type", "INFO", "sent_at", "2025-01-02T03:04:05"));
        for (int u = 1; u <= 4; u++) {
            m.get(ProcessedTable.SUBSCRIPTIONS).add(row("user_id", "USR0000" + u, "plan_id", "ABN0000" + (u % 3 + 1),
                "billing_cycle", "MONTHLY", "status", "ACTIVE", "start_date", "2025-01-01", "next_billing_date", "2025-02-01"));
            ObjectNode pay = row("payment_id", "PAY00000" + u, "user_id", "USR0000" + u, "plan_id", "ABN0000" + (u % 3 + 1),
                "currency", "EUR", "status", "SUCCEEDED", "method", "PAYPAL", "payment_date", "2025-01-03");
            pay.put("amount", new java.math.BigDecimal("9.99"));
            m.get(ProcessedTable.PAYMENTS).add(pay);
            m.get(ProcessedTable.PAYMENT_METHODS).add(row("payment_id", "PAY00000" + u, "user_id", "USR0000" + u,
                "card_last4", "1234", "method_type", "VISA"));
            ObjectNode un = row("user_id", "USR0000" + u, "notification_id", "NOT000001");
            un.put("is_read", u % 2 == 0);
            m.get(ProcessedTable.USER_NOTIFICATIONS).add(un);
            m.get(ProcessedTable.ACTIVITY_LOG).add(row("log_id", "JRN0000" + u, "user_id", "USR0000" + u, "plan_id", "ABN00001",
                "activity_type", "LOGIN", "status", "COMPLETED", "created_at", "2025-01-01T00:00:00"));
        }
        return m;
    }

    static ObjectNode row(String... kv) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) n.putNull(kv[i]);
            else n.put(kv[i], kv[i + 1]);
        }
        return n;
    }

    static Path write(Path file, Map<ProcessedTable, List<ObjectNode>> tables, List<ProcessedTable> order) throws Exception {
        try (TableFileWriter w = new TableFileWriter(file, false)) {
            for (ProcessedTable t : order) {
                w.startTable(t.tableName());
                for (ObjectNode r : tables.get(t)) w.write(r);
            }
            w.commit();
        }
        return file;
    }

    /**
     * Waits until the consumer has taken a batch of children to the database and held them back:
     * it stores the batch's settled offsets (the first child still waiting) once per batch, so a row
     * in subtrack_load_offsets shows it; only then do the parents go out.
     */
    private void awaitChildrenHeldBack(String database, Duration within) throws Exception {
        org.awaitility.Awaitility.await("the consumer takes a batch of children").atMost(within)
            .pollInterval(Duration.ofMillis(100)).until(() -> settledBatches(database) > 0);
        for (ProcessedTable t : List.of(ProcessedTable.ACTIVITY_LOG, ProcessedTable.PAYMENTS)) {
            assertEquals(0, stack.count(database, t.tableName()), t.tableName() + " loaded before its parents");
        }
    }

    /** The consumer's stored batches; 0 before it has created its tables. */
    private long settledBatches(String database) {
        try (java.sql.Connection c = stack.db(database); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM subtrack_load_offsets WHERE target = 'processed'")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException notYet) {
            return 0;
        }
    }

    private EmbeddedStack.Run publish(String topic, Path file) {
        var run = EmbeddedStack.run(new ProducerProcessedCommand(), "--bootstrap-server", stack.bootstrap(), "--topic", topic,
            "--input", file.toString());
        assertEquals(0, run.exitCode(), run.output());
        return run;
    }

    @Test
    void childrenPublishedBeforeTheirParentsStillAllLand() throws Exception {
        String topic = "processed_late_parents";
        Map<ProcessedTable, List<ObjectNode>> m = model();
        List<ProcessedTable> children = List.of(ProcessedTable.ACTIVITY_LOG, ProcessedTable.USER_NOTIFICATIONS,
            ProcessedTable.PAYMENT_METHODS, ProcessedTable.PAYMENTS, ProcessedTable.SUBSCRIPTIONS);
        List<ProcessedTable> parents = List.of(ProcessedTable.PLANS, ProcessedTable.NOTIFICATIONS, ProcessedTable.USERS,
            ProcessedTable.SUPPLIERS);
        Path childFile = write(dir.resolve("children.json"), m, children);
        Path parentFile = write(dir.resolve("parents.json"), m, parents);

        // the consumer is already running when the children arrive; parents follow seconds later
        CompletableFuture<EmbeddedStack.Run> consumer = CompletableFuture.supplyAsync(() -> EmbeddedStack.run(
            new ConsumerProcessedCommand(), "--bootstrap-server", stack.bootstrap(), "--topic", topic, "--group", "late",
            "--jdbc-url", stack.jdbcUrl("late"), "--parent-wait", "60", "--idle-timeout", "6s"));
        publish(topic, childFile);
        awaitChildrenHeldBack("late", Duration.ofSeconds(60));
        publish(topic, parentFile);
        EmbeddedStack.Run run = consumer.get();
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(0, run.summary("rejected"), run.output());
        for (ProcessedTable t : ProcessedTable.values()) {
            assertEquals(m.get(t).size(), stack.count("late", t.tableName()), t.tableName());
        }

        // re-delivery of everything changes nothing
        publish(topic, parentFile);
        publish(topic, childFile);
        EmbeddedStack.Run again = EmbeddedStack.run(new ConsumerProcessedCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--group", "late", "--jdbc-url", stack.jdbcUrl("late"), "--idle-timeout", "1s");
        assertEquals(0, again.exitCode(), again.output());
        assertEquals(0, again.summary("rejected"), again.output());
        for (ProcessedTable t : ProcessedTable.values()) {
            assertEquals(m.get(t).size(), stack.count("late", t.tableName()), t.tableName() + " after re-delivery");
        }
    }

    @Test
    void aRecordSentAgainWithAChangedValueUpdatesItsRowInALaterRunAndWithinOneBatch() throws Exception {
        // the loader inserts until a key is found stored, then upserts: both halves must end in the same rows
        String topic = "processed_changed";
        Map<ProcessedTable, List<ObjectNode>> m = model();
        publish(topic, write(dir.resolve("changed-1.json"), m, List.of(ProcessedTable.values())));
        String[] consume = {"--bootstrap-server", stack.bootstrap(), "--topic", topic, "--errors-topic", topic + "_errors",
            "--group", "changed", "--jdbc-url", stack.jdbcUrl("changed"), "--idle-timeout", "1s"};
        EmbeddedStack.Run first = EmbeddedStack.run(new ConsumerProcessedCommand(), consume);
        assertEquals(0, first.exitCode(), first.output());
        assertEquals(0, first.summary("rejected"), first.output());

        // the whole model again with one user's email changed, and a plan sent twice in one file with two prices
        m.get(ProcessedTable.USERS).get(0).put("email", "changed@example.fr");
        ObjectNode planAgain = m.get(ProcessedTable.PLANS).get(1).deepCopy();
        planAgain.put("price", new java.math.BigDecimal("19.99"));
        m.get(ProcessedTable.PLANS).add(planAgain);
        publish(topic, write(dir.resolve("changed-2.json"), m, List.of(ProcessedTable.values())));
        EmbeddedStack.Run second = EmbeddedStack.run(new ConsumerProcessedCommand(), consume);
        assertEquals(0, second.exitCode(), second.output());
        assertEquals(0, second.summary("rejected"), second.output());
        try (var c = stack.db("changed"); var st = c.createStatement()) {
            try (var rs = st.executeQuery("SELECT \"email\" FROM \"processed_users\" WHERE \"user_id\" = 'USR00001'")) {
                assertTrue(rs.next());
                assertEquals("changed@example.fr", rs.getString(1));
            }
            try (var rs = st.executeQuery("SELECT \"price\" FROM \"processed_plans\" WHERE \"plan_id\" = '" + planAgain.get("plan_id").asText() + "'")) {
                assertTrue(rs.next());
                assertEquals(0, new java.math.BigDecimal("19.99").compareTo(rs.getBigDecimal(1)), "the later of the two wins");
            }
        }
        for (ProcessedTable t : ProcessedTable.values()) {
            long keys = m.get(t).size() - (t == ProcessedTable.PLANS ? 1 : 0); // the plan sent twice is one row
            assertEquals(keys, stack.count("changed", t.tableName()), t.tableName());
        }
    }

    @Test
    void aFirstLoadWhoseOwnFileRepeatsAKeyStillLoadsEveryRow() throws Exception {
        // no key stored yet, but the same plan twice in one batch: the insert batch is refused, the upsert takes it
        String topic = "processed_repeat_first";
        Map<ProcessedTable, List<ObjectNode>> m = model();
        ObjectNode planAgain = m.get(ProcessedTable.PLANS).get(0).deepCopy();
        planAgain.put("title", "Plan 1, corrected");
        m.get(ProcessedTable.PLANS).add(planAgain);
        publish(topic, write(dir.resolve("repeat-first.json"), m, List.of(ProcessedTable.values())));
        EmbeddedStack.Run run = EmbeddedStack.run(new ConsumerProcessedCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--errors-topic", topic + "_errors", "--group", "repeat", "--jdbc-url", stack.jdbcUrl("repeat"),
            "--idle-timeout", "1s");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(0, run.summary("rejected"), run.output());
        assertEquals(3, stack.count("repeat", "processed_plans"));
        try (var c = stack.db("repeat"); var st = c.createStatement();
             var rs = st.executeQuery("SELECT \"title\" FROM \"processed_plans\" WHERE \"plan_id\" = 'ABN00001'")) {
            assertTrue(rs.next());
            assertEquals("Plan 1, corrected", rs.getString(1));
        }
    }

    @Test
    void aRowTheDatabaseRefusesIsDeadLetteredWithTheReasonAndTheRestLoad() throws Exception {
        String topic = "processed_refused";
        String errors = "processed_refused_errors";
        Map<ProcessedTable, List<ObjectNode>> m = model();
        // next billing before start: only the database's CHECK constraint knows this is wrong
        m.get(ProcessedTable.SUBSCRIPTIONS).get(0).put("start_date", "2025-03-01").put("next_billing_date", "2025-02-01");
        // a code outside the declared set
        m.get(ProcessedTable.PLANS).get(2).put("category", "GAMING");
        // a reference to a user that never arrives
        m.get(ProcessedTable.PAYMENTS).get(1).put("user_id", "USR09999");
        Path file = write(dir.resolve("refused.json"), m, List.of(ProcessedTable.values()));
        publish(topic, file);
        EmbeddedStack.Run run = EmbeddedStack.run(new ConsumerProcessedCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--errors-topic", errors, "--group", "refused", "--jdbc-url", stack.jdbcUrl("refused"),
            "--parent-wait", "2", "--idle-timeout", "1s");
        assertEquals(0, run.exitCode(), run.output());

        var letters = stack.readAll(errors);
        List<String> reasons = new ArrayList<>();
        for (var l : letters) {
            assertEquals(topic, Envelope.header(l.headers(), DeadLetters.ORIGIN_TOPIC));
            reasons.add(Envelope.header(l.headers(), Envelope.HEADER_TABLE) + ": " + Envelope.header(l.headers(), DeadLetters.ERROR_MESSAGE));
        }
        String all = String.join("\n", reasons);
        assertTrue(all.contains("processed_subscriptions") && all.toLowerCase().contains("ck_processed_subscriptions_dates"), all);
        assertTrue(all.contains("processed_plans") && all.toLowerCase().contains("ck_processed_plans_category"), all);
        assertTrue(all.contains("processed_payments: parent not found") && all.contains("processed_users.user_id=USR09999"), all);
        // the refused plan ABN00003 takes its dependants with it: they wait for a parent that never loads
        Map<String, Long> expected = Map.of("processed_suppliers", 2L, "processed_users", 4L, "processed_plans", 2L,
            "processed_notifications", 1L, "processed_subscriptions", 2L, "processed_payments", 3L,
            "processed_payment_methods", 3L, "processed_user_notifications", 4L, "processed_activity_log", 4L);
        for (ProcessedTable t : ProcessedTable.values()) {
            assertEquals(expected.get(t.tableName()), stack.count("refused", t.tableName()), t.tableName());
        }
        // plan ABN00003, subscription USR00001 (CHECK), subscription USR00002 (on ABN00003), PAY000002 and its method
        assertEquals(5, letters.size(), all);
        assertEquals(5, run.summary("rejected"));
    }
    @Test
    void theParentWaitCountsFromWhenTheWholeTopicHasBeenReadNotFromWhenTheChildArrived() throws Exception {
        String topic = "processed_far_parent";
        // one partition, in this order: a supplier's user (the child), 40,000 unrelated suppliers,
        // then the user's supplier; loading the 40,000 takes longer than the 1 s parent wait
        try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers", stack.bootstrap()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(topic, 1, (short) 1))).all().get();
        }
        Map<ProcessedTable, List<ObjectNode>> child = new TreeMap<>();
        child.put(ProcessedTable.USERS, List.of(row("user_id", "USR00001", "email", "u1@example.fr", "role", "SUPPLIER",
            "supplier_id", "FRN99999")));
        Map<ProcessedTable, List<ObjectNode>> filler = new TreeMap<>();
        List<ObjectNode> suppliers = new ArrayList<>();
        for (int s = 1; s <= 40_000; s++) {
            suppliers.add(row("supplier_id", String.format("FRN%05d", s), "name", "Supplier " + s, "sector", "TECHNOLOGY"));
        }
        filler.put(ProcessedTable.SUPPLIERS, suppliers);
        Map<ProcessedTable, List<ObjectNode>> parent = new TreeMap<>();
        parent.put(ProcessedTable.SUPPLIERS, List.of(row("supplier_id", "FRN99999", "name", "Late", "sector", "TECHNOLOGY")));
        publish(topic, write(dir.resolve("far-child.json"), child, List.of(ProcessedTable.USERS)));
        publish(topic, write(dir.resolve("far-filler.json"), filler, List.of(ProcessedTable.SUPPLIERS)));
        publish(topic, write(dir.resolve("far-parent.json"), parent, List.of(ProcessedTable.SUPPLIERS)));

        EmbeddedStack.Run run = EmbeddedStack.run(new ConsumerProcessedCommand(), "--bootstrap-server", stack.bootstrap(),
            "--topic", topic, "--errors-topic", topic + "_errors", "--group", "far", "--jdbc-url", stack.jdbcUrl("far"),
            "--parent-wait", "1", "--max-poll-records", "500", "--idle-timeout", "1s");
        assertEquals(0, run.exitCode(), run.output());
        assertEquals(0, run.summary("rejected"), run.output());
        assertEquals(1, stack.count("far", "processed_users"));
        assertEquals(40_001, stack.count("far", "processed_suppliers"));
    }
}
