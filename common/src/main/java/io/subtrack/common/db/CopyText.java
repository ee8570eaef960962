package io.subtrack.common.db;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Rows in PostgreSQL's COPY text format, built in memory and sent in one COPY: columns separated
 * by tabs, rows ended by newlines, {@code \N} for NULL, and a backslash before each backslash, tab,
 * newline and carriage return inside a value. Values are written as PostgreSQL's own text input
 * (ISO dates, {@code t}/{@code f}, plain decimals), so the server converts and checks them as it
 * would a bound parameter: a value a column cannot hold fails the COPY with SQLSTATE class 22.
 * One instance per table and batch; it grows as rows are added.
 */
public final class CopyText {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
    private final Writer out = new OutputStreamWriter(bytes, StandardCharsets.UTF_8);
    private boolean rowStarted;
    private int rows;

    public CopyText text(String value) {
        separator();
        try {
            if (value == null) {
                out.write("\\N");
                return this;
            }
            int n = value.length();
            for (int i = 0; i < n; i++) {
                char ch = value.charAt(i);
                switch (ch) {
                    case '\\' -> out.write("\\\\");
                    case '\t' -> out.write("\\t");
                    case '\n' -> out.write("\\n");
                    case '\r' -> out.write("\\r");
                    default -> out.write(ch);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** A bytea value in hex form ({@code \x...}, its backslash escaped for COPY). */
    public CopyText bytes(byte[] value) {
        separator();
        try {
            if (value == null) {
                out.write("\\N");
                return this;
            }
            out.write("\\\\x");
            for (byte b : value) {
                out.write(HEX[(b >> 4) & 0xF]);
                out.write(HEX[b & 0xF]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public CopyText number(long value) {
        return text(Long.toString(value));
    }

    public void endRow() {
        try {
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rowStarted = false;
        rows++;
    }

    public int rows() {
        return rows;
    }

    public void clear() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        bytes.reset();
        rowStarted = false;
        rows = 0;
    }

    /** Sends the rows with {@code copyStatement} (from {@link PostgresDialect#buildCopyStatement}); returns the rows the server stored. */
    public long copyInto(Connection c, String copyStatement) throws SQLException {
        try {
            out.flush();
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            byte[] data = bytes.toByteArray();
            return copy.copyIn(copyStatement, new java.io.ByteArrayInputStream(data), data.length == 0 ? 1 : data.length);
        } catch (IOException e) {
            throw new SQLException("COPY failed while sending rows: " + e.getMessage(), "08006", e);
        }
    }

    private void separator() {
        try {
            if (rowStarted) out.write('\t');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        rowStarted = true;
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
