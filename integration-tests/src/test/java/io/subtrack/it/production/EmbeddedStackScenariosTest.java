package io.subtrack.it.production;

import io.subtrack.devbroker.DevBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scenarios ProductionStackTest runs on containers, here on the embedded stack (dev broker,
 * H2 in MSSQLServer mode), so the scenario code itself is proven where no Docker engine runs.
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

    static StackScenarios.Stack h2(String name) throws Exception {
        String url = "jdbc:h2:file:" + work.resolve("db").resolve(name) + ";MODE=MSSQLServer;AUTO_SERVER=TRUE";
        return new StackScenarios.Stack(broker.bootstrapServers(), url, url, "sa",
            Files.writeString(work.resolve("db-password"), ""), "10s");
    }

    @Test
    void sixStagesGiveTheEmbeddedCounts() throws Exception {
        StackScenarios.sixStagesFromGeneratorToAnalyticsThenAgainUnchanged(h2("pipeline"),
            Files.createDirectories(work.resolve("six-stages")));
    }

    @Test
    void rawSampleLandsOnceEvenWhenPublishedTwice() throws Exception {
        StackScenarios.rawSampleLandsOnceEvenWhenPublishedTwice(h2("sample"));
    }
}
