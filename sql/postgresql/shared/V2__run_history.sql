-- Every stage's runs (SPEC 7a, issue 22): a row written when a stage starts (status running) and completed when it
-- ends, whatever its exit (a killed run stays running: shown as left open). In both databases (shared/): a stage
-- records its run in the database it is given. bin/stage-state --runs lists them.

CREATE TABLE "subtrack_runs" (
    "run_id" VARCHAR(36) NOT NULL,
    "stage" VARCHAR(40) NOT NULL,
    "extract_id" VARCHAR(64) NULL,
    "extract_date" TIMESTAMP NULL,
    "started_at" TIMESTAMP NOT NULL,
    "ended_at" TIMESTAMP NULL,
    "status" VARCHAR(20) NOT NULL,
    "exit_code" INT NULL,
    "records_in" BIGINT NULL,
    "records_out" BIGINT NULL,
    "records_rejected" BIGINT NULL,
    "seconds" DOUBLE PRECISION NULL,
    "host" VARCHAR(255) NULL,
    "pid" BIGINT NULL,
    "notes" VARCHAR(4000) NULL,
    CONSTRAINT "pk_subtrack_runs" PRIMARY KEY ("run_id")
);

CREATE INDEX "ix_subtrack_runs_stage" ON "subtrack_runs" ("stage", "started_at");
