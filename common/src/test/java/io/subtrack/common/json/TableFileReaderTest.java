package io.subtrack.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.schema.RawTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableFileReaderTest {
    @TempDir Path dir;

    private List<TableFileReader.Entry> readAll(String json) throws IOException {
        Path f = dir.resolve("in.json");
        Files.writeString(f, json);
        List<TableFileReader.Entry> out = new ArrayList<>();
        try (TableFileReader r = new TableFileReader(f, n -> RawTable.byName(n) != null)) {
            TableFileReader.Entry e;
            while ((e = r.next()) != null) out.add(e);
        }
        return out;
    }

    @Test
    void readsRecordsWithTheirTableIndexAndPosition() throws IOException {
        List<TableFileReader.Entry> entries = readAll("{\"raw_Admin\": [\n {\"userId\": \"USR1\"},\n {\"userId\": \"USR2\"}],\n"
            + " \"raw_User\": [{\"userId\": \"USR3\", \"raw_id\": 86.480}]}");
        assertEquals(3, entries.size());
        assertEquals("raw_Admin", entries.get(1).table());
        assertEquals(1, entries.get(1).index());
        assertEquals(3, entries.get(1).line());
        assertEquals("raw_User", entries.get(2).table());
        assertEquals(0, entries.get(2).index());
        // a decimal keeps its digits as written
        assertEquals("86.480", entries.get(2).record().get("raw_id").decimalValue().toPlainString());
    }

    @Test
    void truncatedFileNamesFileLineAndColumn() {
        MalformedInputException e = assertThrows(MalformedInputException.class,
            () -> readAll("{\"raw_Admin\": [\n {\"userId\": \"USR1\"},\n {\"userId\": "));
        assertTrue(e.getMessage().startsWith(dir.resolve("in.json") + ":3:"), e.getMessage());
    }

    @Test
    void unknownTableIsRefusedByName() {
        MalformedInputException e = assertThrows(MalformedInputException.class, () -> readAll("{\"raw_Nope\": []}"));
        assertTrue(e.getMessage().contains("unknown table \"raw_Nope\""), e.getMessage());
    }

    @Test
    void recordThatIsNotAnObjectIsRefusedWithItsIndex() {
        MalformedInputException e = assertThrows(MalformedInputException.class,
            () -> readAll("{\"raw_Admin\": [{\"userId\": \"A\"}, 42]}"));
        assertTrue(e.getMessage().contains("record 1 of table raw_Admin is not a JSON object"), e.getMessage());
    }

    @Test
    void writerOnlyPublishesTheFileOnCommit() throws IOException {
        Path target = dir.resolve("out.json");
        try (TableFileWriter w = new TableFileWriter(target, false)) {
            w.startTable("raw_Admin");
            ObjectNode rec = Json.MAPPER.createObjectNode().put("userId", "USR1");
            w.write(rec);
            // no commit: as if the run failed half-way
        }
        assertFalse(Files.exists(target));
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "the temporary file is removed");
        }
        try (TableFileWriter w = new TableFileWriter(target, false)) {
            w.startTable("raw_Admin");
            w.write(Json.MAPPER.createObjectNode().put("userId", "USR1"));
            w.commit();
        }
        assertEquals("{\"raw_Admin\":[{\"userId\":\"USR1\"}]}\n", Files.readString(target));
        assertNull(readAll(Files.readString(target)).get(0).record().get("missing"));
    }

    @Test
    void memoryStaysFlatWhetherRecordsAreReadAsTreesOrAsTokens() throws IOException {
        StringBuilder sb = new StringBuilder("{\"raw_Admin\": [");
        for (int i = 0; i < 60_000; i++) { // ~6 MB, six times the reader's 1 MB window
            if (i > 0) sb.append(",\n");
            sb.append("{\"userId\": \"USR").append(i).append("\", \"raw_id\": ").append(i)
              .append(", \"source_system\": \"").append("s".repeat(40)).append("\"}");
        }
        Path f = dir.resolve("big.json");
        Files.writeString(f, sb.append("]}"));
        try (TableFileReader r = new TableFileReader(f, n -> RawTable.byName(n) != null)) {
            long n = 0;
            while (r.next() != null) n++;
            assertEquals(60_000, n);
            assertEquals(1 << 20, r.windowCapacity(), "the window kept bytes of records already read");
        }
        try (TableFileReader r = new TableFileReader(f, n -> RawTable.byName(n) != null)) {
            long n = 0;
            while (r.nextRecord((table, p, source) -> p.skipChildren())) n++;
            assertEquals(60_000, n);
            assertEquals(1 << 20, r.windowCapacity(), "the window kept bytes of records already read");
        }
    }
}
