package io.subtrack.common.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The slot behind a consumer's default static member id: lowest free, distinct while held, the same again after a kill. */
class InstanceSlotTest {
    @TempDir Path dir;

    @Test
    void consumersOfOneGroupSideBySideTakeDistinctSlotsAndAFreedSlotIsTakenAgain() throws Exception {
        try (InstanceSlot a = InstanceSlot.acquire(dir, "consumer-raw");
             InstanceSlot b = InstanceSlot.acquire(dir, "consumer-raw");
             InstanceSlot other = InstanceSlot.acquire(dir, "consumer-processed")) {
            assertEquals(0, a.slot());
            assertEquals(1, b.slot());
            assertEquals(0, other.slot(), "slots are per group");
            assertNotEquals(a.instanceId("consumer-raw"), b.instanceId("consumer-raw"));
            a.close();
            try (InstanceSlot c = InstanceSlot.acquire(dir, "consumer-raw")) {
                assertEquals(0, c.slot(), "the lowest free slot");
            }
        }
    }

    @Test
    void theDefaultInstanceIdIsGroupHostAndSlot() throws Exception {
        try (InstanceSlot s = InstanceSlot.acquire(dir, "my group")) {
            String id = s.instanceId("my group");
            assertTrue(id.startsWith("my group-") && id.endsWith("-0"), id);
            assertTrue(id.contains(InstanceSlot.hostname()), id);
            assertTrue(InstanceSlot.hostname().matches("[A-Za-z0-9._-]+"), InstanceSlot.hostname());
        }
    }

    /** Holds slot of a group in a JVM of its own, for the test below: prints "SLOT n" and waits to be killed. */
    public static final class Holder {
        public static void main(String[] args) throws Exception {
            InstanceSlot s = InstanceSlot.acquire(Path.of(args[0]), args[1]);
            System.out.println("SLOT " + s.slot());
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE);
        }
    }

    @Test
    void aProcessKilledWithSigkillFreesItsSlotForItsRestart() throws Exception {
        Process holder = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), Holder.class.getName(), dir.toString(), "g"))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("SLOT 0", out.readLine());
            try (InstanceSlot mine = InstanceSlot.acquire(dir, "g")) {
                assertEquals(1, mine.slot(), "slot 0 is held by the other process");
            }
        } finally {
            holder.destroyForcibly(); // SIGKILL: no shutdown hook, no release but the OS's
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        }
        try (InstanceSlot restart = InstanceSlot.acquire(dir, "g")) {
            assertEquals(0, restart.slot(), "the OS released the killed process's lock");
        }
    }
}
