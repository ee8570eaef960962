package io.subtrack.common.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A numbered slot of a consumer group on this machine, held as an OS file lock for the life of the
 * process: the lowest N whose lock file this process can take. Two consumers of one group running
 * side by side take slots 0 and 1, so their default static member ids differ and they split the
 * partitions instead of fencing each other. The OS drops the lock of a killed process (SIGKILL
 * included), so the restart takes the same slot, the same member id, and gets its partitions back
 * at once (docs/consumer-groups.md).
 */
public final class InstanceSlot implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InstanceSlot.class);
    /** Far more than anyone runs on one machine; past it something is wrong (a full disk, say). */
    static final int MAX_SLOTS = 256;

    private final int slot;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceSlot(int slot, FileChannel channel, FileLock lock) {
        this.slot = slot;
        this.channel = channel;
        this.lock = lock;
    }

    public int slot() {
        return slot;
    }

    /** The default directory: {@code <java.io.tmpdir>/subtrack-consumer-slots}, else {@code ./data/consumer-slots}. */
    public static Path defaultDirectory() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "subtrack-consumer-slots");
        try {
            Files.createDirectories(tmp);
            if (Files.isWritable(tmp)) return tmp;
        } catch (IOException e) {
            log.debug("cannot use {}: {}", tmp, e.toString());
        }
        return Path.of("data", "consumer-slots");
    }

    /** Takes the lowest free slot of this group in {@code dir}. */
    public static InstanceSlot acquire(Path dir, String group) throws IOException {
        Files.createDirectories(dir);
        String base = safe(group);
        for (int n = 0; n < MAX_SLOTS; n++) {
            Path file = dir.resolve(base + "." + n + ".lock");
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = null;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException heldInThisJvm) {
                // another consumer in this same JVM holds it (tests run stages in-process)
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            if (lock != null) return new InstanceSlot(n, ch, lock);
            ch.close();
        }
        throw new IOException("all " + MAX_SLOTS + " consumer slots of group " + group + " in " + dir + " are taken");
    }

    /** The default static member id: {@code <group>-<hostname>-<slot>}. */
    public String instanceId(String group) {
        return group + "-" + hostname() + "-" + slot;
    }

    /** This machine's name as the OS gives it (a container's is its own), reduced to [A-Za-z0-9._-]. */
    static String hostname() {
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            h = System.getenv("HOSTNAME");
        }
        return safe(h == null || h.isBlank() ? "localhost" : h);
    }

    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public void close() {
        try {
            if (lock.isValid()) lock.release();
        } catch (IOException ignored) {
            // the channel's close below releases it too
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing held any more that matters
        }
    }
}
