package io.subtrack.common.truth;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A minimal UTF-8 JSON writer for flat records: strings, whole numbers, numbers given as text,
 * booleans and null, with the caller writing the punctuation. The generator's raw file and the
 * ground truth need no more, and Jackson's generator cost the generator about 400 loaded classes at
 * start-up and a context check per token. (It sits here, not in common/json, because the
 * ground-truth writer is the one user outside the generator.)
 * Strings are escaped as Jackson escapes them by default (quote, backslash, control characters:
 * {@code \b \t \n \f \r} short, the others as &#92;u00XX; surrogates as &#92;uXXXX each), so the bytes are the ones Jackson wrote.
 */
public final class Utf8JsonWriter implements Closeable {
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};
    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    /** The most bytes one UTF-16 char can become: a control character as &#92;u00XX. */
    private static final int MAX_BYTES_PER_CHAR = 6;

    private final OutputStream out;
    private final byte[] buf;
    private int pos;

    /** Writes to {@code out}, which it closes on {@link #close()}. */
    public Utf8JsonWriter(OutputStream out, int bufferSize) {
        this.out = out;
        // A number or an escape must fit whole.
        this.buf = new byte[Math.max(64, bufferSize)];
    }

    public void raw(char ascii) throws IOException {
        if (pos == buf.length) drain();
        buf[pos++] = (byte) ascii;
    }

    public void raw(byte[] bytes) throws IOException {
        if (bytes.length > buf.length - pos) {
            drain();
            if (bytes.length > buf.length) {
                out.write(bytes);
                return;
            }
        }
        System.arraycopy(bytes, 0, buf, pos, bytes.length);
        pos += bytes.length;
    }

    /** A JSON string, or null for a null reference. */
    public void string(String s) throws IOException {
        if (s == null) {
            raw(NULL);
            return;
        }
        int len = s.length();
        long worst = (long) len * MAX_BYTES_PER_CHAR + 2;
        if (worst > buf.length - pos) {
            drain();
            if (worst > buf.length) {
                raw(quoted(s));
                return;
            }
        }
        byte[] b = buf;
        int p = pos;
        b[p++] = '"';
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                if (c >= 0x20 && c != '"' && c != '\\') {
                    b[p++] = (byte) c;
                } else {
                    p = escape(b, p, c);
                }
            } else if (c < 0x800) {
                b[p++] = (byte) (0xC0 | (c >> 6));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else if (!Character.isSurrogate(c)) {
                b[p++] = (byte) (0xE0 | (c >> 12));
                b[p++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                b[p++] = (byte) (0x80 | (c & 0x3F));
            } else {
                // Jackson (without COMBINE_UNICODE_SURROGATES_IN_UTF8) escapes each surrogate on its own.
                p = hexEscape(b, p, c);
            }
        }
        b[p++] = '"';
        pos = p;
    }

    private static int escape(byte[] b, int p, char c) {
        b[p++] = '\\';
        switch (c) {
            case '"' -> b[p++] = '"';
            case '\\' -> b[p++] = '\\';
            case '\b' -> b[p++] = 'b';
            case '\t' -> b[p++] = 't';
            case '\n' -> b[p++] = 'n';
            case '\f' -> b[p++] = 'f';
            case '\r' -> b[p++] = 'r';
            default -> {
                return hexEscape(b, p - 1, c);
            }
        }
        return p;
    }

    private static int hexEscape(byte[] b, int p, char c) {
        b[p++] = '\\';
        b[p++] = 'u';
        b[p++] = HEX[c >> 12];
        b[p++] = HEX[(c >> 8) & 0xF];
        b[p++] = HEX[(c >> 4) & 0xF];
        b[p++] = HEX[c & 0xF];
        return p;
    }

    /** The quoted, escaped UTF-8 bytes of {@code s}, for values written many times (see {@link EncodedString}). */
    public static byte[] quoted(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Utf8JsonWriter w = new Utf8JsonWriter(bytes, s.length() * MAX_BYTES_PER_CHAR + 2);
        try {
            w.string(s);
            w.drain();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array stream does not fail
        }
        return bytes.toByteArray();
    }

    public void number(long v) throws IOException {
        if (20 > buf.length - pos) drain();
        if (v == Long.MIN_VALUE) {
            text(Long.toString(v));
            return;
        }
        byte[] b = buf;
        if (v < 0) {
            b[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long t = v; t >= 10; t /= 10) digits++;
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            b[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        pos = end;
    }

    /** A number (or any other token) written verbatim; ASCII only. */
    public void text(String ascii) throws IOException {
        int len = ascii.length();
        if (len > buf.length - pos) {
            drain();
            if (len > buf.length) {
                out.write(ascii.getBytes(StandardCharsets.US_ASCII));
                return;
            }
        }
        for (int i = 0; i < len; i++) buf[pos++] = (byte) ascii.charAt(i);
    }

    /**
     * A scalar value, its JSON type kept: null, {@link String}, {@link EncodedString}, {@link Long},
     * {@link Integer}, {@link ExactNumber} or {@link Boolean}.
     */
    public void value(Object value) throws IOException {
        if (value == null) nul();
        else if (value instanceof String s) string(s);
        else if (value instanceof EncodedString s) raw(s.quoted());
        else if (value instanceof Long l) number(l);
        else if (value instanceof Integer i) number(i);
        else if (value instanceof ExactNumber n) text(n.text());
        else if (value instanceof Boolean b) bool(b);
        else throw new IllegalArgumentException("no JSON form for " + value.getClass().getName());
    }

    public void bool(boolean v) throws IOException {
        raw(v ? TRUE : FALSE);
    }

    public void nul() throws IOException {
        raw(NULL);
    }

    private void drain() throws IOException {
        if (pos > 0) {
            out.write(buf, 0, pos);
            pos = 0;
        }
    }

    public void flush() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            out.close();
        }
    }
}
