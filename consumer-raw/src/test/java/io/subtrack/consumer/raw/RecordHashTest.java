package io.subtrack.consumer.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.subtrack.common.schema.RawTable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The stored record hash is the SHA-256 of the table name and each field framed as documented (records stored by earlier runs keep matching). */
class RecordHashTest {
    /** The framing spelt out with the JDK's own encoder: name, then per field 0 for null or 1, UTF-8 text, 0x1f. */
    private static byte[] expected(RawTable table, String[] values) throws Exception {
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        framed.write(table.tableName().getBytes(StandardCharsets.UTF_8));
        for (String v : values) {
            if (v == null) {
                framed.write(0);
            } else {
                framed.write(1);
                framed.write(v.getBytes(StandardCharsets.UTF_8));
                framed.write(0x1f);
            }
        }
        return MessageDigest.getInstance("SHA-256").digest(framed.toByteArray());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "USR00042", "Hélène Dupré", "東京都", "emoji 😀 end", "lone \ud800 high", "lone \udc00 low", "tab\tand\nnewline"})
    void matchesTheFramingForEveryKindOfText(String text) throws Exception {
        String[] values = {"17", text, null, text + text};
        assertArrayEquals(expected(RawTable.USER, values), RecordHash.of(RawTable.USER, values));
    }

    @Test
    void growsPastItsBufferForLongValues() throws Exception {
        char[] chars = new char[3000];
        Arrays.fill(chars, 'é'); // 2 bytes each: 6,000 bytes, past the first buffer
        String[] values = {"1", new String(chars), new String(chars)};
        assertArrayEquals(expected(RawTable.ADMIN, values), RecordHash.of(RawTable.ADMIN, values));
    }

    @Test
    void nullAndEmptyDiffer() {
        assertFalse(Arrays.equals(RecordHash.of(RawTable.ADMIN, new String[] {"1", null}),
            RecordHash.of(RawTable.ADMIN, new String[] {"1", ""})));
    }
}
