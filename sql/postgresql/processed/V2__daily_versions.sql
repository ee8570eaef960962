-- Daily extracts (SPEC 7a). Every processed row names the extract its version came from (id and
-- date: a row or a deletion applies only when it comes from an extract at least as new as the
-- stored one, so a replayed old day changes nothing) and when a snapshot no longer held it
-- (deleted_at: a soft delete; the row and its key stay, the views leave it out, and a later
-- extract that holds the key again clears it).

ALTER TABLE "processed_suppliers" ADD COLUMN "extract_id" VARCHAR(64) NULL, ADD COLUMN "extract_date" TIMESTAMP NULL,
    ADD COLUMN "deleted_at" TIMESTAMP NULL;

ALTER TABLE "processed_users" ADD COLUMN "extract_id" VARCHAR(64) NULL, ADD COLUMN "extract_date" TIMESTAMP NULL,
    ADD COLUMN "deleted_at" TIMESTAMP NULL;

ALTER TABLE "processed_plans" ADD COLUMN "extract_id" VARCHAR(64) NULL, ADD COLUMN "extract_date" TIMESTAMP NULL,
    ADD COLUMN "deleted_at" TIMESTAMP NULL;

ALTER TABLE "processed_notifications" ADD COLUMN "extract_id" VARCHAR(64) NULL, ADD COLUMN "extract_date" TIMESTAMP NULL,
    ADD COLUMN "deleted_at" TIMESTAMP NULL;

ALTER TABLE "processed_subscriptions" ADD COLUMN "extract_id" VARCHAR(64) NULL, ADD COLUMN "extract_date" TIMESTAMP NULL,
    ADD COLUMN "deleted_at" TIMESTAMP NULL;

ALTER TABLE "processed_payments" ADD COLUMN "extract_id" VARCHAR(64) NULL, ADD COLUMN "extract_date" TIMESTAMP NULL,
    ADD COLUMN "deleted_at" TIMESTAMP NULL;

ALTER TABLE "processed_payment_methods" ADD COLUMN "extract_id" VARCHAR(64) NULL, ADD COLUMN "extract_date" TIMESTAMP NULL,
    ADD COLUMN "deleted_at" TIMESTAMP NULL;

ALTER TABLE "processed_user_notifications" ADD COLUMN "extract_id" VARCHAR(64) NULL, ADD COLUMN "extract_date" TIMESTAMP NULL,
    ADD COLUMN "deleted_at" TIMESTAMP NULL;

ALTER TABLE "processed_activity_log" ADD COLUMN "extract_id" VARCHAR(64) NULL, ADD COLUMN "extract_date" TIMESTAMP NULL,
    ADD COLUMN "deleted_at" TIMESTAMP NULL;
