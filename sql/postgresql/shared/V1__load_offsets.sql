-- PostgreSQL (dev-db) form of sql/sqlserver/shared/000_load_offsets.sql: same table, same key.
-- Where each consumer stands, per topic partition: the next offset to load, written in the same
-- transaction as the rows it covers. On partition assignment the consumers seek here rather than
-- to Kafka's committed offset, so the database, not Kafka, says what is loaded.
-- A Flyway migration (SchemaApplier): a change goes in a new V file, never here.

CREATE TABLE "subtrack_load_offsets" (
    "target" VARCHAR(20) NOT NULL,
    "topic" VARCHAR(249) NOT NULL,
    "kafka_partition" INT NOT NULL,
    "next_offset" BIGINT NOT NULL,
    CONSTRAINT "pk_subtrack_load_offsets" PRIMARY KEY ("target", "topic", "kafka_partition")
);
