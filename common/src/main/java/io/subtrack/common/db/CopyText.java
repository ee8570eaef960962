package io.subtrack.common.db;

import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Rows in PostgreSQL's COPY text format, built in memory and sent in one COPY: columns separated
 * by tabs, rows ended by newlines, {@code \N} for NULL, and a backslash before each backslash, tab,
 * newline and carriage return inside a value. Values are written as PostgreSQL's own text input
 * (ISO dates, {@code t}/{@code f}, plain decimals), so the server converts and checks them as it
 * would a bound parameter: a value a column cannot hold fails the COPY with SQLSTATE class 22.
 * One instance per table and batch; it grows as rows are added.
 */
public final class CopyText implements BulkRows {
    /**
     * The UTF-8 bytes, encoded here char by char: an OutputStreamWriter written one char at a time
     * (what this class did first) was 60 % of consumer-raw's main thread (docs/benchmarks.md, "dev-db").
     */
    private byte[] buf = new byte[1 << 16];
    private int len;
    private boolean rowStarted;
    private int rows;

    @Override
    public CopyText text(String value) {
        separator();
        if (value == null) {
            nullValue();
            return this;
        }
        int n = value.length();
        ensure(3 * n); // at most 3 bytes per char: an escape is 2, a surrogate pair 4 for 2 chars
        byte[] b = buf;
        int at = len;
        for (int i = 0; i < n; i++) {
            char ch = value.charAt(i);
            if (ch < 0x80) {
                switch (ch) {
                    case '\\' -> { b[at++] = '\\'; b[at++] = '\\'; }
                    case '\t' -> { b[at++] = '\\'; b[at++] = 't'; }
                    case '\n' -> { b[at++] = '\\'; b[at++] = 'n'; }
                    case '\r' -> { b[at++] = '\\'; b[at++] = 'r'; }
                    default -> b[at++] = (byte) ch;
                }
            } else if (ch < 0x800) {
                b[at++] = (byte) (0xC0 | (ch >> 6));
                b[at++] = (byte) (0x80 | (ch & 0x3F));
            } else if (Character.isSurrogate(ch)) {
                if (Character.isHighSurrogate(ch) && i + 1 < n && Character.isLowSurrogate(value.charAt(i + 1))) {
                    int cp = Character.toCodePoint(ch, value.charAt(++i));
                    b[at++] = (byte) (0xF0 | (cp >> 18));
                    b[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                    b[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                    b[at++] = (byte) (0x80 | (cp & 0x3F));
                } else {
                    b[at++] = '?'; // a lone surrogate: what Java's UTF-8 encoder writes for it
                }
            } else {
                b[at++] = (byte) (0xE0 | (ch >> 12));
                b[at++] = (byte) (0x80 | ((ch >> 6) & 0x3F));
                b[at++] = (byte) (0x80 | (ch & 0x3F));
            }
        }
        len = at;
        return this;
    }

    /** A bytea value in hex form ({@code \x...}, its backslash escaped for COPY). */
    @Override
    public CopyText bytes(byte[] value) {
        separator();
        if (value == null) {
            nullValue();
            return this;
        }
        ensure(3 + 2 * value.length);
        byte[] b = buf;
        int at = len;
        b[at++] = '\\';
        b[at++] = '\\';
        b[at++] = 'x';
        for (byte v : value) {
            b[at++] = HEX[(v >> 4) & 0xF];
            b[at++] = HEX[v & 0xF];
        }
        len = at;
        return this;
    }

    @Override
    public CopyText number(long value) {
        return text(Long.toString(value));
    }

    @Override
    public void endRow() {
        ensure(1);
        buf[len++] = '\n';
        rowStarted = false;
        rows++;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public void clear() {
        len = 0;
        rowStarted = false;
        rows = 0;
    }

    /** The COPY text so far (tests). */
    byte[] toBytes() {
        return java.util.Arrays.copyOf(buf, len);
    }

    /** Sends the rows with {@code copyStatement} (from {@link PostgresDialect#buildCopyStatement}); returns the rows the server stored. */
    @Override
    public long copyInto(Connection c, String copyStatement) throws SQLException {
        CopyIn copy = c.unwrap(PGConnection.class).getCopyAPI().copyIn(copyStatement);
        try {
            if (len > 0) copy.writeToCopy(buf, 0, len);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) copy.cancelCopy();
        }
    }

    private void nullValue() {
        ensure(2);
        buf[len++] = '\\';
        buf[len++] = 'N';
    }

    private void separator() {
        if (rowStarted) {
            ensure(1);
            buf[len++] = '\t';
        }
        rowStarted = true;
    }

    private void ensure(int more) {
        if (len + more > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }

    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
}
