package io.subtrack.it;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.DialectStatementChecks;
import io.subtrack.common.db.PostgresDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.devdb.DevDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * The daily extracts' dialect statements on the dev-db PostgreSQL server with the real schema of sql/postgresql: the
 * versioned upsert (INSERT ... ON CONFLICT DO UPDATE ... WHERE newer wins) and the guarded update of a soft delete,
 * for every processed table (the checks DialectStatementsOnH2Test runs for SQL Server's MERGE on H2).
 */
class PostgresVersionedStatementsIT {
    private final DatabaseDialect dialect = new PostgresDialect();

    @Test
    void versionedUpsertAndGuardedUpdateEveryProcessedTable() throws SQLException {
        try (Connection c = DriverManager.getConnection(DevDb.forTests().createDatabase("dialect_versions"))) {
            SchemaApplier.applyProcessed(c, dialect);
            new DialectStatementChecks(dialect, sql -> sql).processedVersionedUpsertAndGuardedUpdate(c);
        }
    }
}
