package io.subtrack.consumer.raw;

import io.subtrack.common.schema.RawTable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 of a raw record as stored (32 bytes, the BINARY(32) record_hash): its table and every field's text, null distinct from "". */
final class RecordHash {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private RecordHash() {}

    static byte[] of(RawTable table, String[] values) {
        MessageDigest md = SHA256.get();
        md.reset();
        md.update(table.tableName().getBytes(StandardCharsets.UTF_8));
        for (String v : values) {
            if (v == null) {
                md.update((byte) 0);
            } else {
                md.update((byte) 1);
                md.update(v.getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0x1f);
            }
        }
        return md.digest();
    }
}
