-- Every stage's runs (SPEC 7a, issue 22): a row written when a stage starts (status running) and completed when it
-- ends, whatever its exit (a killed run stays running: shown as left open). In both databases (shared/): a stage
-- records its run in the database it is given. bin/stage-state --runs lists them.

CREATE TABLE [subtrack_runs] (
    [run_id] NVARCHAR(36) NOT NULL,
    [stage] NVARCHAR(40) NOT NULL,
    [extract_id] NVARCHAR(64) NULL,
    [extract_date] DATETIME2 NULL,
    [started_at] DATETIME2 NOT NULL,
    [ended_at] DATETIME2 NULL,
    [status] NVARCHAR(20) NOT NULL,
    [exit_code] INT NULL,
    [records_in] BIGINT NULL,
    [records_out] BIGINT NULL,
    [records_rejected] BIGINT NULL,
    [seconds] FLOAT NULL,
    [host] NVARCHAR(255) NULL,
    [pid] BIGINT NULL,
    [notes] NVARCHAR(4000) NULL,
    CONSTRAINT [pk_subtrack_runs] PRIMARY KEY ([run_id])
);
GO

CREATE INDEX [ix_subtrack_runs_stage] ON [subtrack_runs] ([stage], [started_at]);
GO
