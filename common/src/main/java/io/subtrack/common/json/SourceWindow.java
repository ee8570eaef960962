package io.subtrack.common.json;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The input stream the reader's parser reads from, keeping every byte from a mark on, so the exact
 * source bytes of the record just parsed can be copied out after the parser has passed them.
 * The producers send a record as the file has it instead of decoding and re-encoding every string
 * (a profile had that at half of producer-raw's main thread).
 */
public final class SourceWindow extends InputStream {
    private final InputStream in;
    private byte[] buf = new byte[1 << 20];
    private long bufStart;   // file offset of buf[0]
    private int filled;      // bytes valid in buf
    private int pos;         // next byte to hand to the parser
    private long mark;       // nothing from here on may be dropped

    SourceWindow(InputStream in) {
        this.in = in;
    }

    /** Bytes before {@code offset} may be dropped; the next record starts there or later. */
    void mark(long offset) {
        mark = offset;
    }

    @Override
    public int read() throws IOException {
        if (pos == filled && !refill()) return -1;
        return buf[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (pos == filled && !refill()) return -1;
        int n = Math.min(len, filled - pos);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        return n;
    }

    private boolean refill() throws IOException {
        int keepFrom = (int) Math.max(0, Math.min(mark - bufStart, filled));
        if (keepFrom > 0) {
            System.arraycopy(buf, keepFrom, buf, 0, filled - keepFrom);
            filled -= keepFrom;
            pos -= keepFrom;
            bufStart += keepFrom;
        }
        if (filled == buf.length) buf = Arrays.copyOf(buf, buf.length * 2); // one record larger than the window
        int n = in.read(buf, filled, buf.length - filled);
        if (n <= 0) return false;
        filled += n;
        return true;
    }

    /**
     * Appends the source bytes {@code [from, to)} to {@code out} without the whitespace between
     * tokens: a JSON value with the file's own tokens (numbers and escapes exactly as written).
     */
    public void copyCompact(long from, long to, ByteSink out) {
        if (from < bufStart || to > bufStart + filled) {
            throw new IllegalStateException("bytes " + from + ".." + to + " are no longer in the window");
        }
        int end = (int) (to - bufStart);
        byte[] dst = out.ensure((int) (to - from));
        int o = out.size();
        boolean inString = false;
        boolean escaped = false;
        for (int i = (int) (from - bufStart); i < end; i++) {
            byte b = buf[i];
            if (inString) {
                dst[o++] = b;
                if (escaped) escaped = false;
                else if (b == '\\') escaped = true;
                else if (b == '"') inString = false;
            } else if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                dst[o++] = b;
                if (b == '"') inString = true;
            }
        }
        out.size(o);
    }

    /** The window's size: stays at 1 MB unless one record is larger (flat memory, tested). */
    int capacity() {
        return buf.length;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** A reusable growable byte buffer. */
    public static final class ByteSink {
        private byte[] bytes = new byte[1024];
        private int size;

        /** Makes room for {@code more} bytes and returns the array to write them into, at {@link #size()}. */
        byte[] ensure(int more) {
            if (size + more > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            return bytes;
        }

        public void write(byte[] b) {
            System.arraycopy(b, 0, ensure(b.length), size, b.length);
            size += b.length;
        }

        public void write(byte b) {
            ensure(1)[size++] = b;
        }

        int size() { return size; }
        void size(int size) { this.size = size; }
        public void reset() { size = 0; }
        public byte[] toByteArray() { return Arrays.copyOf(bytes, size); }
    }
}
