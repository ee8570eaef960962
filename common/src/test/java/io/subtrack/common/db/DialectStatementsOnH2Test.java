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
 * Every statement both dialects build, for every declared table, run on H2 in MSSQLServer mode
 * with the real schema of sql/ (see {@link DialectStatementChecks}). The one part of a SQL Server
 * statement H2 rejects, the MERGE locking hint, is taken out here and nowhere else; it and bulk
 * copy are run on SQL Server by SqlServerContainerTest, as docs/sql-server.md lists.
 */
class DialectStatementsOnH2Test {
    static Stream<DatabaseDialect> dialects() {
        return Stream.of(DatabaseDialect.forUrl("jdbc:h2:mem:x"), new SqlServerDialect());
    }

    private static Connection h2() throws SQLException {
        return DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID() + ";MODE=MSSQLServer;DB_CLOSE_DELAY=-1", "sa", "");
    }

    private static DialectStatementChecks checks(DatabaseDialect dialect) {
        if (!(dialect instanceof SqlServerDialect)) return new DialectStatementChecks(dialect, sql -> sql);
        return new DialectStatementChecks(dialect, sql -> {
            if (!sql.startsWith("MERGE")) return sql;
            assertTrue(sql.contains(" " + SqlServerDialect.MERGE_LOCK_HINT + " AS t "), () -> "no locking hint in " + sql);
            return sql.replace(" " + SqlServerDialect.MERGE_LOCK_HINT, "");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void rawInsertBatchSelectAndCountEveryTable(DatabaseDialect dialect) throws SQLException {
        try (Connection c = h2()) {
            SchemaApplier.applyRaw(c);
            checks(dialect).rawInsertBatchSelectAndCount(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void offsetsUpsertInsertsThenUpdates(DatabaseDialect dialect) throws SQLException {
        try (Connection c = h2()) {
            SchemaApplier.applyRaw(c);
            checks(dialect).offsetsUpsertInsertsThenUpdates(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void processedUpsertInsertsThenUpdatesEveryTable(DatabaseDialect dialect) throws SQLException {
        try (Connection c = h2()) {
            SchemaApplier.applyProcessed(c);
            checks(dialect).processedUpsertInsertsThenUpdates(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void everyCodeOfEveryCodeColumnCanBeStored(DatabaseDialect dialect) throws SQLException {
        try (Connection c = h2()) {
            SchemaApplier.applyProcessed(c);
            checks(dialect).everyCodeOfEveryCodeColumnCanBeStored(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dialects")
    void dropViewIfExistsDropsEveryAnalyticsViewAndToleratesAbsence(DatabaseDialect dialect) throws SQLException {
        try (Connection c = h2()) {
            SchemaApplier.applyProcessed(c);
            checks(dialect).dropViewIfExists(c);
        }
    }
}
