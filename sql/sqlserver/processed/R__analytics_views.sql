-- Analytics views over the processed model. Plain SELECTs that H2 (MSSQLServer mode) and
-- SQL Server both run; a repeatable migration: Flyway runs it again whenever it changes. CREATE OR ALTER keeps the
-- views' GRANTs (a dropped view loses them); COUNT_BIG, since COUNT overflows past 2^31 rows.
-- Every view leaves soft-deleted rows (deleted_at set by a snapshot that no longer holds them) out.
-- Monthly recurring revenue normalises a plan's price to one month by billing cycle:
-- DAILY x 365/12, WEEKLY x 52/12, SEMIMONTHLY x 2, MONTHLY x 1, ANNUAL / 12. Only ACTIVE
-- subscriptions with a known billing cycle count.

CREATE OR ALTER VIEW [v_mrr_by_category] AS
SELECT COALESCE(p.[category], 'UNKNOWN') AS [category],
       COUNT_BIG(*) AS [active_subscriptions],
       CAST(SUM(CASE s.[billing_cycle]
                  WHEN 'DAILY' THEN p.[price] * 365 / 12
                  WHEN 'WEEKLY' THEN p.[price] * 52 / 12
                  WHEN 'SEMIMONTHLY' THEN p.[price] * 2
                  WHEN 'MONTHLY' THEN p.[price]
                  WHEN 'ANNUAL' THEN p.[price] / 12
                END) AS DECIMAL(14,2)) AS [mrr_eur]
FROM [processed_subscriptions] s
JOIN [processed_plans] p ON p.[plan_id] = s.[plan_id]
WHERE s.[status] = 'ACTIVE' AND s.[billing_cycle] IS NOT NULL
  AND s.[deleted_at] IS NULL AND p.[deleted_at] IS NULL
GROUP BY COALESCE(p.[category], 'UNKNOWN');
GO

CREATE OR ALTER VIEW [v_mrr_by_supplier] AS
SELECT p.[supplier_id] AS [supplier_id],
       f.[name] AS [supplier_name],
       COUNT_BIG(*) AS [active_subscriptions],
       CAST(SUM(CASE s.[billing_cycle]
                  WHEN 'DAILY' THEN p.[price] * 365 / 12
                  WHEN 'WEEKLY' THEN p.[price] * 52 / 12
                  WHEN 'SEMIMONTHLY' THEN p.[price] * 2
                  WHEN 'MONTHLY' THEN p.[price]
                  WHEN 'ANNUAL' THEN p.[price] / 12
                END) AS DECIMAL(14,2)) AS [mrr_eur]
FROM [processed_subscriptions] s
JOIN [processed_plans] p ON p.[plan_id] = s.[plan_id]
JOIN [processed_suppliers] f ON f.[supplier_id] = p.[supplier_id]
WHERE s.[status] = 'ACTIVE' AND s.[billing_cycle] IS NOT NULL
  AND s.[deleted_at] IS NULL AND p.[deleted_at] IS NULL AND f.[deleted_at] IS NULL
GROUP BY p.[supplier_id], f.[name];
GO

CREATE OR ALTER VIEW [v_active_subscriptions_by_plan] AS
SELECT p.[plan_id] AS [plan_id],
       p.[title] AS [plan_title],
       p.[category] AS [category],
       COUNT_BIG(*) AS [active_subscriptions]
FROM [processed_subscriptions] s
JOIN [processed_plans] p ON p.[plan_id] = s.[plan_id]
WHERE s.[status] = 'ACTIVE'
  AND s.[deleted_at] IS NULL AND p.[deleted_at] IS NULL
GROUP BY p.[plan_id], p.[title], p.[category];
GO

-- Churn: subscriptions that ended (CANCELLED or EXPIRED), counted in the month of their last
-- renewal date, falling back to the next billing date they never reached.
CREATE OR ALTER VIEW [v_churn_by_month] AS
SELECT YEAR(COALESCE(s.[renewal_date], s.[next_billing_date])) AS [churn_year],
       MONTH(COALESCE(s.[renewal_date], s.[next_billing_date])) AS [churn_month],
       COUNT_BIG(*) AS [churned_subscriptions]
FROM [processed_subscriptions] s
WHERE s.[status] IN ('CANCELLED', 'EXPIRED') AND s.[deleted_at] IS NULL
  AND COALESCE(s.[renewal_date], s.[next_billing_date]) IS NOT NULL
GROUP BY YEAR(COALESCE(s.[renewal_date], s.[next_billing_date])),
         MONTH(COALESCE(s.[renewal_date], s.[next_billing_date]));
GO

-- Success rate among payments with a known outcome status.
CREATE OR ALTER VIEW [v_payment_success_rate_by_method] AS
SELECT COALESCE(p.[method], 'UNKNOWN') AS [method],
       COUNT_BIG(*) AS [payments],
       SUM(CASE WHEN p.[status] = 'SUCCEEDED' THEN 1 ELSE 0 END) AS [succeeded],
       CAST(SUM(CASE WHEN p.[status] = 'SUCCEEDED' THEN 1 ELSE 0 END) * 1.0 / COUNT_BIG(*) AS DECIMAL(5,4)) AS [success_rate]
FROM [processed_payments] p
WHERE p.[status] IS NOT NULL AND p.[deleted_at] IS NULL
GROUP BY COALESCE(p.[method], 'UNKNOWN');
GO
