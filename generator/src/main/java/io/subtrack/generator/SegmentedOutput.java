package io.subtrack.generator;

import io.subtrack.common.schema.RawTable;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

/**
 * The table file and the ground truth, written as one segment per table so tables can be
 * generated in parallel, and appended in table order, each as soon as it and the tables before it
 * are done (so the copying overlaps the generation of the later tables), to temporary files that
 * are renamed to their final names only when complete. A failed or interrupted run leaves neither
 * final file (nor any segment) behind. The layout is {@code {\n"raw_User":[\n{...},\n{...}\n],\n...\n}\n}.
 */
final class SegmentedOutput implements Closeable {
    private static final long FORCE_EVERY_BYTES = 64L << 20;
    private final Path output;
    private final Path groundTruth;
    private final List<RawTable> tables;
    private final Path[] recordSegments;
    private final Path[] truthSegments;
    /** The day-changes file and its segments, or null when the run writes none. */
    private final Path dayChanges;
    private final Path[] changeSegments;
    private final List<Path> temporaries = new ArrayList<>();
    private Path tableFile;
    private Path truthFile;
    private FileChannel tableOut;
    private FileChannel truthOut;
    private Path changesFile;
    private FileChannel changesOut;
    private int appended;
    private long unforcedBytes;

    SegmentedOutput(Path output, Path groundTruth, List<RawTable> tables) throws IOException {
        this(output, groundTruth, null, null, tables);
    }

    /** As above, with a day-changes file too: {@code changesHeader} and then each table's changes segment. */
    SegmentedOutput(Path output, Path groundTruth, Path dayChanges, String changesHeader, List<RawTable> tables)
        throws IOException {
        this.output = output.toAbsolutePath();
        this.groundTruth = groundTruth.toAbsolutePath();
        this.dayChanges = dayChanges == null ? null : dayChanges.toAbsolutePath();
        this.tables = tables;
        this.recordSegments = new Path[tables.size()];
        this.truthSegments = new Path[tables.size()];
        this.changeSegments = new Path[tables.size()];
        try {
            createParent(this.output);
            createParent(this.groundTruth);
            if (this.dayChanges != null) createParent(this.dayChanges);
            for (int i = 0; i < tables.size(); i++) {
                recordSegments[i] = temporary(this.output, "." + i);
                truthSegments[i] = temporary(this.groundTruth, "." + i);
                if (this.dayChanges != null) changeSegments[i] = temporary(this.dayChanges, "." + i);
            }
            tableFile = temporary(this.output, "");
            truthFile = temporary(this.groundTruth, "");
            tableOut = FileChannel.open(tableFile, StandardOpenOption.WRITE);
            truthOut = FileChannel.open(truthFile, StandardOpenOption.WRITE);
            if (this.dayChanges != null) {
                changesFile = temporary(this.dayChanges, "");
                changesOut = FileChannel.open(changesFile, StandardOpenOption.WRITE);
                write(changesOut, changesHeader);
            }
            write(tableOut, "{");
        } catch (IOException | RuntimeException e) {
            // The caller gets no object to close: remove what was created so far.
            try {
                close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static void createParent(Path file) throws IOException {
        if (file.getParent() != null) Files.createDirectories(file.getParent());
    }

    /**
     * A new hidden file beside {@code beside}, named after it and this process. Not Files.createTempFile:
     * its random names come from SecureRandom, whose set-up was a visible part of a short run's start-up.
     */
    private Path temporary(Path beside, String suffix) throws IOException {
        String stem = "." + beside.getFileName() + suffix + "." + ProcessHandle.current().pid() + ".";
        for (int attempt = 0; ; attempt++) {
            Path p = beside.resolveSibling(stem + attempt + ".partial");
            try {
                Files.createFile(p);
            } catch (FileAlreadyExistsException e) {
                continue; // left by an earlier process with the same id, or taken by a concurrent one
            }
            temporaries.add(p);
            return p;
        }
    }

    OutputStream records(int table) throws IOException {
        return Files.newOutputStream(recordSegments[table]);
    }

    OutputStream truth(int table) throws IOException {
        return Files.newOutputStream(truthSegments[table]);
    }

    /** The table's day-changes segment; only when the run writes a day-changes file. */
    OutputStream changes(int table) throws IOException {
        return Files.newOutputStream(changeSegments[table]);
    }

    /** Appends the next table's segments (tables must be appended in order) and deletes them. */
    void append(int table) throws IOException {
        if (table != appended) throw new IllegalStateException("table " + table + " appended out of order, expected " + appended);
        write(tableOut, (table == 0 ? "\n\"" : ",\n\"") + tables.get(table).tableName() + "\":[");
        if (Files.size(recordSegments[table]) > 0) {
            write(tableOut, "\n");
            unforcedBytes += append(tableOut, recordSegments[table]);
            write(tableOut, "\n");
        }
        write(tableOut, "]");
        unforcedBytes += append(truthOut, truthSegments[table]);
        if (changesOut != null) unforcedBytes += append(changesOut, changeSegments[table]);
        for (Path segment : new Path[] {recordSegments[table], truthSegments[table], changeSegments[table]}) {
            if (segment == null) continue;
            Files.delete(segment);
            temporaries.remove(segment);
        }
        appended++;
        // Start the disk writes while later tables are still being generated: the final force then waits for less.
        if (unforcedBytes >= FORCE_EVERY_BYTES) {
            tableOut.force(false);
            truthOut.force(false);
            unforcedBytes = 0;
        }
    }

    /** Ends the table file and renames both files to their final names; every table must have been appended. */
    void commit() throws IOException {
        if (appended != tables.size()) throw new IllegalStateException(appended + " of " + tables.size() + " tables appended");
        write(tableOut, "\n}\n");
        tableOut.force(false);
        truthOut.force(false);
        tableOut.close();
        truthOut.close();
        readableByAll(truthFile);
        readableByAll(tableFile);
        if (changesOut != null) {
            changesOut.force(false);
            changesOut.close();
            readableByAll(changesFile);
            Files.move(changesFile, dayChanges, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            temporaries.remove(changesFile);
        }
        Files.move(truthFile, groundTruth, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        temporaries.remove(truthFile);
        Files.move(tableFile, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        temporaries.remove(tableFile);
    }

    /** Temporary files are created owner-only; the finished files are ordinary data files for the next stages. */
    private static void readableByAll(Path file) throws IOException {
        if (Files.getFileStore(file).supportsFileAttributeView(PosixFileAttributeView.class)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    private static void write(FileChannel out, String text) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) out.write(b);
    }

    private static long append(FileChannel out, Path segment) throws IOException {
        try (FileChannel in = FileChannel.open(segment, StandardOpenOption.READ)) {
            long size = in.size();
            long position = 0;
            while (position < size) position += in.transferTo(position, size - position, out);
            return size;
        }
    }

    /** Removes every segment and any unfinished temporary file. */
    @Override
    public void close() throws IOException {
        IOException first = null;
        for (FileChannel c : new FileChannel[] {tableOut, truthOut, changesOut}) {
            try {
                if (c != null) c.close();
            } catch (IOException e) {
                first = e;
            }
        }
        for (Path p : temporaries) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        temporaries.clear();
        if (first != null) throw first;
    }
}
