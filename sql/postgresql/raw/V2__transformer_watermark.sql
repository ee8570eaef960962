-- The transformer's incremental watermark (bin/transformer --incremental): per raw table, the
-- highest row_id a successful run delivered. Kept with the raw tables it describes.

CREATE TABLE "transformer_watermark" (
    "raw_table" VARCHAR(128) NOT NULL PRIMARY KEY,
    "last_row_id" BIGINT NOT NULL
);
