package io.subtrack.transformer;

import java.util.Arrays;
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
    /**
     * Slots of {@code stride} longs: the encoded key (one long per key part) and, for a winner
     * index, the extraction epoch and row id packed in one more long (32 bits each).
     */
    private final int keyLongs;
    private final boolean winner;
    private final int stride;
    private long[] slots;
    private int capacity;
    private int size;
    private final Map<String, long[]> fallback = new HashMap<>();
    /** Fill limit 4/5: linear probing stays short with the murmur3 finaliser below, and a slot is 8-24 bytes. */
    private static final long LOAD_NUMERATOR = 4;
    private static final long LOAD_DENOMINATOR = 5;
    private static final int MAX_CAPACITY = (Integer.MAX_VALUE - 8) / 3;

    private KeyIndex(int keyParts, boolean winner, long expectedKeys) {
        this.keyLongs = keyParts == 2 ? 2 : 1;
        this.winner = winner;
        this.stride = keyLongs + (winner ? 1 : 0);
        // sized once, exactly, for the keys expected: growing holds the old and the new arrays at the same
        // time, and rounding up to a power of two made the largest table's index (2.3M keys at 10M raw
        // records) 100 MB instead of 68 (the transformer ran out of its 320 MB heap there once)
        long wanted = Math.max(1024, expectedKeys * LOAD_DENOMINATOR / LOAD_NUMERATOR + 1);
        allocate((int) Math.min(wanted, MAX_CAPACITY));
    }

    /** Natural key (of {@code keyParts} fields) to its winning record, for deduplication. */
    public static KeyIndex winners(int keyParts) {
        return new KeyIndex(keyParts, true, 0);
    }

    /** A winner index sized for about {@code expectedKeys} keys (at most; it grows when needed). */
    public static KeyIndex winners(int keyParts, long expectedKeys) {
        return new KeyIndex(keyParts, true, expectedKeys);
    }

    /** A set of single-field keys (accepted parents): eight bytes a slot. */
    public static KeyIndex set() {
        return new KeyIndex(1, false, 0);
    }

    private void allocate(int capacity) {
        this.capacity = capacity;
        slots = new long[capacity * stride];
    }

    public int size() {
        return size + fallback.size();
    }

    private static long pack(long epoch, long rowId) {
        return ((epoch + 1) << 32) | rowId;
    }

    /** The key encoded into {a, b}; a == 0 when it has another shape or another number of parts. */
    private long[] encodeKey(String key, long[] out) {
        long a = 0, b = 0;
        int bar = key.indexOf('|');
        if (keyLongs == 1) {
            if (bar < 0) a = encodeId(key, 0, key.length());
        } else if (bar >= 0 && key.indexOf('|', bar + 1) < 0) {
            a = encodeId(key, 0, bar);
            b = encodeId(key, bar + 1, key.length());
            if (b == 0) a = 0;
        }
        out[0] = a;
        out[1] = b;
        return out;
    }

    private final long[] scratch = new long[2];

    /** Offers a candidate; it becomes the key's winner if its extraction time is later, or equal with a later row. */
    public void offer(String key, long epoch, long rowId) {
        long[] enc = encodeKey(key, scratch);
        long a = enc[0], b = enc[1];
        // epoch + 1 and the row id must each fit 32 bits to be packed; anything else takes the exact slow path
        boolean packable = epoch >= -1 && epoch < 0xFFFFFFFEL && rowId >= 0 && rowId <= 0xFFFFFFFFL;
        if (a == 0 || (winner && !packable)) {
            long[] cur = fallback.get(key);
            if (cur == null || beats(epoch, rowId, cur[0], cur[1])) fallback.put(key, new long[] {epoch, rowId});
            return;
        }
        int s = find(a, b);
        if (slots[s] == 0) {
            slots[s] = a;
            if (keyLongs == 2) slots[s + 1] = b;
            if (winner) slots[s + keyLongs] = pack(epoch, rowId);
            if (++size * LOAD_DENOMINATOR > capacity * LOAD_NUMERATOR) grow();
        } else if (winner && pack(epoch, rowId) > slots[s + keyLongs]) {
            slots[s + keyLongs] = pack(epoch, rowId);
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
        long[] cur = fallback.isEmpty() ? null : fallback.get(key);
        int s = slotOf(key);
        long compact = s < 0 || slots[s] == 0 ? -1 : slots[s + keyLongs] & 0xFFFFFFFFL;
        if (cur == null) return compact;
        if (compact < 0) return cur[1];
        // the same key in both places (an unpackable candidate): the later one wins
        long compactEpoch = (slots[s + keyLongs] >>> 32) - 1;
        return beats(cur[0], cur[1], compactEpoch, compact) ? cur[1] : compact;
    }

    /** The row id of every key's winner, sorted ascending (a winner index only). */
    public long[] winnerRowIds() {
        if (!winner) throw new IllegalStateException("not a winner index");
        long[] out = new long[size()];
        int n = 0;
        java.util.Set<Long> beaten = new java.util.HashSet<>();
        if (!fallback.isEmpty()) {
            // a key with candidates in both places (an unpackable one): as winnerRowId decides
            for (Map.Entry<String, long[]> e : fallback.entrySet()) {
                long[] cur = e.getValue();
                int s = slotOf(e.getKey());
                if (s >= 0 && slots[s] != 0) {
                    long compact = slots[s + keyLongs] & 0xFFFFFFFFL;
                    long compactEpoch = (slots[s + keyLongs] >>> 32) - 1;
                    if (!beats(cur[0], cur[1], compactEpoch, compact)) continue;
                    beaten.add(compact);
                }
                out[n++] = cur[1];
            }
        }
        for (int s = 0; s < slots.length; s += stride) {
            if (slots[s] == 0) continue;
            long rowId = slots[s + keyLongs] & 0xFFFFFFFFL;
            if (beaten.isEmpty() || !beaten.contains(rowId)) out[n++] = rowId;
        }
        out = n == out.length ? out : Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    public boolean contains(String key) {
        if (key == null) return false;
        int s = slotOf(key);
        if (s >= 0 && slots[s] != 0) return true;
        return !fallback.isEmpty() && fallback.containsKey(key);
    }

    /** The slot a compact key lives in (or would), or -2 for a key that cannot be encoded. */
    private int slotOf(String key) {
        long[] enc = encodeKey(key, scratch);
        return enc[0] == 0 ? -2 : find(enc[0], enc[1]);
    }

    private int find(long a, long b) {
        // murmur3's 64-bit finaliser: ids differ only in their low digits, so mix every bit
        long h = a ^ Long.rotateLeft(b, 31);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        // the high 32 bits scaled to [0, capacity): any capacity, not only powers of two
        int i = (int) (((h >>> 32) * capacity) >>> 32);
        while (true) {
            int s = i * stride;
            long k = slots[s];
            if (k == 0 || (k == a && (keyLongs == 1 || slots[s + 1] == b))) return s;
            if (++i == capacity) i = 0;
        }
    }

    private void grow() {
        long[] old = slots;
        allocate((int) Math.min(capacity * 2L, MAX_CAPACITY));
        for (int s = 0; s < old.length; s += stride) {
            if (old[s] != 0) {
                int t = find(old[s], keyLongs == 2 ? old[s + 1] : 0);
                System.arraycopy(old, s, slots, t, stride);
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

    /** The key {@link #encode} made {a, b} of (b == 0: one part). */
    static String decode(long a, long b) {
        return b == 0 ? decodeId(a) : decodeId(a) + "|" + decodeId(b);
    }

    private static String decodeId(long v) {
        long num = v & ((1L << 40) - 1);
        int digits = (int) ((v >>> 40) & 0xF);
        long letters = v >>> 44;
        StringBuilder sb = new StringBuilder(3 + digits);
        sb.append((char) ('A' + ((letters >>> 10) & 31) - 1)).append((char) ('A' + ((letters >>> 5) & 31) - 1))
            .append((char) ('A' + (letters & 31) - 1));
        String n = Long.toString(num);
        for (int i = n.length(); i < digits; i++) sb.append('0');
        return sb.append(n).toString();
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
