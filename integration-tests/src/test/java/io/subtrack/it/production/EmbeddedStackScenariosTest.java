package io.subtrack.it.production;

import io.subtrack.devbroker.DevBroker;
import io.subtrack.devdb.DevDb;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenarios ProductionStackTest runs on containers, here on the embedded stack (dev broker,
 * the dev-db PostgreSQL server), so the scenario code itself is proven where no Docker engine runs.
 */
class EmbeddedStackScenariosTest {
    @TempDir
    static Path work;

    static DevBroker broker;

    @BeforeAll
    static void start() throws Exception {
        broker = DevBroker.onFreePorts(work.resolve("kafka")).start();
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    /** dev-db trusts local connections: the user and password options are passed as production passes them, and ignored. */
    static StackScenarios.Stack devDb(String name) throws Exception {
        String url = DevDb.forTests().createDatabase("scenario_" + name);
        return new StackScenarios.Stack(broker.bootstrapServers(), url, url, DevDb.USER,
            Files.writeString(work.resolve("db-password"), "unused"), "2s");
    }

    @Test
    void sixStagesGiveTheEmbeddedCounts() throws Exception {
        StackScenarios.sixStagesFromGeneratorToAnalyticsThenAgainUnchanged(devDb("pipeline"),
            Files.createDirectories(work.resolve("six-stages")));
    }

    @Test
    void rawSampleLandsOnceEvenWhenPublishedTwice() throws Exception {
        StackScenarios.rawSampleLandsOnceEvenWhenPublishedTwice(devDb("sample"));
    }
}
