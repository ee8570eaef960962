package io.subtrack.devdb;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What pg_ctl and the server write to the server log during one start, read as it grows. pg_ctl
 * ({@code -w}) says {@code pg_ctl: could not start server} within a tenth of a second of the
 * postmaster exiting; that, or any other {@code pg_ctl:} line but its "trying to start server anyway"
 * warning, means the start failed, and the server's own FATAL (or PANIC) line says why. A FATAL line
 * alone does not: a client that connects during crash recovery gets "the database system is not yet
 * accepting connections", and the server logs that as FATAL too.
 */
final class ServerLog {
    private static final Pattern SEVERE = Pattern.compile("\\b(FATAL|PANIC):\\s+(.*)$");
    private static final Pattern HINT = Pattern.compile("\\b(HINT|DETAIL):\\s+(.*)$");
    /** The FATAL a client gets while the server starts or stops: not the server's own reason. */
    private static final Pattern CLIENT_REFUSED = Pattern.compile("the database system is (starting up|not yet accepting connections|shutting down|in recovery mode)");

    private final Path file;
    private long offset;
    private final StringBuilder partial = new StringBuilder();
    private final List<String> lines = new ArrayList<>();

    /** Reads what is written to {@code file} from now on. */
    ServerLog(Path file) throws IOException {
        this.file = file;
        this.offset = Files.exists(file) ? Files.size(file) : 0;
    }

    /** The reason the start failed, once pg_ctl has said it did; empty while it has not. */
    Optional<String> startFailure() throws IOException {
        readNew();
        for (String line : lines) {
            if (line.startsWith("pg_ctl: ") && !line.contains("trying to start server anyway")) {
                return Optional.of(reason().orElse(line.strip()));
            }
        }
        return Optional.empty();
    }

    /** The server's last FATAL or PANIC line of this start (and the HINT or DETAIL after it), without its prefix. */
    Optional<String> reason() throws IOException {
        readNew();
        String found = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = SEVERE.matcher(lines.get(i));
            if (!m.find() || CLIENT_REFUSED.matcher(m.group(2)).find()) continue;
            StringBuilder r = new StringBuilder(m.group(1)).append(": ").append(m.group(2).strip());
            for (int j = i + 1; j < lines.size() && j <= i + 2; j++) {
                Matcher h = HINT.matcher(lines.get(j));
                if (!h.find()) break;
                r.append(' ').append(h.group(1)).append(": ").append(h.group(2).strip());
            }
            found = r.toString();
        }
        return Optional.ofNullable(found);
    }

    private void readNew() throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < offset) offset = 0; // replaced meanwhile
            if (size == offset) return;
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - offset, 1 << 20));
            while (buf.hasRemaining() && ch.read(buf, offset + buf.position()) > 0) {
                // reads up to what is there
            }
            offset += buf.position();
            partial.append(new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8));
        } catch (NoSuchFileException notYet) {
            return;
        }
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            lines.add(partial.substring(0, nl));
            partial.delete(0, nl + 1);
        }
    }
}
