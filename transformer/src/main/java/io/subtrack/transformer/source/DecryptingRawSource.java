package io.subtrack.transformer.source;

import io.subtrack.common.crypto.FieldCipher;
import io.subtrack.common.schema.RawTable;
import java.util.List;

/**
 * The sensitive fields of a raw source decrypted in memory (docs/field-encryption.md): a row of a table
 * with sensitive fields is handed on with its ciphertexts ({@code enc:v1:...}) replaced by their plaintext, so the
 * cleaning rules see what they always saw. A value without the prefix is plaintext (a plaintext raw file) and passes
 * as it is. A ciphertext and no key, or a key that does not open it, stops the run naming the table, field and record
 * (never the value). What the source keeps on disk (the spill of the raw tables) stays ciphertext.
 */
public final class DecryptingRawSource implements RawSource {
    private final RawSource source;
    /** Null: no key given (a ciphertext is then an error). */
    private final FieldCipher cipher;

    public DecryptingRawSource(RawSource source, FieldCipher cipher) {
        this.source = source;
        this.cipher = cipher;
    }

    @Override
    public void scan(RawTable table, RowHandler handler) throws Exception {
        List<String> sensitive = table.sensitiveFields();
        if (sensitive.isEmpty()) {
            source.scan(table, handler);
            return;
        }
        int[] at = sensitive.stream().mapToInt(f -> RawRecord.indexOf(table, f)).toArray();
        source.scan(table, row -> {
            String[] values = row.values(); // a fresh array per row (RawRecord's sources): decrypted in place
            for (int j = 0; j < at.length; j++) {
                String v = values[at[j]];
                if (!FieldCipher.isCiphertext(v)) continue;
                if (cipher == null) throw FieldCipher.noKey(table, sensitive.get(j), record(row));
                values[at[j]] = cipher.decrypt(table, sensitive.get(j), v, record(row));
            }
            handler.accept(row);
        });
    }

    /** How an error names a record: its natural key and row id, never a sensitive value. */
    static String record(RawRecord row) {
        StringBuilder sb = new StringBuilder();
        for (String k : row.table().keyFields()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(k).append('=').append(row.get(k));
        }
        return sb.append(" (row ").append(row.rowId()).append(')').toString();
    }

    @Override
    public void scanKeys(RawTable table, KeyHandler handler) throws Exception {
        source.scanKeys(table, handler); // key fields and date_extraction are never sensitive (RawTable)
    }

    @Override
    public void plan(List<RawTable> order) throws Exception {
        source.plan(order);
    }

    @Override
    public long rowCount(RawTable table) throws Exception {
        return source.rowCount(table);
    }

    @Override
    public void release(RawTable table) throws Exception {
        source.release(table);
    }

    @Override
    public String describe() {
        return source.describe();
    }

    @Override
    public void close() throws Exception {
        source.close();
    }
}
