package io.subtrack.transformer.source;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The spill file format of {@link FileRawSource}: big-endian ints and longs and length-prefixed
 * UTF-8 strings (-1 for null), through plain byte-array buffers. (DataOutputStream over a
 * BufferedOutputStream makes one synchronized call per byte of an int, which dominated the profile.)
 */
final class Spill {
    private Spill() {}

    static final class Writer implements Closeable {
        private final OutputStream out;
        private byte[] buf = new byte[1 << 16];
        private int pos;

        Writer(Path path) throws IOException {
            this.out = Files.newOutputStream(path);
        }

        private void ensure(int n) throws IOException {
            if (pos + n <= buf.length) return;
            flushBuffer();
            if (n > buf.length) buf = new byte[Math.max(n, buf.length * 2)];
        }

        private void flushBuffer() throws IOException {
            out.write(buf, 0, pos);
            pos = 0;
        }

        void writeInt(int v) throws IOException {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }

        void writeLong(long v) throws IOException {
            writeInt((int) (v >>> 32));
            writeInt((int) v);
        }

        void writeString(String s) throws IOException {
            if (s == null) {
                writeInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            writeBytes(b, b.length);
        }

        /** Length-prefixed bytes. */
        void writeBytes(byte[] b, int length) throws IOException {
            writeInt(length);
            ensure(length);
            System.arraycopy(b, 0, buf, pos, length);
            pos += length;
        }

        @Override
        public void close() throws IOException {
            try {
                flushBuffer();
            } finally {
                out.close();
            }
        }
    }

    /** Builds one record's payload in memory, so its length can precede it. */
    static final class Payload {
        byte[] buf = new byte[1024];
        int pos;

        void reset() {
            pos = 0;
        }

        private void ensure(int n) {
            if (pos + n > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(pos + n, buf.length * 2));
        }

        void writeString(String s) {
            if (s == null) {
                writeInt(-1);
                return;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            writeInt(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        private void writeInt(int v) {
            ensure(4);
            buf[pos++] = (byte) (v >>> 24);
            buf[pos++] = (byte) (v >>> 16);
            buf[pos++] = (byte) (v >>> 8);
            buf[pos++] = (byte) v;
        }
    }

    static final class Reader implements Closeable {
        private final InputStream in;
        private byte[] buf = new byte[1 << 16];
        private int pos;
        private int limit;

        Reader(Path path) throws IOException {
            this.in = Files.newInputStream(path);
        }

        /** True when at least one more byte is available; false at the end of the file. */
        boolean hasMore() throws IOException {
            return pos < limit || fill(1);
        }

        private boolean fill(int n) throws IOException {
            if (limit - pos >= n) return true;
            if (n > buf.length) {
                byte[] bigger = new byte[Math.max(n, buf.length * 2)];
                System.arraycopy(buf, pos, bigger, 0, limit - pos);
                limit -= pos;
                pos = 0;
                buf = bigger;
            } else if (pos > 0) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            while (limit < n) {
                int r = in.read(buf, limit, buf.length - limit);
                if (r < 0) return false;
                limit += r;
            }
            return true;
        }

        private void need(int n) throws IOException {
            if (!fill(n)) throw new EOFException("truncated spill file");
        }

        int readInt() throws IOException {
            need(4);
            int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
            pos += 4;
            return v;
        }

        long readLong() throws IOException {
            return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
        }

        String readString() throws IOException {
            int n = readInt();
            if (n < 0) return null;
            need(n);
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        void skipString() throws IOException {
            int n = readInt();
            if (n > 0) skip(n);
        }

        void skip(int n) throws IOException {
            int inBuffer = Math.min(n, limit - pos);
            pos += inBuffer;
            n -= inBuffer;
            while (n > 0) {
                long s = in.skip(n);
                if (s <= 0) {
                    need(1);
                    pos++;
                    s = 1;
                }
                n -= (int) s;
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
