package io.subtrack.common.crypto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.json.Json;
import io.subtrack.common.json.TableFileReader;
import io.subtrack.common.kafka.Envelope;
import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The field cipher (Tink AES-SIV), its key file, rotation, and producer-raw's record rewrite. */
class FieldCipherTest {
    @TempDir Path dir;

    private static final RawTable CARD_TABLE = RawTable.PAYMENT_METHOD;
    private static final String CARD = RawFields.METHOD_CARD;

    @Test
    void theDeclarationsMarkTheCardAndThePassword() {
        assertEquals(List.of(RawFields.USER_PASSWORD), RawTable.USER.sensitiveFields());
        assertEquals(List.of(RawFields.METHOD_CARD), RawTable.PAYMENT_METHOD.sensitiveFields());
        assertTrue(RawTable.PAYMENT.sensitiveFields().isEmpty());
    }

    @Test
    void deterministicRoundTripBoundToItsColumn() throws Exception {
        FieldCipher c = FieldCipher.of(FieldCipher.newKeyset());
        String ct = c.encrypt(CARD_TABLE, CARD, "4111 1111 1111 1111");
        assertTrue(ct.startsWith("enc:v1:"), ct);
        assertFalse(ct.contains("4111"), ct);
        assertEquals(ct, c.encrypt(CARD_TABLE, CARD, "4111 1111 1111 1111"), "same value, same key: same ciphertext");
        assertNotEquals(ct, c.encrypt(CARD_TABLE, CARD, "4111 1111 1111 1112"));
        assertEquals("4111 1111 1111 1111", c.decrypt(CARD_TABLE, CARD, ct, "r"));
        assertEquals("", c.decrypt(CARD_TABLE, CARD, c.encrypt(CARD_TABLE, CARD, ""), "r"));
        assertEquals(null, c.encrypt(CARD_TABLE, CARD, null));
        assertEquals("plain 4111", c.decrypt(CARD_TABLE, CARD, "plain 4111", "r"), "a value without the prefix is plaintext");
        // moved to another column, it does not open
        var e = assertThrows(FieldCipher.WrongKeyException.class, () -> c.decrypt(RawTable.USER, RawFields.USER_PASSWORD, ct, "user_id=7"));
        assertTrue(e.getMessage().contains("raw_User.motsDePasse of record user_id=7"), e.getMessage());
        assertFalse(e.getMessage().contains(ct.substring(7)), "the message names no value");
    }

    @Test
    void aLongValueStillFitsTheRawColumn() throws Exception {
        FieldCipher c = FieldCipher.of(FieldCipher.newKeyset());
        // "enc:v1:" + base64(5-byte key id + 16-byte SIV + value): 7 + 4 * ceil((n + 21) / 3) characters, at most 4,000 up to n = 2,973
        assertEquals(3999, c.encrypt(CARD_TABLE, CARD, "x".repeat(2973)).length());
        assertTrue(c.encrypt(CARD_TABLE, CARD, "x".repeat(2974)).length() > 4000);
        assertTrue(c.encrypt(CARD_TABLE, CARD, "4111111111111111").length() < 80);
    }

    @Test
    void aWrongKeyIsAOneLineFailureNamingTheRecordNotTheValue() throws Exception {
        FieldCipher a = FieldCipher.of(FieldCipher.newKeyset());
        FieldCipher b = FieldCipher.of(FieldCipher.newKeyset());
        String ct = a.encrypt(CARD_TABLE, CARD, "4111111111111111");
        var e = assertThrows(StageFailure.class, () -> b.decrypt(CARD_TABLE, CARD, ct, "id_paiement=P1 (row 3)"));
        assertFalse(e.getMessage().contains("\n"));
        assertFalse(e.getMessage().contains("4111"));
        assertTrue(e.getMessage().contains("raw_MethodePaiement.informationCarte of record id_paiement=P1 (row 3)"), e.getMessage());
    }

    @Test
    void theKeyFileIsOwnerOnlyNeverOverwrittenAndRotatesKeepingOldKeys() throws Exception {
        Path f = dir.resolve("keys/field-keys.json");
        FieldCipher.create(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> FieldCipher.create(f));
        FieldCipher before = FieldCipher.load(f);
        String old = before.encrypt(CARD_TABLE, CARD, "5500000000000004");
        FieldCipher.rotate(f);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        FieldCipher after = FieldCipher.load(f);
        String fresh = after.encrypt(CARD_TABLE, CARD, "5500000000000004");
        assertNotEquals(old, fresh, "new data under the new primary key");
        assertNotEquals(old.substring(0, 12), fresh.substring(0, 12), "the key id prefix differs");
        assertEquals("5500000000000004", after.decrypt(CARD_TABLE, CARD, old, "r"), "old data still readable");
        assertEquals("5500000000000004", after.decrypt(CARD_TABLE, CARD, fresh, "r"));
        assertThrows(StageFailure.class, () -> before.decrypt(CARD_TABLE, CARD, fresh, "r"), "the old keyset lacks the new key");
    }

    @Test
    void aFileThatIsNotAKeysetIsAOneLineFailure() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"secret\": \"do-not-print-me\"}");
        var e = assertThrows(StageFailure.class, () -> FieldCipher.load(f));
        assertFalse(e.getMessage().contains("do-not-print-me"));
        var missing = assertThrows(StageFailure.class, () -> FieldCipher.load(dir.resolve("none.json")));
        assertTrue(missing.getMessage().startsWith("cannot read field key file"), missing.getMessage());
    }

    @Test
    void producerRawEncryptsTheSensitiveFieldsOnlyAndTheRestStaysAsTheFastPathSendsIt() throws Exception {
        FieldCipher c = FieldCipher.of(FieldCipher.newKeyset());
        String json = "{\"raw_MethodePaiement\": [{\"raw_id\": 1, \"idPaiement\": \"P1\", \"informationCarte\": 4111111111111111,"
            + " \"typeMethode\": \"visa\"}, {\"raw_id\": 2, \"idPaiement\": \"P2\", \"informationCarte\": null},"
            + " {\"raw_id\": 3, \"idPaiement\": \"P3\", \"informationCarte\": {\"n\": \"4111111111111111\"}}],"
            + " \"raw_User\": [{\"raw_id\": 1, \"userId\": 9, \"motsDePasse\": \"hunter2\"}],"
            + " \"raw_Paiement\": [{\"raw_id\": 1, \"idPaiement\": \"P1\", \"montant\": 86.480}]}";
        Path f = dir.resolve("raw.json");
        Files.writeString(f, json, StandardCharsets.UTF_8);
        List<String[]> plain = encode(f, null);
        List<String[]> enc = encode(f, new RawFieldEncrypter(c));
        assertEquals(plain.size(), enc.size());
        for (int i = 0; i < plain.size(); i++) assertEquals(plain.get(i)[0], enc.get(i)[0], "same key");
        ObjectNode card = (ObjectNode) Json.MAPPER.readTree(enc.get(0)[1]).get("record");
        assertEquals("4111111111111111", c.decrypt(CARD_TABLE, CARD, card.get(CARD).asText(), "r"), "a number's canonical text");
        assertEquals("visa", card.get("typeMethode").asText());
        assertTrue(Json.MAPPER.readTree(enc.get(1)[1]).get("record").get(CARD).isNull(), "null stays null");
        JsonNode nested = Json.MAPPER.readTree(enc.get(2)[1]).get("record").get(CARD);
        assertTrue(nested.isObject() && nested.get("encrypted").asText().startsWith("enc:v1:"), "a nested value stays nested, as ciphertext");
        assertEquals("hunter2", c.decrypt(RawTable.USER, RawFields.USER_PASSWORD,
            Json.MAPPER.readTree(enc.get(3)[1]).get("record").get(RawFields.USER_PASSWORD).asText(), "r"));
        assertEquals(plain.get(4)[1], enc.get(4)[1], "a table without sensitive fields: byte for byte the fast path");
        for (String[] m : enc) {
            assertFalse(m[1].contains("4111111111111111"), m[1]);
            assertFalse(m[1].contains("hunter2"), m[1]);
        }
    }

    private static List<String[]> encode(Path f, Envelope.Rewriter rewriter) throws Exception {
        Envelope.Encoder e = new Envelope.Encoder(t -> RawTable.byName(t).keyFields(), rewriter);
        List<String[]> out = new ArrayList<>();
        try (TableFileReader r = new TableFileReader(f, t -> RawTable.byName(t) != null)) {
            while (r.nextRecord(e)) {
                out.add(new String[] {new String(e.key(), StandardCharsets.UTF_8), new String(e.value(), StandardCharsets.UTF_8)});
            }
        }
        return out;
    }
}
