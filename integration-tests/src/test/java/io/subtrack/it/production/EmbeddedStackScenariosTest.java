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
 * H2 in MSSQLServer mode), so the scenarios themselves are proven where Docker is missing.
 */
class EmbeddedStackScenariosTest {
    @TempDir
    static Path work;

    static DevBroker broker;
    static StackScenarios.Stack stack;

    @BeforeAll
    static void start() throws Exception {
        broker = DevBroker.onFreePorts(work.resolve("kafka")).start();
        String h2 = "jdbc:h2:file:" + work.resolve("db").resolve("subtrack") + ";MODE=MSSQLServer;AUTO_SERVER=TRUE";
        stack = new StackScenarios.Stack(broker.bootstrapServers(), h2, h2, "sa", Files.writeString(work.resolve("db-password"), ""), "10s");
    }

    @AfterAll
    static void stop() {
        if (broker != null) broker.close();
    }

    @Test
    void rawSampleLandsOnceEvenWhenPublishedTwice() throws Exception {
        StackScenarios.rawSampleLandsOnceEvenWhenPublishedTwice(stack);
    }
}
