package io.subtrack.it.production;

import io.subtrack.common.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.DisplayName;
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
// the display name carries the skip reason to the console, where surefire prints no reason of its own
@DisplayName("Six stages on Kafka and SQL Server containers (Testcontainers: skipped when no Docker engine is available)")
@Testcontainers(disabledWithoutDocker = true)
class ProductionStackTest {
    /** A consumer stops once idle this long; generous, containers on a busy CI host join groups slowly. */
    static final String IDLE_TIMEOUT = "20s";

    @Container
    static final KafkaContainer KAFKA = ProductionStack.kafka();

    @Container
    static final MSSQLServerContainer MSSQL = ProductionStack.sqlServer();

    @TempDir
    static Path work;

    static Path passwordFile;

    @BeforeAll
    static void createDatabases() throws Exception {
        ProductionStack.runInitScript(MSSQL);
        passwordFile = ProductionStack.passwordFile(MSSQL, work);
    }

    /** The databases docker compose creates (Raw_Subscription_Data_DB, Processed_Subscription_Data_DB). */
    static StackScenarios.Stack composeDatabases() {
        return new StackScenarios.Stack(KAFKA.getBootstrapServers(),
            ProductionStack.jdbcUrl(MSSQL, ProductionStack.RAW_DB), ProductionStack.jdbcUrl(MSSQL, ProductionStack.PROCESSED_DB),
            MSSQL.getUsername(), passwordFile, IDLE_TIMEOUT);
    }

    /** The six stages and the counts FullPipelineIT asserts on the embedded stack. */
    @Test
    void sixStagesOnKafkaAndSqlServerGiveTheEmbeddedCounts() throws Exception {
        StackScenarios.sixStagesFromGeneratorToAnalyticsThenAgainUnchanged(composeDatabases(),
            Files.createDirectories(work.resolve("six-stages")));
    }

    /** An empty database of its own: the stage applies the raw schema itself, as on a server without the init service. */
    @Test
    void rawSampleLandsOnceEvenWhenPublishedTwiceInADatabaseTheStageSetsUp() throws Exception {
        try (Connection c = Database.connect(ProductionStack.jdbcUrl(MSSQL, "master"), MSSQL.getUsername(), MSSQL.getPassword());
             Statement st = c.createStatement()) {
            st.execute("IF DB_ID(N'Raw_Sample_DB') IS NULL CREATE DATABASE [Raw_Sample_DB]");
        }
        String url = ProductionStack.jdbcUrl(MSSQL, "Raw_Sample_DB");
        StackScenarios.rawSampleLandsOnceEvenWhenPublishedTwice(
            new StackScenarios.Stack(KAFKA.getBootstrapServers(), url, url, MSSQL.getUsername(), passwordFile, IDLE_TIMEOUT));
    }
}
