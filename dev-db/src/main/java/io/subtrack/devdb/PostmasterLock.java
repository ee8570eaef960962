package io.subtrack.devdb;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A data directory's {@code postmaster.pid} as PostgreSQL writes it (line 1 the postmaster's pid,
 * line 4 its port, line 7 the key and id of its System V shared-memory segment), and what holds it.
 * <p>
 * PostgreSQL refuses to start while the pid on line 1 answers {@code kill(pid, 0)}, which a zombie
 * does: a SIGKILLed postmaster whose parent (PID 1, pg_ctl having exited) has not reaped it yet, or
 * never will in a container whose PID 1 does not reap orphans. A zombie or a dead process holds no
 * open file and no shared memory, so it cannot own the data directory; the segment's attach count
 * ({@code nattch} in {@code /proc/sysvipc/shm}) tells whether any process of that server (a backend
 * that has not yet noticed its postmaster died) still works on it, the check PostgreSQL makes itself
 * with the same key when the pid is gone. Linux only: elsewhere {@link #holder} is {@code UNKNOWN} and
 * the lock file is left to PostgreSQL.
 */
record PostmasterLock(Path file, long pid, OptionalInt port, Optional<Path> socketDir, Optional<ShmKey> shm) {
    static final String FILE_NAME = "postmaster.pid";
    private static final Path PROC = Path.of("/proc");

    /** Line 7: the key and id of the segment every process of the server has attached. */
    record ShmKey(long key, long id) {}

    /** What the pid on line 1 is now. */
    enum Holder {
        /** A running PostgreSQL process: a postmaster (or, after a pid wrapped round, one of another server). */
        RUNNING_POSTGRES,
        /** A running process that is not PostgreSQL: the pid was reused. */
        RUNNING_OTHER,
        /** Exited, not yet reaped by its parent: state Z (or X) in {@code /proc/<pid>/stat}. */
        ZOMBIE,
        /** No such process. */
        GONE,
        /** Not known here (no /proc, or it could not be read): nothing is decided from it. */
        UNKNOWN
    }

    /** The lock file of {@code dataDir}, if there is one and its first line is a pid. */
    static Optional<PostmasterLock> read(Path dataDir) {
        return readFile(dataDir.resolve(FILE_NAME));
    }

    /**
     * The lock file PostgreSQL keeps beside the Unix socket of {@code port} in {@code socketDir}
     * ({@code .s.PGSQL.<port>.lock}, line 1 the postmaster's pid): a killed postmaster leaves it too.
     */
    static Optional<PostmasterLock> readSocketLock(Path socketDir, int port) {
        return readFile(socketDir.resolve(".s.PGSQL." + port + ".lock"));
    }

    static Optional<PostmasterLock> readFile(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException absent) {
            return Optional.empty();
        }
        if (lines.isEmpty()) return Optional.empty();
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).strip());
        } catch (NumberFormatException notAPid) {
            return Optional.empty();
        }
        OptionalInt port = OptionalInt.empty();
        if (lines.size() >= 4) {
            try {
                port = OptionalInt.of(Integer.parseInt(lines.get(3).strip()));
            } catch (NumberFormatException none) {
                // left empty
            }
        }
        Optional<Path> socketDir = Optional.empty();
        if (lines.size() >= 5 && !lines.get(4).isBlank()) socketDir = Optional.of(Path.of(lines.get(4).strip()));
        Optional<ShmKey> shm = Optional.empty();
        if (lines.size() >= 7) {
            String[] f = lines.get(6).strip().split("\\s+");
            if (f.length == 2) {
                try {
                    shm = Optional.of(new ShmKey(Long.parseLong(f[0]), Long.parseLong(f[1])));
                } catch (NumberFormatException none) {
                    // written before the segment was made: no segment
                }
            }
        }
        return Optional.of(new PostmasterLock(file, pid, port, socketDir, shm));
    }

    Holder holder() {
        return holderOf(Math.abs(pid)); // a single-user backend writes its pid negated
    }

    static Holder holderOf(long pid) {
        if (!Files.isDirectory(PROC.resolve("self"))) return Holder.UNKNOWN;
        String stat;
        try {
            stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
        } catch (NoSuchFileException gone) {
            return Holder.GONE;
        } catch (IOException unreadable) {
            return Files.exists(PROC.resolve(Long.toString(pid))) ? Holder.UNKNOWN : Holder.GONE;
        }
        // "pid (comm) S ppid ...": the command may hold spaces and parentheses, the state follows the last ')'
        int close = stat.lastIndexOf(')');
        if (close < 0 || close + 2 >= stat.length()) return Holder.UNKNOWN;
        char state = stat.charAt(close + 2);
        if (state == 'Z' || state == 'X') return Holder.ZOMBIE;
        Optional<String> command = ProcessHandle.of(pid).flatMap(p -> p.info().command());
        if (command.isEmpty()) return Holder.UNKNOWN;
        return command.get().endsWith("postgres") ? Holder.RUNNING_POSTGRES : Holder.RUNNING_OTHER;
    }

    /**
     * How many processes have the server's segment attached: 0 when the segment is gone (removed,
     * or never made: no line 7). Empty when that cannot be read here.
     */
    OptionalInt attachedProcesses() {
        if (shm.isEmpty()) return OptionalInt.of(0);
        return attachedTo(shm.get());
    }

    static OptionalInt attachedTo(ShmKey segment) {
        List<String> rows;
        try {
            rows = Files.readAllLines(PROC.resolve("sysvipc").resolve("shm"), StandardCharsets.UTF_8);
        } catch (IOException unreadable) {
            return OptionalInt.empty();
        }
        if (rows.isEmpty()) return OptionalInt.empty();
        List<String> header = List.of(rows.get(0).strip().split("\\s+"));
        int keyAt = header.indexOf("key");
        int idAt = header.indexOf("shmid");
        int nattchAt = header.indexOf("nattch");
        if (keyAt < 0 || idAt < 0 || nattchAt < 0) return OptionalInt.empty();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.strip().split("\\s+");
            if (f.length <= Math.max(nattchAt, Math.max(keyAt, idAt))) continue;
            try {
                if (Long.parseLong(f[idAt]) == segment.id() && Long.parseLong(f[keyAt]) == segment.key()) {
                    return OptionalInt.of(Integer.parseInt(f[nattchAt]));
                }
            } catch (NumberFormatException skipped) {
                // not a row of numbers
            }
        }
        return OptionalInt.of(0); // no such segment: nobody can have it attached
    }

    /** Removes the file only if it still names the same pid (so a lock file written meanwhile is kept). */
    boolean removeIfUnchanged() throws IOException {
        Optional<PostmasterLock> now = readFile(file);
        if (now.isEmpty() || now.get().pid() != pid) return false;
        return Files.deleteIfExists(file);
    }
}
