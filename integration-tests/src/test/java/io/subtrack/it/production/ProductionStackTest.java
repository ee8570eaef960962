package io.subtrack.it.production;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mssqlserver.MSSQLServerContainer;

/**
 * The end-to-end scenarios against the compose stack's images: a Kafka broker container and a SQL
 * Server container whose two databases were created by docker/init-db.sh, with exactly the
 * connection options docs/production.md gives. Skipped, with the reason shown, without a Docker engine.
 */
@Testcontainers(disabledWithoutDocker = true)
class ProductionStackTest {
    @Container
    static final KafkaContainer KAFKA = ProductionStack.kafka();

    @Container
    static final MSSQLServerContainer MSSQL = ProductionStack.sqlServer();

    @TempDir
    static Path work;

    static StackScenarios.Stack stack;

    @BeforeAll
    static void createDatabases() throws Exception {
        ProductionStack.runInitScript(MSSQL);
        stack = new StackScenarios.Stack(KAFKA.getBootstrapServers(),
            ProductionStack.jdbcUrl(MSSQL, ProductionStack.RAW_DB), ProductionStack.jdbcUrl(MSSQL, ProductionStack.PROCESSED_DB),
            MSSQL.getUsername(), ProductionStack.passwordFile(MSSQL, work),
            // a consumer stops once idle this long; generous, containers on a busy CI host join groups slowly
            "20s");
    }

    @Test
    void rawSampleLandsInRawSubscriptionDataDbOnceEvenWhenPublishedTwice() throws Exception {
        StackScenarios.rawSampleLandsOnceEvenWhenPublishedTwice(stack);
    }
}
