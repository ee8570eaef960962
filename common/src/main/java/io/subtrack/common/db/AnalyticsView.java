package io.subtrack.common.db;

import static io.subtrack.common.db.DatabaseDialect.OrderBy.asc;
import static io.subtrack.common.db.DatabaseDialect.OrderBy.desc;

import io.subtrack.common.db.DatabaseDialect.OrderBy;
import java.util.List;

/**
 * An analytics view of the processed layer, as declared: its name, its heading in the report and the order its
 * rows are shown in. The processed layer's repeatable migration (R__analytics_views.sql) creates exactly
 * {@link #ALL} on every database; the schema tests read the views back from each server's catalog.
 */
public record AnalyticsView(String name, String title, List<OrderBy> orderBy) {
    public static final List<AnalyticsView> ALL = List.of(
        new AnalyticsView("v_mrr_by_category", "Monthly recurring revenue by category (EUR)", List.of(desc("mrr_eur"), asc("category"))),
        new AnalyticsView("v_mrr_by_supplier", "Monthly recurring revenue by supplier (EUR)", List.of(desc("mrr_eur"), asc("supplier_id"))),
        new AnalyticsView("v_active_subscriptions_by_plan", "Active subscriptions by plan",
            List.of(desc("active_subscriptions"), asc("plan_id"))),
        new AnalyticsView("v_churn_by_month", "Churn by month (subscriptions cancelled or expired)",
            List.of(asc("churn_year"), asc("churn_month"))),
        new AnalyticsView("v_payment_success_rate_by_method", "Payment success rate by method",
            List.of(desc("success_rate"), asc("method"))));

    public AnalyticsView {
        orderBy = List.copyOf(orderBy);
    }
}
