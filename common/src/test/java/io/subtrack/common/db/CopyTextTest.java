package io.subtrack.common.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CopyText encodes UTF-8 itself; it must write exactly what escaping through a UTF-8 Writer writes. */
class CopyTextTest {
    private static final List<String> VALUES = Arrays.asList("plain", "", null, "tab\there", "line\nbreak\r\n",
        "back\\slash \\N", "caf\u00e9 \u20ac 12,50", "\u00c0\u00ff\u0100\u07ff\u0800\uffff", "emoji \ud83d\ude00 end",
        "lone \ud83d high", "lone \ude00 low", "\ud83d", "x".repeat(5000), "\u00e9".repeat(3000));

    @Test
    void writesWhatAUtf8WriterWithCopyEscapesWrites() throws Exception {
        CopyText text = new CopyText();
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        Writer w = new OutputStreamWriter(expected, StandardCharsets.UTF_8);
        for (int row = 0; row < 3; row++) {
            for (int i = 0; i < VALUES.size(); i++) {
                String v = VALUES.get(i);
                if (i > 0) w.write('\t');
                if (v == null) {
                    w.write("\\N");
                } else {
                    for (char ch : v.toCharArray()) {
                        switch (ch) {
                            case '\\' -> w.write("\\\\");
                            case '\t' -> w.write("\\t");
                            case '\n' -> w.write("\\n");
                            case '\r' -> w.write("\\r");
                            default -> w.write(ch);
                        }
                    }
                }
                text.text(v);
            }
            w.write("\t\\\\x00ff10\t\\N\t-42\n");
            text.bytes(new byte[] {0, (byte) 0xff, 0x10}).bytes(null).number(-42).endRow();
        }
        w.flush();
        assertArrayEquals(expected.toByteArray(), text.toBytes());
        assertEquals(3, text.rows());
        text.clear();
        assertEquals(0, text.toBytes().length);
        assertEquals(0, text.rows());
    }
}
