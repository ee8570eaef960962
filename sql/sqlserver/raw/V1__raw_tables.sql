-- Raw layer: the SubTrack source layout, verbatim (SPEC section 3).
-- Source fields keep their source names and are stored as text. Ours: record_hash (SHA-256 of the
-- record as sent, so the same record delivered by a second run is stored once) and the lineage
-- columns (the Kafka topic/partition/offset a row came from, unique, and when it was ingested).
-- The record key is (raw_id, record_hash): the hash decides (it covers raw_id too), raw_id leads
-- because it grows through the source file, so new keys land side by side in the index; keyed by
-- the hash alone they landed at random places and the load was several times slower (H2 rewrites
-- every index page a write touches). The lineage key leads with partition and offset, the columns
-- that differ between rows. (docs/benchmarks.md, "consumers".)
-- The column lists must match io.subtrack.common.schema.RawTable (RawSchemaMatchesSqlTest).
-- Statements are separated by GO lines so sqlcmd runs this file unchanged; SchemaApplier skips
-- a CREATE TABLE whose table exists.

CREATE TABLE [raw_User] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [userId] NVARCHAR(4000) NULL,
    [email] NVARCHAR(4000) NULL,
    [motsDePasse] NVARCHAR(4000) NULL,
    [role] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [data_quality_flag] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_User_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_User_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO

CREATE TABLE [raw_Utilisateur_personnel] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [userId] NVARCHAR(4000) NULL,
    [prenom] NVARCHAR(4000) NULL,
    [nom] NVARCHAR(4000) NULL,
    [telephone] NVARCHAR(4000) NULL,
    [adresse] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [data_quality_notes] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_Utilisateur_personnel_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_Utilisateur_personnel_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO

CREATE TABLE [raw_Admin] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [userId] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_Admin_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_Admin_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO

CREATE TABLE [raw_Utilisateur_fournisseur] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [userId] NVARCHAR(4000) NULL,
    [idFournisseur] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_Utilisateur_fournisseur_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_Utilisateur_fournisseur_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO

CREATE TABLE [raw_Fournisseur] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [idFournisseur] NVARCHAR(4000) NULL,
    [nomFournisseur] NVARCHAR(4000) NULL,
    [emailFournisseur] NVARCHAR(4000) NULL,
    [numTele] NVARCHAR(4000) NULL,
    [addressFournisseur] NVARCHAR(4000) NULL,
    [secteurFournisseur] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_Fournisseur_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_Fournisseur_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO

CREATE TABLE [raw_Notifications] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [idNotification] NVARCHAR(4000) NULL,
    [typeNotification] NVARCHAR(4000) NULL,
    [dateEnvoi] NVARCHAR(4000) NULL,
    [typeEnvoi] NVARCHAR(4000) NULL,
    [contenu] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_Notifications_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_Notifications_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO

CREATE TABLE [raw_Journal] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [idJournal] NVARCHAR(4000) NULL,
    [userId] NVARCHAR(4000) NULL,
    [idAbonnement] NVARCHAR(4000) NULL,
    [descriptionJournal] NVARCHAR(4000) NULL,
    [typeActivite] NVARCHAR(4000) NULL,
    [dateCreationJournal] NVARCHAR(4000) NULL,
    [valeurPrécedente] NVARCHAR(4000) NULL,
    [nouvelleValeur] NVARCHAR(4000) NULL,
    [StatusActivite] NVARCHAR(4000) NULL,
    [Timestamps] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_Journal_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_Journal_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO

CREATE TABLE [raw_Abonnement] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [idAbonnement] NVARCHAR(4000) NULL,
    [idFournisseur] NVARCHAR(4000) NULL,
    [titreAbonnement] NVARCHAR(4000) NULL,
    [descriptionAbonnement] NVARCHAR(4000) NULL,
    [prixAbonnement] NVARCHAR(4000) NULL,
    [categorieAbonnement] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_Abonnement_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_Abonnement_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO

CREATE TABLE [raw_Paiement] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [idPaiement] NVARCHAR(4000) NULL,
    [idAbonnement] NVARCHAR(4000) NULL,
    [userId] NVARCHAR(4000) NULL,
    [methodePaiement] NVARCHAR(4000) NULL,
    [datePaiement] NVARCHAR(4000) NULL,
    [montantPaiement] NVARCHAR(4000) NULL,
    [motifPaiement] NVARCHAR(4000) NULL,
    [statusPaiement] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_Paiement_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_Paiement_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO

CREATE TABLE [raw_MethodePaiement] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [idPaiement] NVARCHAR(4000) NULL,
    [userId] NVARCHAR(4000) NULL,
    [informationCarte] NVARCHAR(4000) NULL,
    [dateExpirementCarte] NVARCHAR(4000) NULL,
    [typeMethode] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_MethodePaiement_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_MethodePaiement_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO

CREATE TABLE [raw_UtilisateurNotif] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [userId] NVARCHAR(4000) NULL,
    [idNotification] NVARCHAR(4000) NULL,
    [estLu] NVARCHAR(4000) NULL,
    [estUrgent] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_UtilisateurNotif_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_UtilisateurNotif_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO

CREATE TABLE [raw_utilisateur_abonement] (
    [row_id] BIGINT IDENTITY(1,1) NOT NULL PRIMARY KEY,
    [raw_id] NVARCHAR(4000) NULL,
    [userId] NVARCHAR(4000) NULL,
    [idAbonnement] NVARCHAR(4000) NULL,
    [typeFacturation] NVARCHAR(4000) NULL,
    [statutAbonnement] NVARCHAR(4000) NULL,
    [dateRenouvelement] NVARCHAR(4000) NULL,
    [dateDebutFacturation] NVARCHAR(4000) NULL,
    [prochaineDeFacturation] NVARCHAR(4000) NULL,
    [date_extraction] NVARCHAR(4000) NULL,
    [source_system] NVARCHAR(4000) NULL,
    [record_hash] BINARY(32) NOT NULL,
    [kafka_topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [kafka_offset] BIGINT NOT NULL,
    [ingested_at] DATETIME2 NOT NULL,
    CONSTRAINT [uq_raw_utilisateur_abonement_record] UNIQUE ([raw_id], [record_hash]),
    CONSTRAINT [uq_raw_utilisateur_abonement_lineage] UNIQUE ([kafka_partition], [kafka_offset], [kafka_topic])
);
GO
