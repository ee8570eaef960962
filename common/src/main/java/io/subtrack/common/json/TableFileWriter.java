package io.subtrack.common.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams the table-keyed JSON layout to a file that only appears under its final name once it
 * is complete: records go to a temporary file beside the target, and {@link #commit()} renames it.
 * Closing without commit deletes the temporary file, so a failed run never leaves a file that
 * looks complete.
 */
public final class TableFileWriter implements Closeable {
    private final Path target;
    private final Path temp;
    private final OutputStream out;
    private final JsonGenerator gen;
    private boolean inTable;
    private boolean committed;

    public TableFileWriter(Path target, boolean pretty) throws IOException {
        this.target = target.toAbsolutePath();
        Path dir = this.target.getParent();
        if (dir != null) Files.createDirectories(dir);
        this.temp = Files.createTempFile(dir, "." + this.target.getFileName(), ".partial");
        this.out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
        this.gen = Json.MAPPER.createGenerator(out);
        if (pretty) {
            DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
                .withArrayIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"))
                .withObjectIndenter(DefaultIndenter.SYSTEM_LINEFEED_INSTANCE.withLinefeed("\n"));
            gen.setPrettyPrinter(pp);
        }
        gen.writeStartObject();
    }

    public void startTable(String name) throws IOException {
        endTable();
        gen.writeArrayFieldStart(name);
        inTable = true;
    }

    public void write(JsonNode record) throws IOException {
        Json.MAPPER.writeTree(gen, record);
    }

    /** For writers that emit records field by field (the generator's hot path). */
    public JsonGenerator generator() {
        return gen;
    }

    private void endTable() throws IOException {
        if (inTable) {
            gen.writeEndArray();
            inTable = false;
        }
    }

    /** Finishes the document and moves it to its final name. */
    public void commit() throws IOException {
        endTable();
        gen.writeEndObject();
        gen.writeRaw('\n');
        gen.close();
        out.close();
        AtomicFiles.moveIntoPlace(temp, target);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                gen.close();
                out.close();
            } finally {
                Files.deleteIfExists(temp);
            }
        }
    }
}
