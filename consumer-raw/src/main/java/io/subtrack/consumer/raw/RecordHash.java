package io.subtrack.consumer.raw;

import io.subtrack.common.schema.RawTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 of a raw record as stored (32 bytes, the BINARY(32) record_hash): its table and every
 * field's UTF-8 text, null distinct from "". The bytes are gathered in one reused buffer and
 * digested in one call: a String.getBytes and a digest update per field were a tenth of the stage's
 * allocation (docs/benchmarks.md, "GC and fetch sizes").
 */
final class RecordHash {
    private static final ThreadLocal<RecordHash> PER_THREAD = ThreadLocal.withInitial(RecordHash::new);

    private final MessageDigest sha256;
    private byte[] buf = new byte[4096];

    private RecordHash() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] of(RawTable table, String[] values) {
        return of(table, values, null);
    }

    /**
     * With the extract the record came in: a record every snapshot holds unchanged is stored once per extract, so
     * an extract's rows are the whole extract; the same file published twice is the same extract, stored once.
     * Without an extract, the framing of records loaded before extracts existed.
     */
    static byte[] of(RawTable table, String[] values, String extractId) {
        return PER_THREAD.get().digest(table, values, extractId);
    }

    private byte[] digest(RawTable table, String[] values, String extractId) {
        byte[] name = table.tableName().getBytes(StandardCharsets.UTF_8);
        int at = put(0, name);
        for (String v : values) {
            if (v == null) {
                at = ensure(at, 1);
                buf[at++] = 0;
            } else {
                at = ensure(at, 2 + 3 * v.length());
                buf[at++] = 1;
                at = utf8(v, at);
                buf[at++] = 0x1f;
            }
        }
        if (extractId != null) {
            at = ensure(at, 2 + 3 * extractId.length());
            buf[at++] = 2;
            at = utf8(extractId, at);
        }
        sha256.reset();
        sha256.update(buf, 0, at);
        return sha256.digest();
    }

    private int put(int at, byte[] bytes) {
        at = ensure(at, bytes.length);
        System.arraycopy(bytes, 0, buf, at, bytes.length);
        return at + bytes.length;
    }

    private int ensure(int at, int more) {
        if (at + more > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(2 * buf.length, at + more));
        return at;
    }

    /** Writes {@code s} as UTF-8 at {@code at} (room for 3 bytes per char is ensured); what String.getBytes(UTF_8) gives. */
    private int utf8(String s, int at) {
        byte[] b = buf;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char ch = s.charAt(i);
            if (ch < 0x80) {
                b[at++] = (byte) ch;
            } else if (ch < 0x800) {
                b[at++] = (byte) (0xC0 | (ch >> 6));
                b[at++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(ch, s.charAt(++i));
                    b[at++] = (byte) (0xF0 | (cp >> 18));
                    b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[at++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    b[at++] = '?'; // a lone surrogate: what String.getBytes(UTF_8) writes for it
                }
            } else {
                b[at++] = (byte) (0xE0 | (ch >> 12));
                b[at++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        return at;
    }
}
