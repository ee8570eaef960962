package io.subtrack.common.truth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.subtrack.common.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hand-written writer must give the bytes Jackson gave before it, so the generator's files did not change. */
class Utf8JsonWriterTest {
    private static final List<String> STRINGS = List.of("", "plain", "quote \" and backslash \\", "tab\tnew\nline\rcr",
        "bell \u0007 nul \u0000 unit \u001f del \u007f", "\b\f", "é è Ç Œ œ", "54.25 €", "line sep \u2028", "emoji \uD83D\uDE00 ok",
        "/slash/", "unpaired \uD83D end", "unpaired \uDE00", "x".repeat(20_000), "é".repeat(12_000));

    private static byte[] written(int bufferSize, WriterAction action) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Utf8JsonWriter w = new Utf8JsonWriter(bytes, bufferSize)) {
            action.run(w);
        }
        return bytes.toByteArray();
    }

    private interface WriterAction {
        void run(Utf8JsonWriter w) throws IOException;
    }

    @Test
    void stringsAreEscapedAndEncodedAsJacksonDoes() throws IOException {
        for (String s : STRINGS) {
            byte[] jackson = Json.MAPPER.writeValueAsBytes(s);
            for (int size : new int[] {64, 1 << 16}) {
                assertArrayEquals(jackson, written(size, w -> w.string(s)), "buffer " + size + ": " + s.substring(0, Math.min(40, s.length())));
            }
            assertArrayEquals(jackson, new EncodedString(s).quoted());
        }
    }

    @Test
    void numbersBooleansAndNullAsJacksonWritesThem() throws IOException {
        for (long v : new long[] {0, 7, -5, 10, 99, 100, 1_234_567_890_123L, Long.MAX_VALUE, Long.MIN_VALUE}) {
            assertArrayEquals(Json.MAPPER.writeValueAsBytes(v), written(8, w -> w.number(v)), Long.toString(v));
        }
        assertEquals("true,false,null,null,-86.48", new String(written(4, w -> {
            w.bool(true);
            w.raw(',');
            w.bool(false);
            w.raw(',');
            w.nul();
            w.raw(',');
            w.string(null);
            w.raw(',');
            w.text("-86.48");
        }), StandardCharsets.US_ASCII));
    }

    @Test
    void aValueKeepsItsJsonType() throws IOException {
        assertEquals("null,\"1\",1,7,-5.00,true,\"ADMIN\"", new String(written(64, w -> {
            Object[] values = {null, "1", 1L, 7, new ExactNumber("-5.00"), Boolean.TRUE, new EncodedString("ADMIN")};
            for (int i = 0; i < values.length; i++) {
                if (i > 0) w.raw(',');
                w.value(values[i]);
            }
        }), StandardCharsets.US_ASCII));
        assertThrows(IllegalArgumentException.class, () -> written(64, w -> w.value(86.48)), "a double has no exact form");
    }
}
