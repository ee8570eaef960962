package io.subtrack.common.lineage;

import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientException;
import io.openlineage.client.OpenLineageClientUtils;
import io.openlineage.client.transports.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends each event as one line of JSON (serialised by the OpenLineage client's own mapper) to a
 * file, holding an exclusive lock on it while it writes, so that stages running at once append
 * whole lines to the same day's file. Unlike the client's {@code FileTransport}, which logs a
 * failed write and returns, a failed write throws, so that {@link LineageRun} can warn about it.
 */
final class JsonLinesTransport extends Transport {
    /** A file lock is the process's: threads of one process take turns before taking it (else OverlappingFileLockException). */
    private static final Object IN_PROCESS = new Object();

    private final Path file;

    JsonLinesTransport(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    @Override
    public void emit(OpenLineage.RunEvent runEvent) {
        append(OpenLineageClientUtils.toJson(runEvent));
    }

    @Override
    public void emit(OpenLineage.DatasetEvent datasetEvent) {
        append(OpenLineageClientUtils.toJson(datasetEvent));
    }

    @Override
    public void emit(OpenLineage.JobEvent jobEvent) {
        append(OpenLineageClientUtils.toJson(jobEvent));
    }

    private void append(String json) {
        // the mapper writes no raw line break (JSON escapes those in strings); make sure of one line all the same
        byte[] line = (json.replace("\r", "").replace("\n", "") + "\n").getBytes(StandardCharsets.UTF_8);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            synchronized (IN_PROCESS) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                         StandardOpenOption.APPEND);
                     FileLock ignored = ch.lock()) {
                    ByteBuffer buf = ByteBuffer.wrap(line);
                    while (buf.hasRemaining()) ch.write(buf);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new OpenLineageClientException("cannot append to " + file + ": " + e, e);
        }
    }
}
