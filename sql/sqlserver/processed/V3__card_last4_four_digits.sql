-- A card's last four are four digits (issue 21, item 9): the same rule in both databases. LEN() ignores trailing
-- spaces, so the length is taken with a character appended; and no character but a digit.

ALTER TABLE [processed_payment_methods] DROP CONSTRAINT [ck_processed_payment_methods_last4];
GO

ALTER TABLE [processed_payment_methods] ADD CONSTRAINT [ck_processed_payment_methods_last4]
    CHECK (LEN([card_last4] + N'x') = 5 AND [card_last4] NOT LIKE N'%[^0-9]%');
GO
