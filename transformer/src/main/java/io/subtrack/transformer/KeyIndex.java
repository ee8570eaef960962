package io.subtrack.transformer;

import java.util.HashMap;
import java.util.Map;

/**
 * A map from natural key to (extraction time, row id) in compact memory. Keys made of ids like
 * USR00001 or NOT000123 (three capitals and up to 12 digits, one or two parts) are encoded exactly
 * into two longs and kept in open-addressing arrays (about 50 bytes a key instead of about 200);
 * any other key falls back to a HashMap. Used both for deduplication (latest extraction wins, then
 * the latest row) and as the set of accepted parent keys for referential checks.
 */
public final class KeyIndex {
    private long[] k1;
    private long[] k2;
    private long[] epochs;
    private long[] rowIds;
    private int size;
    private final Map<String, long[]> fallback = new HashMap<>();

    public KeyIndex() {
        allocate(1024);
    }

    private void allocate(int capacity) {
        k1 = new long[capacity];
        k2 = new long[capacity];
        epochs = new long[capacity];
        rowIds = new long[capacity];
    }

    public int size() {
        return size + fallback.size();
    }

    /** Offers a candidate; it becomes the key's winner if its extraction time is later, or equal with a later row. */
    public void offer(String key, long epoch, long rowId) {
        long[] enc = encode(key);
        if (enc == null) {
            long[] cur = fallback.get(key);
            if (cur == null || beats(epoch, rowId, cur[0], cur[1])) fallback.put(key, new long[] {epoch, rowId});
            return;
        }
        int slot = find(enc[0], enc[1]);
        if (k1[slot] == 0) {
            k1[slot] = enc[0];
            k2[slot] = enc[1];
            epochs[slot] = epoch;
            rowIds[slot] = rowId;
            if (++size * 10L > k1.length * 6L) grow();
        } else if (beats(epoch, rowId, epochs[slot], rowIds[slot])) {
            epochs[slot] = epoch;
            rowIds[slot] = rowId;
        }
    }

    /** Adds a key as a member (for accepted-key sets). */
    public void add(String key) {
        offer(key, 0, 0);
    }

    private static boolean beats(long epoch, long rowId, long curEpoch, long curRow) {
        return epoch > curEpoch || (epoch == curEpoch && rowId > curRow);
    }

    /** The row id of the key's winner, or -1 when the key is unknown. */
    public long winnerRowId(String key) {
        long[] enc = encode(key);
        if (enc == null) {
            long[] cur = fallback.get(key);
            return cur == null ? -1 : cur[1];
        }
        int slot = find(enc[0], enc[1]);
        return k1[slot] == 0 ? -1 : rowIds[slot];
    }

    public boolean contains(String key) {
        if (key == null) return false;
        long[] enc = encode(key);
        if (enc == null) return fallback.containsKey(key);
        return k1[find(enc[0], enc[1])] != 0;
    }

    private int find(long a, long b) {
        int mask = k1.length - 1;
        // murmur3's 64-bit finaliser: ids differ only in their low digits, so mix every bit
        long h = a ^ Long.rotateLeft(b, 31);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        int i = (int) h & mask;
        while (k1[i] != 0 && (k1[i] != a || k2[i] != b)) i = (i + 1) & mask;
        return i;
    }

    private void grow() {
        long[] o1 = k1, o2 = k2, oe = epochs, or = rowIds;
        allocate(o1.length * 2);
        for (int i = 0; i < o1.length; i++) {
            if (o1[i] != 0) {
                int slot = find(o1[i], o2[i]);
                k1[slot] = o1[i];
                k2[slot] = o2[i];
                epochs[slot] = oe[i];
                rowIds[slot] = or[i];
            }
        }
    }

    /** Exact encoding of "ABC0123" or "ABC01|DEF002"; null when the key has another shape. */
    static long[] encode(String key) {
        int bar = key.indexOf('|');
        if (bar < 0) {
            long a = encodeId(key, 0, key.length());
            return a == 0 ? null : new long[] {a, 0};
        }
        if (key.indexOf('|', bar + 1) >= 0) return null;
        long a = encodeId(key, 0, bar);
        long b = encodeId(key, bar + 1, key.length());
        return a == 0 || b == 0 ? null : new long[] {a, b};
    }

    /** 3 letters x 5 bits, digit count 4 bits, value below 10^12 (40 bits): never 0 for a valid id. */
    private static long encodeId(String s, int from, int to) {
        int n = to - from - 3;
        if (n < 1 || n > 12) return 0;
        long v = 0;
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < 'A' || c > 'Z') return 0;
            v = (v << 5) | (c - 'A' + 1);
        }
        long num = 0;
        for (int i = from + 3; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return 0;
            num = num * 10 + (c - '0');
        }
        return (((v << 4) | n) << 40) | num;
    }
}
