package io.subtrack.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Dialects are found through the providers registered in META-INF/services, never by a list kept in code. */
class DatabaseDialectProviderTest {
    @Test
    void eachUrlFindsItsDatabasesDialect() {
        assertEquals("PostgreSQL", DatabaseDialect.forUrl("jdbc:postgresql://localhost:5432/subtrack").name());
        assertEquals("SQL Server", DatabaseDialect.forUrl("jdbc:sqlserver://db:1433;databaseName=x").name());
    }

    @Test
    void anUnknownUrlNamesTheKnownDatabasesAndNoPassword() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> DatabaseDialect.forUrl("jdbc:oracle:thin:@db:1521/x?password=secret"));
        assertTrue(e.getMessage().contains("PostgreSQL") && e.getMessage().contains("SQL Server"), e.getMessage());
        assertTrue(!e.getMessage().contains("secret"), e.getMessage());
        assertTrue(DatabaseDialect.find("jdbc:h2:mem:x").isEmpty());
    }

    /** Every registered provider accepts URLs of its own database only and creates a dialect. */
    @Test
    void everyRegisteredProviderCreatesADialectForItsOwnUrlsOnly() {
        int providers = 0;
        for (DatabaseDialectProvider p : ServiceLoader.load(DatabaseDialectProvider.class)) {
            providers++;
            DatabaseDialect d = p.create();
            assertNotNull(d, p.name());
            assertTrue(p.accepts(d == null ? "" : sampleUrl(d)), p.name());
            assertTrue(!p.accepts("jdbc:h2:mem:x"), p.name());
        }
        assertEquals(2, providers, "PostgreSQL and SQL Server are registered");
    }

    /** The bulk path is the dialect's: PostgreSQL's COPY; none on SQL Server, whose driver bulk-copies batched INSERTs. */
    @Test
    void theBulkPathAndDriverDefaultsAreTheDialects() {
        DatabaseDialect pg = DatabaseDialect.forUrl("jdbc:postgresql://localhost/x");
        DatabaseDialect mssql = DatabaseDialect.forUrl("jdbc:sqlserver://db:1433");
        assertNotNull(pg.bulkLoader());
        assertTrue(pg.bulkLoader().buildCopyStatement("t", java.util.List.of("a")).startsWith("COPY "));
        assertNull(mssql.bulkLoader());
        assertEquals("true", mssql.connectionDefaults(15).get("useBulkCopyForBatchInsert"));
        assertEquals("15", mssql.connectionDefaults(15).get("loginTimeout"));
        assertTrue(pg.connectionDefaults(15).isEmpty());
    }

    private static String sampleUrl(DatabaseDialect d) {
        return switch (d.name()) {
            case "PostgreSQL" -> "jdbc:postgresql://localhost/x";
            case "SQL Server" -> "jdbc:sqlserver://db:1433";
            default -> throw new AssertionError("no sample URL for " + d.name());
        };
    }
}
