package io.subtrack.it.production;

import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.devbroker.DevBroker;
import io.subtrack.devdb.DevDb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What SqlServerContainerTest and SqlServerLoadScenariosTest run on SQL Server, on the dev-db
 * PostgreSQL server (and the dev broker): both databases agree, and the scenario code is proven
 * where no Docker engine runs.
 */
class EmbeddedAgreementTest {
    @TempDir
    Path work;

    @Test
    void twoConsumersStartTogetherOnAnEmptyDatabase() throws Exception {
        try (DevBroker broker = DevBroker.onFreePorts(work.resolve("kafka")).start()) {
            String url = DevDb.forTests().createDatabase("start_together");
            StackScenarios.twoRawConsumersStartTogetherOnAnEmptyDatabase(new StackScenarios.Stack(broker.bootstrapServers(),
                url, url, DevDb.USER, Files.writeString(work.resolve("db-password"), "unused"), "2s"));
        }
    }

    @Test
    void caseVariantKeysAreTwoKeysAndCodesAreCaseSensitive() throws Exception {
        String url = DevDb.forTests().createDatabase("collation_checks");
        DatabaseDialect dialect = DatabaseDialect.forUrl(url);
        try (Connection c = Database.connect(url, DevDb.USER, "")) {
            SchemaApplier.applyProcessed(c, dialect);
            CollationChecks.caseVariantKeysAreTwoKeysAndCodesAreCaseSensitive(c, dialect);
        }
    }

    @Test
    void aCardsLastFourIsFourDigits() throws Exception {
        String url = DevDb.forTests().createDatabase("last_four");
        DatabaseDialect dialect = DatabaseDialect.forUrl(url);
        try (Connection c = Database.connect(url, DevDb.USER, "")) {
            SchemaApplier.applyProcessed(c, dialect);
            CollationChecks.aCardsLastFourIsFourDigitsInBothDatabases(c, dialect);
        }
    }
}
