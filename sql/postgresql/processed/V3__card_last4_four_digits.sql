-- A card's last four are four digits (issue 21, item 9): the same rule in both databases, where SQL Server's LEN()
-- ignored trailing spaces ('12 ' passed LEN() = 4 with a space; PostgreSQL's LENGTH counts it).

ALTER TABLE "processed_payment_methods" DROP CONSTRAINT "ck_processed_payment_methods_last4";
ALTER TABLE "processed_payment_methods" ADD CONSTRAINT "ck_processed_payment_methods_last4"
    CHECK (LENGTH("card_last4") = 4 AND "card_last4" ~ '^[0-9]{4}$');
