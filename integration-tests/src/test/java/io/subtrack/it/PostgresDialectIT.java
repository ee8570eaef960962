package io.subtrack.it;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.DialectStatementChecks;
import io.subtrack.common.db.PostgresDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.devdb.DevDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Every statement PostgresDialect builds, for every declared table, run as built on the dev-db
 * PostgreSQL server with the real schema of sql/postgresql (the checks SqlServerContainerTest runs
 * on SQL Server and DialectStatementsOnH2Test on H2).
 */
class PostgresDialectIT {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private final DatabaseDialect dialect = new PostgresDialect();
    private final DialectStatementChecks checks = new DialectStatementChecks(dialect, sql -> sql);

    private static Connection fresh() throws SQLException {
        return DriverManager.getConnection(DevDb.forTests().createDatabase("dialect_" + DATABASES.incrementAndGet()));
    }

    @Test
    void rawInsertBatchSelectAndCountEveryTable() throws SQLException {
        try (Connection c = fresh()) {
            SchemaApplier.applyRaw(c, dialect);
            checks.rawInsertBatchSelectAndCount(c);
        }
    }

    @Test
    void offsetsUpsertInsertsThenUpdates() throws SQLException {
        try (Connection c = fresh()) {
            SchemaApplier.applyRaw(c, dialect);
            checks.offsetsUpsertInsertsThenUpdates(c);
        }
    }

    @Test
    void processedUpsertInsertsThenUpdatesEveryTable() throws SQLException {
        try (Connection c = fresh()) {
            SchemaApplier.applyProcessed(c, dialect);
            checks.processedUpsertInsertsThenUpdates(c);
        }
    }

    @Test
    void everyCodeOfEveryCodeColumnCanBeStored() throws SQLException {
        try (Connection c = fresh()) {
            SchemaApplier.applyProcessed(c, dialect);
            checks.everyCodeOfEveryCodeColumnCanBeStored(c);
        }
    }

    @Test
    void dropViewIfExistsDropsEveryAnalyticsViewAndToleratesAbsence() throws SQLException {
        try (Connection c = fresh()) {
            SchemaApplier.applyProcessed(c, dialect);
            checks.dropViewIfExists(c);
        }
    }
}
