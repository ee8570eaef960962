package io.subtrack.common.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.json.TableFileReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The streaming encoder the producers use sends the same keys and the same JSON as the tree-based
 * Envelope.key/value: token for token, and byte for byte when the file is compact JSON as Jackson
 * writes it (the generator's and the transformer's files).
 */
class EnvelopeEncoderTest {
    @TempDir Path dir;

    private static final Map<String, List<String>> KEYS = Map.of("t", List.of("id"), "u", List.of("k1", "k2"));

    @Test
    void sameKeysAndSameJsonAsTheTreeEncodingOfAHandWrittenFile() throws Exception {
        String json = "{\"t\": [\n"
            + " {\"id\": \"A1\", \"amount\": 86.480, \"n\": 42, \"big\": 123456789012345678901234567890, \"e\": 1e5,"
            + "  \"neg\": -0.0, \"flag\": true, \"none\": null, \"text\": \"caf\\u00e9 \\\"q\\\" \\n \\\\\", \"nested\": {\"a\": [1, 2.50]}},\n"
            + " {\"amount\": 1.5E-3, \"id\": 7, \"spaces\" : \"  a  b  \"\t},\r\n"
            + " {\"id\": null},\n"
            + " {}\n"
            + "], \"u\": [{\"k1\": \"x\", \"k2\": 3.10, \"v\": \"y\"}, {\"k2\": \"b\"}]}";
        Path f = dir.resolve("f.json");
        Files.writeString(f, json, StandardCharsets.UTF_8);
        List<byte[]> treeKeys = new ArrayList<>();
        List<byte[]> treeValues = new ArrayList<>();
        readAsTrees(f, treeKeys, treeValues);
        List<byte[][]> encoded = encode(f);
        assertEquals(treeValues.size(), encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            assertEquals(new String(treeKeys.get(i), StandardCharsets.UTF_8), new String(encoded.get(i)[0], StandardCharsets.UTF_8));
            // read back and written again, numbers as plain decimals: what consumers store
            JsonNode actual = Json.MAPPER.readTree(encoded.get(i)[1]);
            assertEquals(new String(treeValues.get(i), StandardCharsets.UTF_8), Json.MAPPER.writeValueAsString(actual), "record " + i);
        }
        String first = new String(encoded.get(0)[1], StandardCharsets.UTF_8);
        assertTrue(first.startsWith("{\"table\":\"t\",\"record\":{\"id\":\"A1\",\"amount\":86.480,"), first);
        assertTrue(first.contains("\"text\":\"caf\\u00e9 \\\"q\\\" \\n \\\\\""), "strings exactly as the file writes them: " + first);
        assertTrue(new String(encoded.get(1)[1], StandardCharsets.UTF_8).contains("\"spaces\":\"  a  b  \"}"), "whitespace inside strings kept");
    }

    @Test
    void byteForByteTheTreeEncodingOfACompactFileLargerThanTheReadWindow() throws Exception {
        StringBuilder sb = new StringBuilder("{\"t\":[");
        for (int i = 0; i < 30_000; i++) { // ~2.5 MB: records cross the 1 MB window's refills
            if (i > 0) sb.append(',');
            sb.append("{\"id\":\"ID-").append(i).append("\",\"name\":\"Élodie Müller \\\"").append(i)
              .append("\\\"\",\"amount\":").append(i).append(".50,\"pad\":\"").append("x".repeat(i % 97)).append("\"}");
        }
        sb.append("],\"u\":[{\"k1\":\"a\",\"k2\":\"b\",\"big\":\"").append("y".repeat(3_000_000)).append("\"}]}");
        Path f = dir.resolve("compact.json");
        Files.writeString(f, sb, StandardCharsets.UTF_8);
        List<byte[]> treeKeys = new ArrayList<>();
        List<byte[]> treeValues = new ArrayList<>();
        readAsTrees(f, treeKeys, treeValues);
        List<byte[][]> encoded = encode(f);
        assertEquals(30_001, encoded.size());
        for (int i = 0; i < encoded.size(); i++) {
            assertArrayEquals(treeKeys.get(i), encoded.get(i)[0], "key of record " + i);
            assertArrayEquals(treeValues.get(i), encoded.get(i)[1], "value of record " + i);
        }
    }

    private static void readAsTrees(Path f, List<byte[]> keys, List<byte[]> values) throws Exception {
        try (TableFileReader r = new TableFileReader(f, KEYS::containsKey)) {
            for (TableFileReader.Entry e; (e = r.next()) != null; ) {
                keys.add(Envelope.key(e.table(), KEYS.get(e.table()), e.record()));
                values.add(Envelope.value(e.table(), e.record()));
            }
        }
    }

    private static List<byte[][]> encode(Path f) throws Exception {
        Envelope.Encoder enc = new Envelope.Encoder(KEYS::get);
        List<byte[][]> out = new ArrayList<>();
        try (TableFileReader r = new TableFileReader(f, KEYS::containsKey)) {
            while (r.nextRecord(enc)) out.add(new byte[][] {enc.key(), enc.value()});
        }
        return out;
    }
}
