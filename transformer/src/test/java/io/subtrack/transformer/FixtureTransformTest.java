package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.JdbcType;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.devdb.DevDb;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.report.QualityFigures;
import io.subtrack.transformer.report.QualityReport;
import io.subtrack.transformer.report.ReportJson;
import io.subtrack.transformer.report.QualityStats;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared fixture, processed completely: accounting, secrets, contract, schema load, determinism. */
class FixtureTransformTest {
    @TempDir
    static Path dir;
    static Fixtures.Run run;
    static JsonNode cleaned;
    static JsonNode rejected;
    static JsonNode fixture;

    @BeforeAll
    static void transformFixture() throws Exception {
        run = Fixtures.runFile(Fixtures.rawSample(), dir.resolve("a"));
        cleaned = run.cleanedJson();
        rejected = run.rejectedJson();
        fixture = Json.MAPPER.readTree(Fixtures.rawSample().toFile());
    }

    @Test
    void everyRawRecordIsAccountedForExactlyOnce() {
        QualityStats stats = run.transformer().stats();
        for (RawTable t : RawTable.all()) {
            QualityStats.TableCounts c = stats.tables().get(t);
            int inFile = fixture.get(t.tableName()).size();
            assertEquals(inFile, c.in, t.tableName() + " in");
            assertEquals(c.in, c.accepted + c.rejected + c.superseded, t.tableName() + " in = out + quarantined");
            assertEquals(c.rejected + c.superseded, rejected.get(t.tableName()).size(), t.tableName() + " quarantine file");
        }
        assertEquals(1670, stats.totalIn());
    }

    @Test
    void processedRowsMatchTheAcceptedRawRecordsOfEachTable() {
        QualityStats stats = run.transformer().stats();
        Map<ProcessedTable, RawTable> oneToOne = Map.of(ProcessedTable.SUPPLIERS, RawTable.SUPPLIER, ProcessedTable.USERS, RawTable.USER,
            ProcessedTable.PLANS, RawTable.PLAN, ProcessedTable.NOTIFICATIONS, RawTable.NOTIFICATION,
            ProcessedTable.SUBSCRIPTIONS, RawTable.SUBSCRIPTION, ProcessedTable.PAYMENTS, RawTable.PAYMENT,
            ProcessedTable.PAYMENT_METHODS, RawTable.PAYMENT_METHOD, ProcessedTable.USER_NOTIFICATIONS, RawTable.USER_NOTIFICATION,
            ProcessedTable.ACTIVITY_LOG, RawTable.JOURNAL);
        for (var e : oneToOne.entrySet()) {
            assertEquals(stats.tables().get(e.getValue()).accepted, cleaned.get(e.getKey().tableName()).size(), e.getKey().tableName());
            assertEquals(stats.processedRows().get(e.getKey()).longValue(), cleaned.get(e.getKey().tableName()).size());
        }
        // 11 duplicate profiles, 2 duplicate payment methods, 5 duplicate user notifications, 1 duplicate subscription in the fixture
        assertEquals(11, stats.tables().get(RawTable.USER_PROFILE).superseded);
        assertEquals(2, stats.tables().get(RawTable.PAYMENT_METHOD).superseded);
        assertEquals(5, stats.tables().get(RawTable.USER_NOTIFICATION).superseded);
        assertEquals(1, stats.tables().get(RawTable.SUBSCRIPTION).superseded);
    }

    @Test
    void outputHasExactlyTheProcessedTablesAndColumnsInDeclarationOrder() {
        List<String> tables = new ArrayList<>();
        cleaned.fieldNames().forEachRemaining(tables::add);
        List<String> expected = new ArrayList<>();
        for (ProcessedTable t : ProcessedTable.values()) expected.add(t.tableName());
        assertEquals(expected, tables);
        for (ProcessedTable t : ProcessedTable.values()) {
            for (JsonNode row : cleaned.get(t.tableName())) {
                List<String> cols = new ArrayList<>();
                row.fieldNames().forEachRemaining(cols::add);
                assertEquals(t.columnNames(), cols, t.tableName());
                for (Column c : t.columns()) {
                    JsonNode v = row.get(c.name());
                    if (!c.nullable()) assertFalse(v.isNull(), t.tableName() + "." + c.name() + " is required");
                    if (c.isCode() && !v.isNull()) assertTrue(c.codes().contains(v.asText()), c.name() + " " + v);
                }
            }
        }
    }

    @Test
    void valuesFollowTheContractFormats() {
        Pattern date = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
        Pattern ts = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}");
        for (ProcessedTable t : ProcessedTable.values()) {
            for (JsonNode row : cleaned.get(t.tableName())) {
                for (Column c : t.columns()) {
                    JsonNode v = row.get(c.name());
                    if (v.isNull()) continue;
                    JdbcType type = c.type();
                    if (type == JdbcType.DATE) assertTrue(date.matcher(v.asText()).matches(), v.asText());
                    if (type == JdbcType.TIMESTAMP) assertTrue(ts.matcher(v.asText()).matches(), v.asText());
                    if (type == JdbcType.MONEY) assertTrue(v.isNumber() && v.decimalValue().signum() >= 0, c.name());
                    if (type == JdbcType.BOOLEAN) assertTrue(v.isBoolean());
                }
            }
        }
        JsonNode plan1 = cleaned.get("processed_plans").get(0);
        assertEquals("86.48", plan1.get("price").decimalValue().toPlainString());
    }

    /** The reader strips trailing zeros, so the two decimals of MONEY are checked on the file's text. */
    @Test
    void moneyIsWrittenWithTwoDecimals() throws Exception {
        String text = Files.readString(run.cleaned());
        var m = Pattern.compile("\"(price|amount)\":([^,}]*)").matcher(text);
        int n = 0;
        while (m.find()) {
            assertTrue(m.group(2).matches("\\d+\\.\\d{2}"), m.group());
            n++;
        }
        assertEquals(cleaned.get("processed_plans").size() + cleaned.get("processed_payments").size(), n);
        assertTrue(text.contains("\"price\":54.00"));
    }

    @Test
    void noPasswordAndNoCardNumberLongerThanFourDigitsAnywhere() throws Exception {
        List<String> passwords = new ArrayList<>();
        for (JsonNode u : fixture.get("raw_User")) passwords.add(u.get("motsDePasse").asText());
        Pattern longDigits = Pattern.compile("\\d{5,}");
        List<Path> outputs = new ArrayList<>(List.of(run.cleaned(), run.rejected()));
        Path report = dir.resolve("a/report");
        QualityReport.write(report, QualityFigures.of(run.transformer().stats(), null, List.of()));
        outputs.add(dir.resolve("a/report.json"));
        outputs.add(dir.resolve("a/report.html"));
        for (Path p : outputs) {
            String text = Files.readString(p);
            if (!p.toString().contains("report")) assertFalse(text.contains("motsDePasse"), p + " holds the password field");
            for (String pw : passwords) {
                if (pw.strip().length() >= 8) assertFalse(text.contains(pw.strip()), p + " holds a password");
            }
            for (JsonNode m : fixture.get("raw_MethodePaiement")) {
                String digits = m.get("informationCarte").asText().replaceAll("[^0-9]", "");
                if (digits.length() > 4) assertFalse(text.contains(digits), p + " holds a card number");
            }
        }
        for (JsonNode row : cleaned.get("processed_payment_methods")) {
            JsonNode last4 = row.get("card_last4");
            assertTrue(last4.isNull() || last4.asText().matches("\\d{4}"), last4.toString());
        }
        for (JsonNode r : rejected.get("raw_MethodePaiement")) {
            assertFalse(longDigits.matcher(r.get("record").get("informationCarte").asText()).find());
        }
    }

    @Test
    void subscriptionsStartOnOrBeforeTheirNextBilling() {
        for (JsonNode s : cleaned.get("processed_subscriptions")) {
            if (!s.get("start_date").isNull() && !s.get("next_billing_date").isNull()) {
                assertTrue(s.get("start_date").asText().compareTo(s.get("next_billing_date").asText()) <= 0, s.toString());
            }
        }
        // the fixture's subscriptions that the day-first policy read as starting after their next billing were
        // misreadings: each has a reading (the one its ISO field gives) that keeps the order
        for (JsonNode r : rejected.get("raw_utilisateur_abonement")) {
            assertFalse(r.get("rules").toString().contains("SUB-START-AFTER-NEXT-BILLING"), r.toString());
        }
    }

    @Test
    void sameInputGivesByteIdenticalOutputs() throws Exception {
        Fixtures.Run again = Fixtures.runFile(Fixtures.rawSample(), dir.resolve("b"));
        assertArrayEquals(Files.readAllBytes(run.cleaned()), Files.readAllBytes(again.cleaned()));
        assertArrayEquals(Files.readAllBytes(run.rejected()), Files.readAllBytes(again.rejected()));
        String r1 = ReportJson.render(QualityFigures.of(run.transformer().stats(), null, List.of())).toString();
        String r2 = ReportJson.render(QualityFigures.of(again.transformer().stats(), null, List.of())).toString();
        assertEquals(r1, r2);
    }

    /** The consumer loads the cleaned file into the processed schema: every row must load with constraints enforced. */
    @Test
    void cleanedOutputLoadsIntoTheProcessedSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(DevDb.forTests().createDatabase("transformer_processed_load"))) {
            DatabaseDialect d = DatabaseDialect.forUrl(c.getMetaData().getURL());
            SchemaApplier.applyProcessed(c, d);
            Map<String, Integer> loaded = new HashMap<>();
            for (ProcessedTable t : ProcessedTable.values()) {
                try (PreparedStatement ps = c.prepareStatement(d.buildInsertStatement(t.tableName(), t.columnNames()))) {
                    for (Iterator<JsonNode> it = cleaned.get(t.tableName()).elements(); it.hasNext(); ) {
                        JsonNode row = it.next();
                        int i = 1;
                        for (Column col : t.columns()) col.type().bind(ps, i++, row.get(col.name()));
                        ps.executeUpdate();
                        loaded.merge(t.tableName(), 1, Integer::sum);
                    }
                }
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(d.buildCountStatement(t.tableName()))) {
                    rs.next();
                    assertEquals(cleaned.get(t.tableName()).size(), rs.getInt(1), t.tableName());
                }
            }
            assertTrue(loaded.get("processed_activity_log") > 0);
        }
    }
}
