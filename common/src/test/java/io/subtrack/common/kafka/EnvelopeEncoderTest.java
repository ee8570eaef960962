package io.subtrack.common.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.subtrack.common.json.TableFileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The streaming encoder the producers use sends exactly the bytes of the tree-based Envelope.key/value. */
class EnvelopeEncoderTest {
    @TempDir Path dir;

    @Test
    void sameBytesAsTheTreeEncoding() throws Exception {
        String json = "{\"t\": [\n"
            + " {\"id\": \"A1\", \"amount\": 86.480, \"n\": 42, \"big\": 123456789012345678901234567890, \"e\": 1e5,"
            + "  \"neg\": -0.0, \"flag\": true, \"none\": null, \"text\": \"caf\\u00e9 \\\"q\\\" \\n\", \"nested\": {\"a\": [1, 2.50]}},\n"
            + " {\"amount\": 1.5E-3, \"id\": 7},\n"
            + " {\"id\": null},\n"
            + " {}\n"
            + "], \"u\": [{\"k1\": \"x\", \"k2\": 3.10, \"v\": \"y\"}, {\"k2\": \"b\"}]}";
        Path f = dir.resolve("f.json");
        Files.writeString(f, json, StandardCharsets.UTF_8);
        Map<String, List<String>> keys = Map.of("t", List.of("id"), "u", List.of("k1", "k2"));
        List<byte[]> treeKeys = new ArrayList<>();
        List<byte[]> treeValues = new ArrayList<>();
        try (TableFileReader r = new TableFileReader(f, keys::containsKey)) {
            for (TableFileReader.Entry e; (e = r.next()) != null; ) {
                treeKeys.add(Envelope.key(e.table(), keys.get(e.table()), e.record()));
                treeValues.add(Envelope.value(e.table(), e.record()));
            }
        }
        Envelope.Encoder enc = new Envelope.Encoder(keys::get);
        int i = 0;
        try (TableFileReader r = new TableFileReader(f, keys::containsKey)) {
            while (r.nextRecord(enc)) {
                assertEquals(new String(treeValues.get(i), StandardCharsets.UTF_8), new String(enc.value(), StandardCharsets.UTF_8));
                assertArrayEquals(treeValues.get(i), enc.value());
                assertEquals(new String(treeKeys.get(i), StandardCharsets.UTF_8), new String(enc.key(), StandardCharsets.UTF_8));
                i++;
            }
        }
        assertEquals(treeValues.size(), i);
    }
}
