package io.subtrack.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Flag, then environment, then properties file, then the option's default. */
class SubtrackDefaultsTest {
    @Command(name = "consumer-raw")
    static class Probe implements Runnable {
        @Mixin KafkaOptions kafka;
        @Mixin DatabaseOptions db;

        public void run() {}
    }

    @TempDir Path dir;

    private Probe parse(Map<String, String> env, String... args) {
        Probe p = new Probe();
        CommandLine cl = new CommandLine(p);
        cl.setDefaultValueProvider(new SubtrackDefaults(cl, env));
        cl.parseArgs(args);
        return p;
    }

    @Test
    void precedenceIsFlagThenEnvironmentThenFileThenDefault() throws Exception {
        Path props = dir.resolve("subtrack.properties");
        Files.writeString(props, "bootstrap-server=file:1\nconsumer-raw.jdbc-url=jdbc:h2:mem:fromfile\ndb-user=fileuser\n");
        Map<String, String> env = new HashMap<>();
        env.put("SUBTRACK_CONFIG", props.toString());

        Probe fromFile = parse(env);
        assertEquals("file:1", fromFile.kafka.bootstrapServer);
        assertEquals("jdbc:h2:mem:fromfile", fromFile.db.jdbcUrl, "program-qualified key");
        assertEquals("fileuser", fromFile.db.user);

        env.put("SUBTRACK_BOOTSTRAP_SERVER", "env:2");
        env.put("SUBTRACK_CONSUMER_RAW_DB_USER", "envuser");
        Probe fromEnv = parse(env);
        assertEquals("env:2", fromEnv.kafka.bootstrapServer);
        assertEquals("envuser", fromEnv.db.user, "program-qualified environment variable");

        Probe fromFlag = parse(env, "--bootstrap-server", "flag:3");
        assertEquals("flag:3", fromFlag.kafka.bootstrapServer);
    }

    @Test
    void withNothingSetTheEmbeddedDefaultsApply() {
        Probe p = parse(Map.of());
        assertEquals("localhost:9092", p.kafka.bootstrapServer);
        assertEquals(DatabaseOptions.EMBEDDED_URL, p.db.jdbcUrl);
    }
}
