package io.subtrack.transformer.report;

import static io.subtrack.transformer.report.ColumnStore.utf8;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.transformer.report.ColumnStore.Bytes;
import io.subtrack.transformer.report.ColumnStore.Dictionary;
import io.subtrack.transformer.report.ColumnStore.Ints;
import io.subtrack.transformer.report.ColumnStore.StringPool;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

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
     * dictionaries; the entries of one record are chained from an open-addressing index, one by
     * natural key and one by raw_id.
     */
    int size;
    final Ints table = new Ints(), field = new Ints(), kind = new Ints();
    final Bytes expect = new Bytes(), flags = new Bytes();
    final Ints key = new Ints(), rawId = new Ints(), clean = new Ints();
    final Ints nextSameKey = new Ints(), nextSameRaw = new Ints();
    final Dictionary tables = new Dictionary(), fields = new Dictionary(), kinds = new Dictionary();
    final StringPool pool = new StringPool();
    final RecordIndex byKey = new RecordIndex(), byRawId = new RecordIndex();
    /** Per table id: whether some entry has no raw_id (only then can the natural key find what raw_id does not). */
    boolean[] entryWithoutRawId = new boolean[8];

    void add(GroundTruthFile.Fields n) {
        String tableName = text(n.table);
        String k = text(n.key);
        if (k == null && n.key != null && n.key.isArray()) {
            List<String> parts = new ArrayList<>();
            n.key.forEach(p -> parts.add(p.asText()));
            k = String.join("|", parts);
        }
        String raw = text(n.rawId);
        if (tableName == null || (k == null && raw == null)) return;
        String f = text(n.field);
        if (f != null && (f.isBlank() || f.equals("*"))) f = null;
        String kindName = text(n.kind);
        if (kindName == null) kindName = text(n.defect);
        if (kindName == null) kindName = "unknown";
        String expected = text(n.expected);
        if (expected == null) expected = text(n.outcome);
        String lower = expected == null ? "" : expected.toLowerCase(Locale.ROOT);
        Expect x;
        JsonNode cleanValue = null;
        if (lower.startsWith("reject") || lower.startsWith("quarantine")) {
            x = Expect.REJECT;
        } else if (lower.startsWith("flag")) {
            x = Expect.FLAG;
        } else if (lower.startsWith("derive")) {
            x = Expect.DERIVE;
        } else if (lower.startsWith("nullify") || lower.startsWith("null")) {
            x = Expect.NULL;
        } else if (n.clean != null) {
            cleanValue = n.clean;
            x = cleanValue.isNull() ? Expect.NULL : Expect.VALUE;
        } else {
            x = Expect.REJECT;
        }
        int i = size;
        table.set(i, tables.id(tableName));
        field.set(i, f == null ? -1 : fields.id(f));
        kind.set(i, kinds.id(kindName));
        expect.set(i, (byte) x.ordinal());
        flags.set(i, (byte) 0);
        key.set(i, pool.add(k));
        rawId.set(i, pool.add(raw));
        // a boolean compares by its text, like every other clean value
        clean.set(i, cleanValue == null || cleanValue.isNull() ? 0 : pool.add(cleanValue.asText()));
        size++;
        if (raw == null) {
            int t = table.get(i);
            if (t >= entryWithoutRawId.length) entryWithoutRawId = Arrays.copyOf(entryWithoutRawId, Math.max(t + 1, entryWithoutRawId.length * 2));
            entryWithoutRawId[t] = true;
        }
        nextSameKey.set(i, k == null ? 0 : byKey.link(table.get(i), key.get(i), i));
        nextSameRaw.set(i, raw == null ? 0 : byRawId.link(table.get(i), rawId.get(i), i));
    }

    private static String text(JsonNode v) {
        return v == null || v.isNull() ? null : v.asText();
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

    /** The entries of one record, each once: by natural key (those with a raw_id only for that record), then by raw_id. */
    int[] match(int t, String recordKey, String rawIdText) {
        int[] matched = NONE;
        int count = 0;
        byte[] rawBytes = utf8(String.valueOf(rawIdText));
        // entries by natural key (those with a raw_id only for that record), then by raw_id: each once. When
        // every entry of the table has a raw_id and so does the record, the key finds nothing raw_id does not.
        boolean keyNeeded = rawIdText == null || (t < entryWithoutRawId.length && entryWithoutRawId[t]);
        if (recordKey != null && keyNeeded) {
            for (int e = byKey.head(t, utf8(recordKey)); e >= 0; e = nextSameKey.get(e) - 1) {
                if (rawId.get(e) != 0 && rawIdText != null && !pool.equals(rawId.get(e), rawBytes)) continue;
                if (!contains(matched, count, e)) {
                    if (count == matched.length) matched = Arrays.copyOf(matched, Math.max(4, count * 2));
                    matched[count++] = e;
                }
            }
        }
        for (int e = byRawId.head(t, rawBytes); e >= 0; e = nextSameRaw.get(e) - 1) {
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
            return this == byKey ? key.get(entry) : rawId.get(entry);
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
