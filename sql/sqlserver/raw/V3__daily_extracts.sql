-- Daily extracts (SPEC 7a). Every raw row names the extract it arrived in (its id; NULL for rows
-- loaded before extracts existed), so the transformer reads one day's rows by an index instead of
-- all history. subtrack_extracts records each extract producer-raw published (id, date, mode,
-- records): consumer-raw writes it, in the transaction of the batch that holds the extract's end
-- marker on a partition, once per partition; the extract is complete when every partition's marker
-- is stored. subtrack_row_state is the transformer's own record of what it has passed on: per
-- processed table and key, the content hash of the row it last sent and whether it deleted it. A
-- day's changes and deletions are found against it, not by re-reading raw history.

ALTER TABLE [raw_User] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_User_extract] ON [raw_User] ([extract_id], [row_id]);
GO

ALTER TABLE [raw_Utilisateur_personnel] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_Utilisateur_personnel_extract] ON [raw_Utilisateur_personnel] ([extract_id], [row_id]);
GO

ALTER TABLE [raw_Admin] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_Admin_extract] ON [raw_Admin] ([extract_id], [row_id]);
GO

ALTER TABLE [raw_Utilisateur_fournisseur] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_Utilisateur_fournisseur_extract] ON [raw_Utilisateur_fournisseur] ([extract_id], [row_id]);
GO

ALTER TABLE [raw_Fournisseur] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_Fournisseur_extract] ON [raw_Fournisseur] ([extract_id], [row_id]);
GO

ALTER TABLE [raw_Notifications] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_Notifications_extract] ON [raw_Notifications] ([extract_id], [row_id]);
GO

ALTER TABLE [raw_Journal] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_Journal_extract] ON [raw_Journal] ([extract_id], [row_id]);
GO

ALTER TABLE [raw_Abonnement] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_Abonnement_extract] ON [raw_Abonnement] ([extract_id], [row_id]);
GO

ALTER TABLE [raw_Paiement] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_Paiement_extract] ON [raw_Paiement] ([extract_id], [row_id]);
GO

ALTER TABLE [raw_MethodePaiement] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_MethodePaiement_extract] ON [raw_MethodePaiement] ([extract_id], [row_id]);
GO

ALTER TABLE [raw_UtilisateurNotif] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_UtilisateurNotif_extract] ON [raw_UtilisateurNotif] ([extract_id], [row_id]);
GO

ALTER TABLE [raw_utilisateur_abonement] ADD [extract_id] NVARCHAR(64) NULL;
GO

CREATE INDEX [ix_raw_utilisateur_abonement_extract] ON [raw_utilisateur_abonement] ([extract_id], [row_id]);
GO

CREATE TABLE [subtrack_extracts] (
    [extract_id] NVARCHAR(64) NOT NULL,
    [extract_date] DATETIME2 NOT NULL,
    [extract_mode] NVARCHAR(10) NOT NULL,
    [records] BIGINT NOT NULL,
    [partitions] INT NOT NULL,
    [source_file] NVARCHAR(400) NULL,
    [registered_at] DATETIME2 NOT NULL,
    [transformed_at] DATETIME2 NULL,
    CONSTRAINT [pk_subtrack_extracts] PRIMARY KEY ([extract_id]),
    CONSTRAINT [ck_subtrack_extracts_mode] CHECK ([extract_mode] IN ('snapshot', 'delta'))
);
GO

CREATE TABLE [subtrack_extract_partitions] (
    [extract_id] NVARCHAR(64) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [loaded_at] DATETIME2 NOT NULL,
    CONSTRAINT [pk_subtrack_extract_partitions] PRIMARY KEY ([extract_id], [kafka_partition])
);
GO

CREATE TABLE [subtrack_row_state] (
    [table_name] NVARCHAR(64) NOT NULL,
    [row_key] NVARCHAR(100) NOT NULL,
    [row_hash] BIGINT NOT NULL,
    [extract_id] NVARCHAR(64) NOT NULL,
    [deleted_at] DATETIME2 NULL,
    CONSTRAINT [pk_subtrack_row_state] PRIMARY KEY ([table_name], [row_key])
);
GO
