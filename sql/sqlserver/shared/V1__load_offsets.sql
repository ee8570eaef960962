-- Where each consumer stands, per topic partition: the next offset to load, written in the same
-- transaction as the rows it covers. On partition assignment the consumers seek here rather than
-- to Kafka's committed offset, so a commit the database lost (a killed process, H2's write delay)
-- is read again, and a batch the database holds is never loaded twice. sql/shared/ is
-- applied to both databases, before the layer's own scripts.

CREATE TABLE [subtrack_load_offsets] (
    [target] NVARCHAR(20) NOT NULL,
    [topic] NVARCHAR(249) NOT NULL,
    [kafka_partition] INT NOT NULL,
    [next_offset] BIGINT NOT NULL,
    CONSTRAINT [pk_subtrack_load_offsets] PRIMARY KEY ([target], [topic], [kafka_partition])
);
GO
