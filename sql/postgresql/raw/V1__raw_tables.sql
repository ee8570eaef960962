-- Raw layer on PostgreSQL (dev-db): the same tables as sql/sqlserver/raw/001_raw_tables.sql.
-- Source fields keep their source names (quoted: they are mixed case) and are stored as text,
-- VARCHAR(4000) like SQL Server's NVARCHAR(4000) (PostgreSQL text is Unicode whatever its type).
-- Ours: record_hash (SHA-256 of the record as sent, BYTEA), unique with raw_id, so the same record
-- delivered by a second run is stored once; the lineage columns (the Kafka topic/partition/offset
-- a row came from, unique, and when it was ingested). row_id is an identity column the COPY leaves
-- to the server. The column lists must match io.subtrack.common.schema.RawTable
-- (SchemaMatchesSqlTest, PostgresSchemaIT). A Flyway migration: a change goes in a new V file, never here.

CREATE TABLE "raw_User" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "userId" VARCHAR(4000) NULL,
    "email" VARCHAR(4000) NULL,
    "motsDePasse" VARCHAR(4000) NULL,
    "role" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "data_quality_flag" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_User_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_User_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);

CREATE TABLE "raw_Utilisateur_personnel" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "userId" VARCHAR(4000) NULL,
    "prenom" VARCHAR(4000) NULL,
    "nom" VARCHAR(4000) NULL,
    "telephone" VARCHAR(4000) NULL,
    "adresse" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "data_quality_notes" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_Utilisateur_personnel_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_Utilisateur_personnel_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);

CREATE TABLE "raw_Admin" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "userId" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_Admin_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_Admin_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);

CREATE TABLE "raw_Utilisateur_fournisseur" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "userId" VARCHAR(4000) NULL,
    "idFournisseur" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_Utilisateur_fournisseur_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_Utilisateur_fournisseur_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);

CREATE TABLE "raw_Fournisseur" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "idFournisseur" VARCHAR(4000) NULL,
    "nomFournisseur" VARCHAR(4000) NULL,
    "emailFournisseur" VARCHAR(4000) NULL,
    "numTele" VARCHAR(4000) NULL,
    "addressFournisseur" VARCHAR(4000) NULL,
    "secteurFournisseur" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_Fournisseur_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_Fournisseur_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);

CREATE TABLE "raw_Notifications" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "idNotification" VARCHAR(4000) NULL,
    "typeNotification" VARCHAR(4000) NULL,
    "dateEnvoi" VARCHAR(4000) NULL,
    "typeEnvoi" VARCHAR(4000) NULL,
    "contenu" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_Notifications_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_Notifications_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);

CREATE TABLE "raw_Journal" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "idJournal" VARCHAR(4000) NULL,
    "userId" VARCHAR(4000) NULL,
    "idAbonnement" VARCHAR(4000) NULL,
    "descriptionJournal" VARCHAR(4000) NULL,
    "typeActivite" VARCHAR(4000) NULL,
    "dateCreationJournal" VARCHAR(4000) NULL,
    "valeurPrécedente" VARCHAR(4000) NULL,
    "nouvelleValeur" VARCHAR(4000) NULL,
    "StatusActivite" VARCHAR(4000) NULL,
    "Timestamps" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_Journal_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_Journal_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);

CREATE TABLE "raw_Abonnement" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "idAbonnement" VARCHAR(4000) NULL,
    "idFournisseur" VARCHAR(4000) NULL,
    "titreAbonnement" VARCHAR(4000) NULL,
    "descriptionAbonnement" VARCHAR(4000) NULL,
    "prixAbonnement" VARCHAR(4000) NULL,
    "categorieAbonnement" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_Abonnement_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_Abonnement_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);

CREATE TABLE "raw_Paiement" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "idPaiement" VARCHAR(4000) NULL,
    "idAbonnement" VARCHAR(4000) NULL,
    "userId" VARCHAR(4000) NULL,
    "methodePaiement" VARCHAR(4000) NULL,
    "datePaiement" VARCHAR(4000) NULL,
    "montantPaiement" VARCHAR(4000) NULL,
    "motifPaiement" VARCHAR(4000) NULL,
    "statusPaiement" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_Paiement_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_Paiement_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);

CREATE TABLE "raw_MethodePaiement" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "idPaiement" VARCHAR(4000) NULL,
    "userId" VARCHAR(4000) NULL,
    "informationCarte" VARCHAR(4000) NULL,
    "dateExpirementCarte" VARCHAR(4000) NULL,
    "typeMethode" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_MethodePaiement_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_MethodePaiement_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);

CREATE TABLE "raw_UtilisateurNotif" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "userId" VARCHAR(4000) NULL,
    "idNotification" VARCHAR(4000) NULL,
    "estLu" VARCHAR(4000) NULL,
    "estUrgent" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_UtilisateurNotif_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_UtilisateurNotif_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);

CREATE TABLE "raw_utilisateur_abonement" (
    "row_id" BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    "raw_id" VARCHAR(4000) NULL,
    "userId" VARCHAR(4000) NULL,
    "idAbonnement" VARCHAR(4000) NULL,
    "typeFacturation" VARCHAR(4000) NULL,
    "statutAbonnement" VARCHAR(4000) NULL,
    "dateRenouvelement" VARCHAR(4000) NULL,
    "dateDebutFacturation" VARCHAR(4000) NULL,
    "prochaineDeFacturation" VARCHAR(4000) NULL,
    "date_extraction" VARCHAR(4000) NULL,
    "source_system" VARCHAR(4000) NULL,
    "record_hash" BYTEA NOT NULL,
    "kafka_topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "kafka_offset" BIGINT NOT NULL,
    "ingested_at" TIMESTAMP NOT NULL,
    CONSTRAINT "uq_raw_utilisateur_abonement_record" UNIQUE ("raw_id", "record_hash"),
    CONSTRAINT "uq_raw_utilisateur_abonement_lineage" UNIQUE ("kafka_partition", "kafka_offset", "kafka_topic")
);
