package io.subtrack.common.crypto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.kafka.Envelope;
import io.subtrack.common.schema.RawTable;
import java.util.List;

/**
 * producer-raw's first hop: each sensitive field of a raw record ({@link RawTable#sensitiveFields}) is
 * replaced by the ciphertext of the text its raw column would hold (the text consumer-raw stores: a string as it is,
 * a number in canonical form, true/false), so decrypting it gives exactly what the raw table held before. JSON null
 * stays null. A nested value, which the raw columns refuse, is sent as {@code {"encrypted": <ciphertext of its JSON>}}:
 * still refused (and dead-lettered) downstream, but as ciphertext.
 */
public final class RawFieldEncrypter implements Envelope.Rewriter {
    private final FieldCipher cipher;

    public RawFieldEncrypter(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public boolean rewrites(String table) {
        RawTable t = RawTable.byName(table);
        return t != null && !t.sensitiveFields().isEmpty();
    }

    @Override
    public void rewrite(String table, ObjectNode record) {
        RawTable t = RawTable.byName(table);
        List<String> sensitive = t.sensitiveFields();
        for (String field : sensitive) {
            JsonNode v = record.get(field);
            if (v == null || v.isNull()) continue;
            if (v.isContainerNode()) {
                record.putObject(field).put("encrypted", cipher.encrypt(t, field, v.toString()));
            } else {
                record.put(field, cipher.encrypt(t, field, text(v)));
            }
        }
    }

    /** The text consumer-raw's decoder stores for a scalar (RawDecoder#scalar). */
    static String text(JsonNode v) {
        if (v.isTextual()) return v.textValue();
        if (v.isIntegralNumber()) return v.numberValue().toString();
        if (v.isNumber()) return v.decimalValue().toPlainString();
        if (v.isBoolean()) return v.booleanValue() ? "true" : "false";
        return v.asText();
    }
}
