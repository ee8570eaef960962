-- Daily extracts (SPEC 7a). Every processed row names the extract its version came from (id and
-- date: a row or a deletion applies only when it comes from an extract at least as new as the
-- stored one, so a replayed old day changes nothing) and when a snapshot no longer held it
-- (deleted_at: a soft delete; the row and its key stay, the views leave it out, and a later
-- extract that holds the key again clears it).

ALTER TABLE [processed_suppliers] ADD [extract_id] NVARCHAR(64) NULL;
GO

ALTER TABLE [processed_suppliers] ADD [extract_date] DATETIME2 NULL;
GO

ALTER TABLE [processed_suppliers] ADD [deleted_at] DATETIME2 NULL;
GO

ALTER TABLE [processed_users] ADD [extract_id] NVARCHAR(64) NULL;
GO

ALTER TABLE [processed_users] ADD [extract_date] DATETIME2 NULL;
GO

ALTER TABLE [processed_users] ADD [deleted_at] DATETIME2 NULL;
GO

ALTER TABLE [processed_plans] ADD [extract_id] NVARCHAR(64) NULL;
GO

ALTER TABLE [processed_plans] ADD [extract_date] DATETIME2 NULL;
GO

ALTER TABLE [processed_plans] ADD [deleted_at] DATETIME2 NULL;
GO

ALTER TABLE [processed_notifications] ADD [extract_id] NVARCHAR(64) NULL;
GO

ALTER TABLE [processed_notifications] ADD [extract_date] DATETIME2 NULL;
GO

ALTER TABLE [processed_notifications] ADD [deleted_at] DATETIME2 NULL;
GO

ALTER TABLE [processed_subscriptions] ADD [extract_id] NVARCHAR(64) NULL;
GO

ALTER TABLE [processed_subscriptions] ADD [extract_date] DATETIME2 NULL;
GO

ALTER TABLE [processed_subscriptions] ADD [deleted_at] DATETIME2 NULL;
GO

ALTER TABLE [processed_payments] ADD [extract_id] NVARCHAR(64) NULL;
GO

ALTER TABLE [processed_payments] ADD [extract_date] DATETIME2 NULL;
GO

ALTER TABLE [processed_payments] ADD [deleted_at] DATETIME2 NULL;
GO

ALTER TABLE [processed_payment_methods] ADD [extract_id] NVARCHAR(64) NULL;
GO

ALTER TABLE [processed_payment_methods] ADD [extract_date] DATETIME2 NULL;
GO

ALTER TABLE [processed_payment_methods] ADD [deleted_at] DATETIME2 NULL;
GO

ALTER TABLE [processed_user_notifications] ADD [extract_id] NVARCHAR(64) NULL;
GO

ALTER TABLE [processed_user_notifications] ADD [extract_date] DATETIME2 NULL;
GO

ALTER TABLE [processed_user_notifications] ADD [deleted_at] DATETIME2 NULL;
GO

ALTER TABLE [processed_activity_log] ADD [extract_id] NVARCHAR(64) NULL;
GO

ALTER TABLE [processed_activity_log] ADD [extract_date] DATETIME2 NULL;
GO

ALTER TABLE [processed_activity_log] ADD [deleted_at] DATETIME2 NULL;
GO
