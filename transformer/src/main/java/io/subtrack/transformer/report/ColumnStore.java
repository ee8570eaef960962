package io.subtrack.transformer.report;

import io.subtrack.common.cli.StageFailure;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compact columns for the ground-truth entries (a million of them at a million records): paged arrays and strings. */
final class ColumnStore {
    private ColumnStore() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Distinct strings numbered in order of first appearance. */
    static final class Dictionary {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> names = new ArrayList<>();

        int id(String s) {
            Integer id = ids.get(s);
            if (id == null) {
                id = names.size();
                ids.put(s, id);
                names.add(s);
            }
            return id;
        }

        int find(String s) {
            Integer id = ids.get(s);
            return id == null ? -1 : id;
        }

        String name(int id) {
            return names.get(id);
        }

        int size() {
            return names.size();
        }
    }

    /** An int column in pages: growing never copies, nor holds two copies of, what is already there. */
    static final class Ints {
        private int[][] pages = new int[16][];

        int get(int i) {
            return pages[i >>> 16][i & 0xFFFF];
        }

        void set(int i, int v) {
            int p = i >>> 16;
            if (p >= pages.length) pages = Arrays.copyOf(pages, p * 2);
            if (pages[p] == null) pages[p] = new int[1 << 16];
            pages[p][i & 0xFFFF] = v;
        }
    }

    /** A byte column in pages. */
    static final class Bytes {
        private byte[][] pages = new byte[16][];

        byte get(int i) {
            return pages[i >>> 16][i & 0xFFFF];
        }

        void set(int i, byte v) {
            int p = i >>> 16;
            if (p >= pages.length) pages = Arrays.copyOf(pages, p * 2);
            if (pages[p] == null) pages[p] = new byte[1 << 16];
            pages[p][i & 0xFFFF] = v;
        }
    }

    /**
     * Strings as length-prefixed UTF-8 in pages of 1 MB (a string never spans two); a string is its
     * offset (page * 1 MB + position), 0 is null.
     */
    static final class StringPool {
        private static final int PAGE_BITS = 20, PAGE = 1 << PAGE_BITS;
        private byte[][] pages = {new byte[PAGE]};
        private int page, end = 1;
        /** The page of the string last located by {@link #start}. */
        byte[] bytes;

        int add(String s) {
            if (s == null) return 0;
            byte[] b = utf8(s);
            if (b.length + 5 > PAGE) throw new StageFailure("a ground-truth value is longer than " + (PAGE - 5) + " bytes");
            if (end + b.length + 5 > PAGE) {
                page++;
                if (page == pages.length) pages = Arrays.copyOf(pages, page * 2);
                pages[page] = new byte[PAGE];
                end = 0;
            }
            byte[] to = pages[page];
            int off = (page << PAGE_BITS) | end;
            int n = b.length;
            while (n >= 0x80) {
                to[end++] = (byte) (n | 0x80);
                n >>>= 7;
            }
            to[end++] = (byte) n;
            System.arraycopy(b, 0, to, end, b.length);
            end += b.length;
            return off;
        }

        /** Start of the string's bytes in {@link #bytes}; its length in {@code len[0]}. */
        int start(int off, int[] len) {
            bytes = pages[off >>> PAGE_BITS];
            int n = 0, shift = 0, p = off & (PAGE - 1);
            while (true) {
                int b = bytes[p++];
                n |= (b & 0x7f) << shift;
                if ((b & 0x80) == 0) break;
                shift += 7;
            }
            len[0] = n;
            return p;
        }

        final int[] len = new int[1];

        String get(int off) {
            if (off == 0) return null;
            int p = start(off, len);
            return new String(bytes, p, len[0], StandardCharsets.UTF_8);
        }

        boolean equals(int off, byte[] b) {
            if (off == 0) return false;
            int p = start(off, len);
            return len[0] == b.length && Arrays.equals(bytes, p, p + b.length, b, 0, b.length);
        }

        int hash(int table, int off) {
            int p = start(off, len);
            return hash(table, bytes, p, len[0]);
        }

        static int hash(int table, byte[] b, int from, int n) {
            int h = table;
            for (int i = from; i < from + n; i++) h = 31 * h + b[i];
            // murmur3's finaliser: ids of one table hash to runs of neighbours, which would cluster a linear probe
            h ^= h >>> 16;
            h *= 0x85ebca6b;
            h ^= h >>> 13;
            h *= 0xc2b2ae35;
            return h ^ (h >>> 16);
        }
    }
}
