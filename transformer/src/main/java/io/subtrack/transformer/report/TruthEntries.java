package io.subtrack.transformer.report;

import static io.subtrack.transformer.report.ColumnStore.utf8;

import io.subtrack.common.truth.GroundTruthEntry;
import io.subtrack.transformer.report.ColumnStore.Bytes;
import io.subtrack.transformer.report.ColumnStore.Dictionary;
import io.subtrack.transformer.report.ColumnStore.Ints;
import io.subtrack.transformer.report.ColumnStore.StringPool;
import java.util.Arrays;

/** The ground-truth entries, column by column, with what the scorer found out about each (its flags). */
final class TruthEntries {
    enum Expect { VALUE, NULL, REJECT, FLAG, DERIVE }

    static final Expect[] EXPECTS = Expect.values();
    private static final int[] NONE = new int[0];
    static final int OBSERVED = 1, CAUGHT = 2, EXACT = 4, QUARANTINED = 8, DECIDED_POLICY = 16, DECIDED_EVIDENCE = 32,
        STORED = 64;

    /*
     * The entries, column by column (a million records carry over a million entries: as objects with
     * their strings and two hash-map links each they took about 650 bytes apiece and ran a 512 MB heap
     * out of memory; here about 60). Columns and strings live in pages (growing never copies); tables, fields and kinds in
     * dictionaries; the entries of one record are chained from an open-addressing index by raw_id.
     */
    int size;
    final Ints table = new Ints(), field = new Ints(), kind = new Ints();
    final Bytes expect = new Bytes(), flags = new Bytes();
    final Ints key = new Ints(), rawId = new Ints(), clean = new Ints();
    final Ints nextSameRaw = new Ints();
    final Dictionary tables = new Dictionary(), fields = new Dictionary(), kinds = new Dictionary();
    final StringPool pool = new StringPool();
    final RecordIndex byRawId = new RecordIndex();

    void add(GroundTruthEntry n) {
        String f = n.field().isBlank() || n.field().equals("*") ? null : n.field();
        Expect x;
        if (n.hasClean()) {
            x = n.clean() == null ? Expect.NULL : Expect.VALUE;
        } else {
            x = switch (n.outcome()) {
                case REJECT, DROP -> Expect.REJECT;
                case NULLIFY -> Expect.NULL;
                case FLAG -> Expect.FLAG;
                case DERIVE -> Expect.DERIVE;
            };
        }
        int i = size;
        table.set(i, tables.id(n.table()));
        field.set(i, f == null ? -1 : fields.id(f));
        kind.set(i, kinds.id(n.kind()));
        expect.set(i, (byte) x.ordinal());
        flags.set(i, (byte) 0);
        key.set(i, pool.add(n.key()));
        rawId.set(i, pool.add(Long.toString(n.rawId())));
        // a number or a boolean compares by its text, like every other clean value
        clean.set(i, n.clean() == null ? 0 : pool.add(GroundTruthEntry.text(n.clean())));
        size++;
        nextSameRaw.set(i, byRawId.link(table.get(i), rawId.get(i), i));
    }

    boolean has(int e, int flag) {
        return (flags.get(e) & flag) != 0;
    }

    void set(int e, int flag) {
        flags.set(e, (byte) (flags.get(e) | flag));
    }

    Expect expectOf(int e) {
        return EXPECTS[expect.get(e)];
    }

    String fieldOf(int e) {
        int f = field.get(e);
        return f < 0 ? null : fields.name(f);
    }

    /** The entries of one record, found by its raw_id (every entry names one), each once. */
    int[] match(int t, String rawIdText) {
        if (rawIdText == null) return NONE;
        int[] matched = NONE;
        int count = 0;
        for (int e = byRawId.head(t, utf8(rawIdText)); e >= 0; e = nextSameRaw.get(e) - 1) {
            if (!contains(matched, count, e)) {
                if (count == matched.length) matched = Arrays.copyOf(matched, Math.max(4, count * 2));
                matched[count++] = e;
            }
        }
        return count == matched.length ? matched : Arrays.copyOf(matched, count);
    }

    private static boolean contains(int[] a, int n, int v) {
        for (int i = 0; i < n; i++) if (a[i] == v) return true;
        return false;
    }

    /**
     * (table, text) -> first entry of the chain of entries naming that record; the chains are in the
     * entries. A slot holds the text's hash beside the entry, so a probe compares hashes in the slot
     * array and reads an entry's text only on a hash match (most records have no entry at all).
     */
    private final class RecordIndex {
        /** hash << 32 | (entry + 1); 0 is empty. */
        private long[] slots = new long[1 << 10];
        private int used;

        /** Makes entry e the head of its record's chain; returns the previous head + 1 (0 when none) for e's link. */
        int link(int t, int textOff, int e) {
            int h = pool.hash(t, textOff);
            int mask = slots.length - 1;
            int i = h & mask;
            while (slots[i] != 0) {
                int head = (int) slots[i] - 1;
                if ((int) (slots[i] >>> 32) == h && table.get(head) == t && sameText(head, textOff)) {
                    slots[i] = ((long) h << 32) | (e + 1L);
                    return head + 1;
                }
                i = (i + 1) & mask;
            }
            slots[i] = ((long) h << 32) | (e + 1L);
            if (++used * 2 > slots.length) rehash();
            return 0;
        }

        private int textOf(int entry) {
            return rawId.get(entry);
        }

        private boolean sameText(int head, int textOff) {
            int p = pool.start(textOf(head), pool.len);
            byte[] a = pool.bytes;
            int n = pool.len[0];
            int q = pool.start(textOff, pool.len);
            return n == pool.len[0] && Arrays.equals(a, p, p + n, pool.bytes, q, q + n);
        }

        private void rehash() {
            long[] old = slots;
            slots = new long[old.length * 2];
            int mask = slots.length - 1;
            for (long v : old) {
                if (v == 0) continue;
                int i = (int) (v >>> 32) & mask;
                while (slots[i] != 0) i = (i + 1) & mask;
                slots[i] = v;
            }
        }

        /** The first entry naming the record, or -1. */
        int head(int t, byte[] text) {
            int h = StringPool.hash(t, text, 0, text.length);
            int mask = slots.length - 1;
            int i = h & mask;
            while (slots[i] != 0) {
                if ((int) (slots[i] >>> 32) == h) {
                    int head = (int) slots[i] - 1;
                    if (table.get(head) == t && pool.equals(textOf(head), text)) return head;
                }
                i = (i + 1) & mask;
            }
            return -1;
        }
    }
}
