package io.subtrack.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.cli.Cli;
import io.subtrack.common.kafka.DeadLetters;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class StageStateCommandTest {
    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Cli.execute(new StageStateCommand(), args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void helpNamesTheKafkaOptions() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: stage-state"), r.out());
        for (String o : new String[] {"--bootstrap-server", "--command-config", "-X", "--reset-offsets", "--to-datetime",
            "--to-earliest", "--to-latest", "--to-offset", "--execute", "--dry-run", "--replay-dead-letters"}) {
            assertTrue(r.out().contains(o), o + " in\n" + r.out());
        }
    }

    @Test
    void badCombinationsAreUsageErrors() {
        assertEquals(2, run("--reset-offsets", "--to-earliest").code(), "no target");
        assertEquals(2, run("--reset-offsets", "--target", "raw").code(), "no scenario");
        assertEquals(2, run("--reset-offsets", "--target", "nope", "--to-latest").code());
        assertEquals(2, run("--reset-offsets", "--target", "raw", "--to-earliest", "--to-latest").code());
        assertEquals(2, run("--list", "--reset-offsets").code());
        assertEquals(2, run("--to-earliest").code(), "a scenario without --reset-offsets");
        assertEquals(2, run("--execute").code(), "nothing to execute");
        assertEquals(2, run("--replay-dead-letters", "--execute", "--dry-run").code());
        assertEquals(2, run("--list", "--error-stage", "consumer-raw").code());
        Result r = run("--reset-offsets", "--target", "raw", "--to-datetime", "yesterday");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--to-datetime"), r.err());
    }

    @Test
    void replayedMessagesDropTheErrorHeadersOnly() {
        Headers letter = new RecordHeaders();
        letter.add("subtrack.table", "raw_Admin".getBytes(StandardCharsets.UTF_8));
        letter.add(DeadLetters.ORIGIN_TOPIC, "subscriptions_raw".getBytes(StandardCharsets.UTF_8));
        letter.add(DeadLetters.ERROR_STAGE, "consumer-raw".getBytes(StandardCharsets.UTF_8));
        letter.add("subtrack.run-id", "r1".getBytes(StandardCharsets.UTF_8));
        Headers h = DeadLetterReplay.originalHeaders(letter);
        assertEquals(2, h.toArray().length);
        assertEquals("subtrack.table", h.toArray()[0].key());
        assertEquals("subtrack.run-id", h.toArray()[1].key());
    }
}
