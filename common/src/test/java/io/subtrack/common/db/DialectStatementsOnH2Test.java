package io.subtrack.common.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every statement the SQL Server dialect builds, for every declared table, run on H2 in MSSQLServer
 * mode with the real schema of sql/sqlserver (see {@link DialectStatementChecks}): a syntax and
 * semantics check of our statements, not proof of SQL Server's behaviour (docs/sql-server.md).
 * PostgresDialectIT runs the same checks on the dev-db PostgreSQL server. The one part of a SQL Server
 * statement H2 rejects, the MERGE locking hint, is taken out here and nowhere else; it and bulk
 * copy are run on SQL Server by SqlServerContainerTest, as docs/sql-server.md lists.
 */
class DialectStatementsOnH2Test {
    static Stream<DatabaseDialect> dialects() {
        return Stream.of(new SqlServerDialect());
    }

    private static Connection h2() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=MSSQLServer;DB_CLOSE_DELAY=-1", "sa", "");
    }

    /** The SQL Server dialect's checks, each MERGE run without its locking hint (which it must carry). */
    private static DialectStatementChecks checks(DatabaseDialect dialect) {
        return new DialectStatementChecks(dialect, sql -> {
            if (!sql.startsWith("MERGE")) return sql;
            assertTrue(sql.contains(" " + SqlServerDialect.MERGE_LOCK_HINT + " AS t "), () -> "no locking hint in " + sql);
            return sql.replace(" " + SqlServerDialect.MERGE_LOCK_HINT, "");
        });
    }

    /** Applies one layer's schema. */
    private interface Schema {
        void apply(Connection c, DatabaseDialect dialect) throws SQLException;
    }

    /** One of DialectStatementChecks' checks. */
    private interface Check {
        void run(DialectStatementChecks checks, Connection c) throws SQLException;
    }

    /** Runs a check on a fresh in-memory H2 in MSSQLServer mode holding the dialect's schema of one layer. */
    private static void onH2(DatabaseDialect dialect, Schema schema, Check check) throws SQLException {
        try (Connection c = h2()) {
            schema.apply(c, dialect);
            check.run(checks(dialect), c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void rawInsertBatchSelectAndCountEveryTable(DatabaseDialect dialect) throws SQLException {
        onH2(dialect, SchemaApplier::applyRaw, DialectStatementChecks::rawInsertBatchSelectAndCount);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void offsetsUpsertInsertsThenUpdates(DatabaseDialect dialect) throws SQLException {
        onH2(dialect, SchemaApplier::applyRaw, DialectStatementChecks::offsetsUpsertInsertsThenUpdates);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void processedUpsertInsertsThenUpdatesEveryTable(DatabaseDialect dialect) throws SQLException {
        onH2(dialect, SchemaApplier::applyProcessed, DialectStatementChecks::processedUpsertInsertsThenUpdates);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void processedVersionedUpsertAndGuardedUpdateEveryTable(DatabaseDialect dialect) throws SQLException {
        onH2(dialect, SchemaApplier::applyProcessed, DialectStatementChecks::processedVersionedUpsertAndGuardedUpdate);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void everyCodeOfEveryCodeColumnCanBeStored(DatabaseDialect dialect) throws SQLException {
        onH2(dialect, SchemaApplier::applyProcessed, DialectStatementChecks::everyCodeOfEveryCodeColumnCanBeStored);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void dropViewIfExistsDropsEveryAnalyticsViewAndToleratesAbsence(DatabaseDialect dialect) throws SQLException {
        onH2(dialect, SchemaApplier::applyProcessed, DialectStatementChecks::dropViewIfExists);
    }
}
