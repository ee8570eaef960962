package io.subtrack.transformer;

import java.util.HashMap;
import java.util.Map;

/**
 * The transformer's stored state of one processed table in compact memory: per row key, the content hash of the
 * row it last passed on and whether that row is deleted; and, during a run, which keys today's extract holds.
 * Keys shaped like ids (KeyIndex.encode: three capitals and digits, one or two parts) take three longs in
 * open-addressing arrays; any other key falls back to a HashMap. Sized once for the keys loaded plus the day's
 * new ones, growing only past that.
 */
final class RowHashes {
    private static final long DELETED = 1, SEEN = 2;
    private long[] keys;     // two longs a slot: the encoded key; 0 = empty
    private long[] hashes;
    private byte[] flags;
    private int capacity, size;
    private final Map<String, long[]> fallback = new HashMap<>(); // {hash, flags}

    RowHashes(long expected) {
        allocate((int) Math.min(Integer.MAX_VALUE / 4, Math.max(1024, expected * 5 / 4 + 16)));
    }

    private void allocate(int capacity) {
        this.capacity = capacity;
        keys = new long[capacity * 2];
        hashes = new long[capacity];
        flags = new byte[capacity];
    }

    int size() {
        return size + fallback.size();
    }

    /** Loads a stored key. */
    void load(String key, long hash, boolean deleted) {
        put(key, hash, deleted ? DELETED : 0);
    }

    /** What today's row of that key is to the stored state: NEW (never stored), RETURNED (stored deleted), CHANGED or UNCHANGED. */
    Change see(String key, long hash) {
        long[] enc = KeyIndex.encode(key);
        if (enc == null) {
            long[] cur = fallback.get(key);
            if (cur == null) {
                fallback.put(key, new long[] {hash, SEEN});
                return Change.NEW;
            }
            Change c = (cur[1] & DELETED) != 0 ? Change.RETURNED : cur[0] == hash ? Change.UNCHANGED : Change.CHANGED;
            cur[0] = hash;
            cur[1] = SEEN;
            return c;
        }
        int s = find(enc[0], enc[1]);
        if (keys[2 * s] == 0) {
            insert(s, enc, hash, SEEN);
            return Change.NEW;
        }
        Change c = (flags[s] & DELETED) != 0 ? Change.RETURNED : hashes[s] == hash ? Change.UNCHANGED : Change.CHANGED;
        hashes[s] = hash;
        flags[s] = (byte) SEEN;
        return c;
    }

    /** Every stored key not deleted that today's extract did not hold. */
    void forEachUnseenLive(java.util.function.Consumer<String> action) {
        for (int s = 0; s < capacity; s++) {
            if (keys[2 * s] != 0 && flags[s] == 0) action.accept(KeyIndex.decode(keys[2 * s], keys[2 * s + 1]));
        }
        for (Map.Entry<String, long[]> e : fallback.entrySet()) if (e.getValue()[1] == 0) action.accept(e.getKey());
    }

    /** Every stored key not deleted (for a delta's parent checks). */
    void forEachLive(java.util.function.Consumer<String> action) {
        for (int s = 0; s < capacity; s++) {
            if (keys[2 * s] != 0 && (flags[s] & DELETED) == 0) action.accept(KeyIndex.decode(keys[2 * s], keys[2 * s + 1]));
        }
        for (Map.Entry<String, long[]> e : fallback.entrySet()) if ((e.getValue()[1] & DELETED) == 0) action.accept(e.getKey());
    }

    long liveCount() {
        long n = 0;
        for (int s = 0; s < capacity; s++) if (keys[2 * s] != 0 && (flags[s] & DELETED) == 0) n++;
        for (long[] v : fallback.values()) if ((v[1] & DELETED) == 0) n++;
        return n;
    }

    private void put(String key, long hash, long flag) {
        long[] enc = KeyIndex.encode(key);
        if (enc == null) {
            fallback.put(key, new long[] {hash, flag});
            return;
        }
        int s = find(enc[0], enc[1]);
        if (keys[2 * s] == 0) {
            insert(s, enc, hash, flag);
        } else {
            hashes[s] = hash;
            flags[s] = (byte) flag;
        }
    }

    private void insert(int s, long[] enc, long hash, long flag) {
        keys[2 * s] = enc[0];
        keys[2 * s + 1] = enc[1];
        hashes[s] = hash;
        flags[s] = (byte) flag;
        if (++size * 5L > capacity * 4L) grow();
    }

    private int find(long a, long b) {
        long h = a ^ Long.rotateLeft(b, 31);
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        int i = (int) (((h >>> 32) * capacity) >>> 32);
        while (true) {
            long k = keys[2 * i];
            if (k == 0 || (k == a && keys[2 * i + 1] == b)) return i;
            if (++i == capacity) i = 0;
        }
    }

    private void grow() {
        long[] oldKeys = keys, oldHashes = hashes;
        byte[] oldFlags = flags;
        int oldCapacity = capacity;
        allocate(capacity * 2);
        for (int s = 0; s < oldCapacity; s++) {
            if (oldKeys[2 * s] == 0) continue;
            int t = find(oldKeys[2 * s], oldKeys[2 * s + 1]);
            keys[2 * t] = oldKeys[2 * s];
            keys[2 * t + 1] = oldKeys[2 * s + 1];
            hashes[t] = oldHashes[s];
            flags[t] = oldFlags[s];
        }
    }

    enum Change { NEW, RETURNED, CHANGED, UNCHANGED }
}
