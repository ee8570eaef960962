-- The transformer's figures per run (issue 22): per raw table (rule_id '*') the day's volume and reject counts and,
-- per processed table, the day's new, changed and deleted rows; per rule, evaluated and failed. The quality report's
-- trend charts and the checks against earlier runs read them.

CREATE TABLE "subtrack_quality_metrics" (
    "run_id" VARCHAR(36) NOT NULL,
    "table_name" VARCHAR(64) NOT NULL,
    "rule_id" VARCHAR(64) NOT NULL,
    "evaluated" BIGINT NULL,
    "failed" BIGINT NULL,
    "repaired" BIGINT NULL,
    "nullified" BIGINT NULL,
    "rejected" BIGINT NULL,
    "records_in" BIGINT NULL,
    "records_out" BIGINT NULL,
    "new_rows" BIGINT NULL,
    "changed_rows" BIGINT NULL,
    "deleted_rows" BIGINT NULL,
    CONSTRAINT "pk_subtrack_quality_metrics" PRIMARY KEY ("run_id", "table_name", "rule_id")
);
