package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.Json;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every analytics view equals the same figure computed here, independently of the SQL, from
 * cleaned_data_output.json. Shared by the embedded pipeline test and the container scenarios; the
 * double-quoted identifiers read the same on PostgreSQL and SQL Server (QUOTED_IDENTIFIER is on for JDBC).
 */
public final class AnalyticsFigures {
    private AnalyticsFigures() {}

    public static void assertViewsEqualTheCleanedFile(Connection c, Path cleanedFile) throws Exception {
        JsonNode m = Json.MAPPER.readTree(cleanedFile.toFile());
        Map<String, JsonNode> plans = new HashMap<>();
        for (JsonNode p : m.get("processed_plans")) plans.put(p.get("plan_id").asText(), p);
        Map<String, BigDecimal> mrrByCategory = new TreeMap<>();
        Map<String, BigDecimal> mrrBySupplier = new TreeMap<>();
        Map<String, Long> activeByPlan = new TreeMap<>();
        Map<String, Long> churn = new TreeMap<>();
        for (JsonNode s : m.get("processed_subscriptions")) {
            String status = s.path("status").asText(null);
            JsonNode plan = plans.get(s.get("plan_id").asText());
            if ("ACTIVE".equals(status)) {
                activeByPlan.merge(plan.get("plan_id").asText(), 1L, Long::sum);
                String cycle = s.path("billing_cycle").asText(null);
                if (cycle != null) {
                    BigDecimal price = plan.get("price").decimalValue();
                    BigDecimal monthly = switch (cycle) {
                        case "DAILY" -> price.multiply(BigDecimal.valueOf(365)).divide(BigDecimal.valueOf(12), 10, RoundingMode.HALF_UP);
                        case "WEEKLY" -> price.multiply(BigDecimal.valueOf(52)).divide(BigDecimal.valueOf(12), 10, RoundingMode.HALF_UP);
                        case "SEMIMONTHLY" -> price.multiply(BigDecimal.valueOf(2));
                        case "MONTHLY" -> price;
                        case "ANNUAL" -> price.divide(BigDecimal.valueOf(12), 10, RoundingMode.HALF_UP);
                        default -> throw new AssertionError(cycle);
                    };
                    String category = plan.path("category").isNull() || plan.path("category").isMissingNode() ? "UNKNOWN" : plan.get("category").asText();
                    mrrByCategory.merge(category, monthly, BigDecimal::add);
                    mrrBySupplier.merge(plan.get("supplier_id").asText(), monthly, BigDecimal::add);
                }
            }
            if ("CANCELLED".equals(status) || "EXPIRED".equals(status)) {
                String date = !s.path("renewal_date").isNull() && !s.path("renewal_date").isMissingNode() ? s.get("renewal_date").asText()
                    : !s.path("next_billing_date").isNull() && !s.path("next_billing_date").isMissingNode() ? s.get("next_billing_date").asText() : null;
                if (date != null) churn.merge(Integer.parseInt(date.substring(0, 4)) + "-" + Integer.parseInt(date.substring(5, 7)), 1L, Long::sum);
            }
        }
        Map<String, long[]> payments = new TreeMap<>();
        for (JsonNode p : m.get("processed_payments")) {
            if (p.path("status").isNull() || p.path("status").isMissingNode()) continue;
            String method = p.path("method").isNull() || p.path("method").isMissingNode() ? "UNKNOWN" : p.get("method").asText();
            long[] n = payments.computeIfAbsent(method, k -> new long[2]);
            n[0]++;
            if ("SUCCEEDED".equals(p.get("status").asText())) n[1]++;
        }
        assertFalse(mrrByCategory.isEmpty(), "the generated data has active subscriptions");

        try (Statement st = c.createStatement()) {
            assertEquals(rounded(mrrByCategory), decimals(st, "SELECT \"category\", \"mrr_eur\" FROM \"v_mrr_by_category\""));
            assertEquals(rounded(mrrBySupplier), decimals(st, "SELECT \"supplier_id\", \"mrr_eur\" FROM \"v_mrr_by_supplier\""));
            assertEquals(activeByPlan, longs(st, "SELECT \"plan_id\", \"active_subscriptions\" FROM \"v_active_subscriptions_by_plan\""));
            assertEquals(churn, longs(st, "SELECT \"churn_year\", \"churn_month\", \"churned_subscriptions\" FROM \"v_churn_by_month\""));
            Map<String, String> rates = new TreeMap<>();
            payments.forEach((k, v) -> rates.put(k, v[0] + "/" + v[1] + "/"
                + BigDecimal.valueOf(v[1]).divide(BigDecimal.valueOf(v[0]), 4, RoundingMode.HALF_UP)));
            Map<String, String> viewRates = new TreeMap<>();
            try (ResultSet rs = st.executeQuery("SELECT \"method\", \"payments\", \"succeeded\", \"success_rate\" "
                + "FROM \"v_payment_success_rate_by_method\"")) {
                while (rs.next()) {
                    viewRates.put(rs.getString(1), rs.getLong(2) + "/" + rs.getLong(3) + "/" + rs.getBigDecimal(4).setScale(4));
                }
            }
            assertEquals(rates, viewRates);
        }
    }

    private static Map<String, BigDecimal> rounded(Map<String, BigDecimal> m) {
        Map<String, BigDecimal> r = new TreeMap<>();
        m.forEach((k, v) -> r.put(k, v.setScale(2, RoundingMode.HALF_UP)));
        return r;
    }

    private static Map<String, BigDecimal> decimals(Statement st, String sql) throws Exception {
        Map<String, BigDecimal> r = new TreeMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) r.put(rs.getString(1), rs.getBigDecimal(2).setScale(2, RoundingMode.HALF_UP));
        }
        return r;
    }

    /** The first columns but the last joined with '-' as the key, the last column as the value. */
    private static Map<String, Long> longs(Statement st, String sql) throws Exception {
        Map<String, Long> r = new TreeMap<>();
        try (ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder key = new StringBuilder(rs.getString(1));
                for (int i = 2; i < n; i++) key.append('-').append(rs.getString(i));
                r.put(key.toString(), rs.getLong(n));
            }
        }
        return r;
    }
}
