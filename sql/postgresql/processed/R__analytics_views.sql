-- Analytics views over the processed model, PostgreSQL form of sql/sqlserver/processed/R__analytics_views.sql:
-- the same SELECTs but for YEAR()/MONTH(), which PostgreSQL spells EXTRACT(... FROM ...). FullPipelineIT
-- compares every view's figures with ones it computes itself from the processed rows.
-- Monthly recurring revenue normalises a plan's price to one month by billing cycle:
-- DAILY x 365/12, WEEKLY x 52/12, SEMIMONTHLY x 2, MONTHLY x 1, ANNUAL / 12. Only ACTIVE
-- subscriptions with a known billing cycle count.

DROP VIEW IF EXISTS "v_mrr_by_category";
CREATE VIEW "v_mrr_by_category" AS
SELECT COALESCE(p."category", 'UNKNOWN') AS "category",
       COUNT(*) AS "active_subscriptions",
       CAST(SUM(CASE s."billing_cycle"
                  WHEN 'DAILY' THEN p."price" * 365 / 12
                  WHEN 'WEEKLY' THEN p."price" * 52 / 12
                  WHEN 'SEMIMONTHLY' THEN p."price" * 2
                  WHEN 'MONTHLY' THEN p."price"
                  WHEN 'ANNUAL' THEN p."price" / 12
                END) AS DECIMAL(14,2)) AS "mrr_eur"
FROM "processed_subscriptions" s
JOIN "processed_plans" p ON p."plan_id" = s."plan_id"
WHERE s."status" = 'ACTIVE' AND s."billing_cycle" IS NOT NULL
  AND s."deleted_at" IS NULL AND p."deleted_at" IS NULL
GROUP BY COALESCE(p."category", 'UNKNOWN');

DROP VIEW IF EXISTS "v_mrr_by_supplier";
CREATE VIEW "v_mrr_by_supplier" AS
SELECT p."supplier_id" AS "supplier_id",
       f."name" AS "supplier_name",
       COUNT(*) AS "active_subscriptions",
       CAST(SUM(CASE s."billing_cycle"
                  WHEN 'DAILY' THEN p."price" * 365 / 12
                  WHEN 'WEEKLY' THEN p."price" * 52 / 12
                  WHEN 'SEMIMONTHLY' THEN p."price" * 2
                  WHEN 'MONTHLY' THEN p."price"
                  WHEN 'ANNUAL' THEN p."price" / 12
                END) AS DECIMAL(14,2)) AS "mrr_eur"
FROM "processed_subscriptions" s
JOIN "processed_plans" p ON p."plan_id" = s."plan_id"
JOIN "processed_suppliers" f ON f."supplier_id" = p."supplier_id"
WHERE s."status" = 'ACTIVE' AND s."billing_cycle" IS NOT NULL
  AND s."deleted_at" IS NULL AND p."deleted_at" IS NULL AND f."deleted_at" IS NULL
GROUP BY p."supplier_id", f."name";

DROP VIEW IF EXISTS "v_active_subscriptions_by_plan";
CREATE VIEW "v_active_subscriptions_by_plan" AS
SELECT p."plan_id" AS "plan_id",
       p."title" AS "plan_title",
       p."category" AS "category",
       COUNT(*) AS "active_subscriptions"
FROM "processed_subscriptions" s
JOIN "processed_plans" p ON p."plan_id" = s."plan_id"
WHERE s."status" = 'ACTIVE'
  AND s."deleted_at" IS NULL AND p."deleted_at" IS NULL
GROUP BY p."plan_id", p."title", p."category";

-- Churn: subscriptions that ended (CANCELLED or EXPIRED), counted in the month of their last
-- renewal date, falling back to the next billing date they never reached.
DROP VIEW IF EXISTS "v_churn_by_month";
CREATE VIEW "v_churn_by_month" AS
SELECT CAST(EXTRACT(YEAR FROM COALESCE(s."renewal_date", s."next_billing_date")) AS INT) AS "churn_year",
       CAST(EXTRACT(MONTH FROM COALESCE(s."renewal_date", s."next_billing_date")) AS INT) AS "churn_month",
       COUNT(*) AS "churned_subscriptions"
FROM "processed_subscriptions" s
WHERE s."status" IN ('CANCELLED', 'EXPIRED') AND s."deleted_at" IS NULL
  AND COALESCE(s."renewal_date", s."next_billing_date") IS NOT NULL
GROUP BY CAST(EXTRACT(YEAR FROM COALESCE(s."renewal_date", s."next_billing_date")) AS INT),
         CAST(EXTRACT(MONTH FROM COALESCE(s."renewal_date", s."next_billing_date")) AS INT);

-- Success rate among payments with a known outcome status.
DROP VIEW IF EXISTS "v_payment_success_rate_by_method";
CREATE VIEW "v_payment_success_rate_by_method" AS
SELECT COALESCE(p."method", 'UNKNOWN') AS "method",
       COUNT(*) AS "payments",
       SUM(CASE WHEN p."status" = 'SUCCEEDED' THEN 1 ELSE 0 END) AS "succeeded",
       CAST(SUM(CASE WHEN p."status" = 'SUCCEEDED' THEN 1 ELSE 0 END) * 1.0 / COUNT(*) AS DECIMAL(5,4)) AS "success_rate"
FROM "processed_payments" p
WHERE p."status" IS NOT NULL AND p."deleted_at" IS NULL
GROUP BY COALESCE(p."method", 'UNKNOWN');
