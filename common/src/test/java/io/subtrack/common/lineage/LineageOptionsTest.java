package io.subtrack.common.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.config.SubtrackDefaults;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The mixin as a stage's command line parses it, with the project's environment defaults. */
class LineageOptionsTest {
    @Command(name = "producer-raw")
    static class Probe implements Runnable {
        @Mixin LineageOptions lineage;

        public void run() {}
    }

    static LineageOptions parse(Map<String, String> env, String... args) {
        Probe p = new Probe();
        CommandLine cl = new CommandLine(p);
        cl.setDefaultValueProvider(new SubtrackDefaults(cl, env));
        cl.parseArgs(args);
        p.lineage.env = env;
        return p.lineage;
    }

    @Test
    void byDefaultFilesUnderDataLineage() {
        LineageOptions o = parse(Map.of());
        assertTrue(o.enabled());
        assertNull(o.url);
        assertEquals(Path.of("data", "lineage"), o.directory());
        assertEquals("subtrack", o.namespace);
    }

    @Test
    void theDataDirectoryOfTheEnvironmentMovesTheDefault() {
        assertEquals(Path.of("/srv/subtrack/lineage"), parse(Map.of("SUBTRACK_DATA_DIR", "/srv/subtrack")).directory());
        assertEquals(Path.of("/tmp/x"), parse(Map.of("SUBTRACK_DATA_DIR", "/srv/subtrack"), "--lineage-dir", "/tmp/x").directory());
        assertEquals(Path.of("/tmp/y"), parse(Map.of("SUBTRACK_LINEAGE_DIR", "/tmp/y")).directory());
    }

    @Test
    void noneUrlAndTheirEnvironmentVariables() {
        assertFalse(parse(Map.of(), "--lineage", "none").enabled());
        assertFalse(parse(Map.of(), "--lineage=none").enabled());
        assertFalse(parse(Map.of("SUBTRACK_LINEAGE", "none")).enabled());
        assertTrue(parse(Map.of("SUBTRACK_LINEAGE", "none"), "--lineage", "on").enabled());
        LineageOptions http = parse(Map.of(), "--lineage-url", "http://marquez:5000");
        assertEquals("http://marquez:5000", http.url);
        assertEquals("http://marquez:5000", http.target());
        assertEquals("http://m:5000", parse(Map.of("SUBTRACK_LINEAGE_URL", "http://m:5000")).url);
        assertThrows(CommandLine.ParameterException.class, () -> parse(Map.of(), "--lineage", "sometimes"));
    }
}
