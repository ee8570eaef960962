package io.subtrack.devdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When PostgreSQL does not start, dev-db says why within seconds (the server log's FATAL
 * line) and exits 1, instead of waiting out the library's 60 s start-up wait in silence. dev-db
 * in a JVM of its own, the real server.
 */
class StartFailureTest {
    @TempDir Path dir;

    @Test
    void aServerThatCannotStartIsReportedWithinSecondsQuotingItsFatalLine() throws Exception {
        Path data = dir.resolve("pg");
        int port = DevDbProcess.freePort();
        DevDbProcess first = DevDbProcess.start(dir.resolve("first.out"), data, port);
        first.awaitReady(Duration.ofSeconds(120)); // initdb, and on a fresh machine the binaries unpacked
        first.stop();
        Files.writeString(data.resolve("postgresql.auto.conf"), "shared_buffers = 'plenty'\n", StandardCharsets.UTF_8);

        DevDbProcess broken = DevDbProcess.start(dir.resolve("broken.out"), data, port);
        int exit;
        double seconds;
        try {
            exit = broken.awaitExit(Duration.ofSeconds(15)); // the library alone would wait 60 s
            seconds = broken.secondsSinceStart();
        } finally {
            broken.stop();
        }
        String out = broken.output();
        assertEquals(1, exit, out);
        assertTrue(out.contains("dev-db: could not start PostgreSQL on " + data), out);
        assertTrue(out.contains("FATAL: configuration file \"" + data.resolve("postgresql.auto.conf") + "\" contains errors"), out);
        assertFalse(out.contains("Gave up waiting"), out);
        System.out.printf("start failure reported %.2f s after the start%n", seconds);
    }
}
