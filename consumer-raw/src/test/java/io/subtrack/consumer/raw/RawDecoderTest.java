package io.subtrack.consumer.raw;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.kafka.PoisonMessageException;
import io.subtrack.common.schema.RawTable;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawDecoderTest {
    private static RawDecoder.Decoded decode(String json) {
        return RawDecoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    /** What the raw layer stored when it read each message as a tree: the scalar's text, decimals plain. */
    private static String[] asTree(String json, RawTable table) throws Exception {
        JsonNode record = Json.MAPPER.readTree(json).get("record");
        String[] values = new String[table.fields().size()];
        for (int i = 0; i < values.length; i++) {
            JsonNode v = record.get(table.fields().get(i));
            values[i] = v == null || v.isNull() ? null : v.isBigDecimal() ? v.decimalValue().toPlainString() : v.asText();
        }
        return values;
    }

    @Test
    void valuesAreTheTextATreeGaveForEveryKindOfScalar() throws Exception {
        String json = "{\"table\":\"raw_Paiement\",\"record\":{\"raw_id\":7,\"idPaiement\":\"PAY001\",\"montantPaiement\":86.480,"
            + "\"userId\":-0,\"idAbonnement\":1e5,\"motifPaiement\":\"Élodie — 12 €\",\"statusPaiement\":true,"
            + "\"datePaiement\":null,\"methodePaiement\":12345678901234567890}}";
        RawDecoder.Decoded d = decode(json);
        assertEquals(RawTable.PAYMENT, d.table());
        assertArrayEquals(asTree(json, RawTable.PAYMENT), d.values());
        assertEquals("86.480", d.values()[RawTable.PAYMENT.fields().indexOf("montantPaiement")]);
        assertEquals("100000", d.values()[RawTable.PAYMENT.fields().indexOf("idAbonnement")]);
    }

    @Test
    void theTableMayFollowTheRecordAndOtherEnvelopeFieldsAreIgnored() {
        RawDecoder.Decoded d = decode("{\"v\":[1,{\"a\":2}],\"record\":{\"raw_id\":\"3\",\"userId\":\"USR1\"},\"table\":\"raw_Admin\"}");
        assertEquals(RawTable.ADMIN, d.table());
        assertArrayEquals(new String[] {"3", "USR1", null, null}, d.values());
    }

    @Test
    void whatNoRawColumnCanHoldIsAPoisonMessageWithItsReason() {
        assertPoison("{\"table\":\"raw_Admin\",\"record\":{\"raw_id\":1,\"x\":2}}", "field \"x\" is not a column of raw_Admin");
        assertPoison("{\"table\":\"raw_Admin\",\"record\":{\"userId\":{\"a\":1}}}", "raw_Admin.userId holds a JSON OBJECT");
        assertPoison("{\"table\":\"raw_Admin\",\"record\":{\"userId\":[1]}}", "raw_Admin.userId holds a JSON ARRAY");
        assertPoison("{\"table\":\"raw_Admin\",\"record\":{\"userId\":\"" + "u".repeat(4001) + "\"}}", "holds 4001 characters");
        assertPoison("{\"table\":\"raw_Admin\",\"record\":{\"raw_id\":\"" + "9".repeat(801) + "\"}}", "first column of the record key");
        assertPoison("{\"table\":\"raw_Nope\",\"record\":{}}", "unknown table \"raw_Nope\"");
        assertPoison("{\"record\":{}}", "value has no \"table\" name");
        assertPoison("{\"table\":\"raw_Admin\",\"record\":null}", "value has no \"record\" object");
        assertPoison("[1,2]", "value is not a JSON object");
        assertPoison("{\"table\":\"raw_Admin\",\"record\":{\"raw_id\":", "invalid JSON");
    }

    private static void assertPoison(String json, String reason) {
        PoisonMessageException e = assertThrows(PoisonMessageException.class, () -> decode(json));
        assertTrue(e.getMessage().contains(reason), () -> "expected \"" + reason + "\" in: " + e.getMessage());
    }
}
