-- Processed layer: the canonical model (SPEC section 7). Keys, references and code sets here must
-- match io.subtrack.common.schema.ProcessedTable (ProcessedSchemaMatchesSqlTest). Tables appear in
-- dependency order. Statements are separated by GO lines so sqlcmd runs this file unchanged.

CREATE TABLE [processed_suppliers] (
    [supplier_id] NVARCHAR(20) NOT NULL,
    [name] NVARCHAR(200) NOT NULL,
    [email] NVARCHAR(320) NULL,
    [phone] NVARCHAR(32) NULL,
    [address] NVARCHAR(400) NULL,
    [sector] NVARCHAR(30) NULL,
    [source_system] NVARCHAR(50) NULL,
    [extracted_at] DATETIME2 NULL,
    CONSTRAINT [pk_processed_suppliers] PRIMARY KEY ([supplier_id]),
    CONSTRAINT [ck_processed_suppliers_sector] CHECK ([sector] IN ('TECHNOLOGY', 'HEALTH', 'CONSTRUCTION', 'TRANSPORT', 'INDUSTRY', 'COMMERCE', 'AGRICULTURE', 'FINANCE', 'EDUCATION', 'OTHER'))
);
GO

CREATE TABLE [processed_users] (
    [user_id] NVARCHAR(20) NOT NULL,
    [email] NVARCHAR(320) NULL,
    [role] NVARCHAR(30) NULL,
    [first_name] NVARCHAR(100) NULL,
    [last_name] NVARCHAR(100) NULL,
    [phone] NVARCHAR(32) NULL,
    [address] NVARCHAR(400) NULL,
    [supplier_id] NVARCHAR(20) NULL,
    [source_system] NVARCHAR(50) NULL,
    [extracted_at] DATETIME2 NULL,
    CONSTRAINT [pk_processed_users] PRIMARY KEY ([user_id]),
    CONSTRAINT [fk_processed_users_supplier_id] FOREIGN KEY ([supplier_id]) REFERENCES [processed_suppliers] ([supplier_id]),
    CONSTRAINT [ck_processed_users_role] CHECK ([role] IN ('USER', 'ADMIN', 'SUPPLIER', 'MANAGER'))
);
GO

CREATE TABLE [processed_plans] (
    [plan_id] NVARCHAR(20) NOT NULL,
    [supplier_id] NVARCHAR(20) NOT NULL,
    [title] NVARCHAR(200) NULL,
    [description] NVARCHAR(MAX) NULL,
    [price] DECIMAL(10,2) NOT NULL,
    [currency] NVARCHAR(30) NOT NULL,
    [category] NVARCHAR(30) NULL,
    [source_system] NVARCHAR(50) NULL,
    [extracted_at] DATETIME2 NULL,
    CONSTRAINT [pk_processed_plans] PRIMARY KEY ([plan_id]),
    CONSTRAINT [fk_processed_plans_supplier_id] FOREIGN KEY ([supplier_id]) REFERENCES [processed_suppliers] ([supplier_id]),
    CONSTRAINT [ck_processed_plans_currency] CHECK ([currency] IN ('EUR')),
    CONSTRAINT [ck_processed_plans_category] CHECK ([category] IN ('STREAMING', 'MUSIC', 'CLOUD', 'TELECOM')),
    CONSTRAINT [ck_processed_plans_price] CHECK ([price] >= 0)
);
GO

CREATE TABLE [processed_notifications] (
    [notification_id] NVARCHAR(20) NOT NULL,
    [type] NVARCHAR(30) NULL,
    [sent_at] DATETIME2 NULL,
    [channel] NVARCHAR(30) NULL,
    [content] NVARCHAR(MAX) NULL,
    [source_system] NVARCHAR(50) NULL,
    [extracted_at] DATETIME2 NULL,
    CONSTRAINT [pk_processed_notifications] PRIMARY KEY ([notification_id]),
    CONSTRAINT [ck_processed_notifications_type] CHECK ([type] IN ('PAYMENT_REMINDER', 'SUBSCRIPTION_EXPIRY', 'SYSTEM_ALERT', 'URGENT', 'INFO')),
    CONSTRAINT [ck_processed_notifications_channel] CHECK ([channel] IN ('EMAIL', 'SMS', 'PUSH', 'IN_APP'))
);
GO

CREATE TABLE [processed_subscriptions] (
    [user_id] NVARCHAR(20) NOT NULL,
    [plan_id] NVARCHAR(20) NOT NULL,
    [billing_cycle] NVARCHAR(30) NULL,
    [status] NVARCHAR(30) NULL,
    [start_date] DATE NULL,
    [next_billing_date] DATE NULL,
    [renewal_date] DATE NULL,
    [source_system] NVARCHAR(50) NULL,
    [extracted_at] DATETIME2 NULL,
    CONSTRAINT [pk_processed_subscriptions] PRIMARY KEY ([user_id], [plan_id]),
    CONSTRAINT [fk_processed_subscriptions_user_id] FOREIGN KEY ([user_id]) REFERENCES [processed_users] ([user_id]),
    CONSTRAINT [fk_processed_subscriptions_plan_id] FOREIGN KEY ([plan_id]) REFERENCES [processed_plans] ([plan_id]),
    CONSTRAINT [ck_processed_subscriptions_billing_cycle] CHECK ([billing_cycle] IN ('DAILY', 'WEEKLY', 'SEMIMONTHLY', 'MONTHLY', 'ANNUAL')),
    CONSTRAINT [ck_processed_subscriptions_status] CHECK ([status] IN ('ACTIVE', 'INACTIVE', 'PENDING', 'SUSPENDED', 'EXPIRED', 'CANCELLED')),
    CONSTRAINT [ck_processed_subscriptions_dates] CHECK ([start_date] IS NULL OR [next_billing_date] IS NULL OR [start_date] <= [next_billing_date])
);
GO

CREATE TABLE [processed_payments] (
    [payment_id] NVARCHAR(20) NOT NULL,
    [user_id] NVARCHAR(20) NOT NULL,
    [plan_id] NVARCHAR(20) NOT NULL,
    [method] NVARCHAR(30) NULL,
    [payment_date] DATE NULL,
    [amount] DECIMAL(10,2) NOT NULL,
    [currency] NVARCHAR(30) NOT NULL,
    [reason] NVARCHAR(400) NULL,
    [status] NVARCHAR(30) NULL,
    [source_system] NVARCHAR(50) NULL,
    [extracted_at] DATETIME2 NULL,
    CONSTRAINT [pk_processed_payments] PRIMARY KEY ([payment_id]),
    CONSTRAINT [fk_processed_payments_user_id] FOREIGN KEY ([user_id]) REFERENCES [processed_users] ([user_id]),
    CONSTRAINT [fk_processed_payments_plan_id] FOREIGN KEY ([plan_id]) REFERENCES [processed_plans] ([plan_id]),
    CONSTRAINT [ck_processed_payments_method] CHECK ([method] IN ('CREDIT_CARD', 'BANK_TRANSFER', 'DIRECT_DEBIT', 'PAYPAL', 'APPLE_PAY')),
    CONSTRAINT [ck_processed_payments_currency] CHECK ([currency] IN ('EUR')),
    CONSTRAINT [ck_processed_payments_status] CHECK ([status] IN ('SUCCEEDED', 'FAILED', 'PENDING', 'CANCELLED', 'REFUNDED')),
    CONSTRAINT [ck_processed_payments_amount] CHECK ([amount] >= 0)
);
GO

CREATE TABLE [processed_payment_methods] (
    [payment_id] NVARCHAR(20) NOT NULL,
    [user_id] NVARCHAR(20) NOT NULL,
    [card_last4] NVARCHAR(4) NULL,
    [card_expiry] DATE NULL,
    [method_type] NVARCHAR(30) NULL,
    [source_system] NVARCHAR(50) NULL,
    [extracted_at] DATETIME2 NULL,
    CONSTRAINT [pk_processed_payment_methods] PRIMARY KEY ([payment_id]),
    CONSTRAINT [fk_processed_payment_methods_payment_id] FOREIGN KEY ([payment_id]) REFERENCES [processed_payments] ([payment_id]),
    CONSTRAINT [fk_processed_payment_methods_user_id] FOREIGN KEY ([user_id]) REFERENCES [processed_users] ([user_id]),
    CONSTRAINT [ck_processed_payment_methods_method_type] CHECK ([method_type] IN ('CREDIT_CARD', 'VISA', 'MASTERCARD', 'AMEX', 'PAYPAL', 'BANK_TRANSFER')),
    CONSTRAINT [ck_processed_payment_methods_last4] CHECK (LEN([card_last4]) = 4)
);
GO

CREATE TABLE [processed_user_notifications] (
    [user_id] NVARCHAR(20) NOT NULL,
    [notification_id] NVARCHAR(20) NOT NULL,
    [is_read] BIT NULL,
    [is_urgent] BIT NULL,
    [source_system] NVARCHAR(50) NULL,
    [extracted_at] DATETIME2 NULL,
    CONSTRAINT [pk_processed_user_notifications] PRIMARY KEY ([user_id], [notification_id]),
    CONSTRAINT [fk_processed_user_notifications_user_id] FOREIGN KEY ([user_id]) REFERENCES [processed_users] ([user_id]),
    CONSTRAINT [fk_processed_user_notifications_notification_id] FOREIGN KEY ([notification_id]) REFERENCES [processed_notifications] ([notification_id])
);
GO

CREATE TABLE [processed_activity_log] (
    [log_id] NVARCHAR(20) NOT NULL,
    [user_id] NVARCHAR(20) NOT NULL,
    [plan_id] NVARCHAR(20) NULL,
    [description] NVARCHAR(1000) NULL,
    [activity_type] NVARCHAR(30) NULL,
    [created_at] DATETIME2 NULL,
    [previous_value] NVARCHAR(400) NULL,
    [new_value] NVARCHAR(400) NULL,
    [status] NVARCHAR(30) NULL,
    [event_time] DATETIME2 NULL,
    [source_system] NVARCHAR(50) NULL,
    [extracted_at] DATETIME2 NULL,
    CONSTRAINT [pk_processed_activity_log] PRIMARY KEY ([log_id]),
    CONSTRAINT [fk_processed_activity_log_user_id] FOREIGN KEY ([user_id]) REFERENCES [processed_users] ([user_id]),
    CONSTRAINT [fk_processed_activity_log_plan_id] FOREIGN KEY ([plan_id]) REFERENCES [processed_plans] ([plan_id]),
    CONSTRAINT [ck_processed_activity_log_activity_type] CHECK ([activity_type] IN ('SUBSCRIPTION_CREATED', 'SUBSCRIPTION_CANCELLED', 'PRICE_CHANGED', 'PAYMENT_SUCCEEDED', 'PAYMENT_FAILED', 'PROFILE_UPDATED', 'LOGIN', 'LOGOUT')),
    CONSTRAINT [ck_processed_activity_log_status] CHECK ([status] IN ('COMPLETED', 'FAILED', 'PENDING', 'IN_PROGRESS'))
);
GO

-- Indexes for the foreign keys and the analytics views.
CREATE INDEX [ix_processed_plans_supplier_id] ON [processed_plans] ([supplier_id]);
GO
CREATE INDEX [ix_processed_plans_category] ON [processed_plans] ([category]);
GO
CREATE INDEX [ix_processed_subscriptions_plan_id] ON [processed_subscriptions] ([plan_id]);
GO
CREATE INDEX [ix_processed_subscriptions_status] ON [processed_subscriptions] ([status]);
GO
CREATE INDEX [ix_processed_payments_user_id] ON [processed_payments] ([user_id]);
GO
CREATE INDEX [ix_processed_payments_plan_id] ON [processed_payments] ([plan_id]);
GO
CREATE INDEX [ix_processed_payments_payment_date] ON [processed_payments] ([payment_date]);
GO
CREATE INDEX [ix_processed_payment_methods_user_id] ON [processed_payment_methods] ([user_id]);
GO
CREATE INDEX [ix_processed_user_notifications_notification_id] ON [processed_user_notifications] ([notification_id]);
GO
CREATE INDEX [ix_processed_activity_log_user_id] ON [processed_activity_log] ([user_id]);
GO
CREATE INDEX [ix_processed_activity_log_plan_id] ON [processed_activity_log] ([plan_id]);
GO
CREATE INDEX [ix_processed_users_supplier_id] ON [processed_users] ([supplier_id]);
GO
