package io.subtrack.transformer.rules;

import static io.subtrack.common.schema.RawFields.METHOD_CARD;
import static io.subtrack.common.schema.RawFields.PAYMENT_ID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.cli.Progress;
import io.subtrack.common.json.Json;
import io.subtrack.transformer.Transformer;
import io.subtrack.transformer.source.FileRawSource;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PMT-CARD-LAST4: a full card number is one of 12 to 19 digits (Maestro issues 12) that passes the Luhn check; only
 * its last four digits are stored. The numbers here are built with a check digit computed by this test, not by the
 * rule.
 */
class CardLast4Test {
    private final CardLast4 rule = new CardLast4();

    @TempDir
    Path dir;

    /** The Luhn check digit that completes {@code payload}, computed independently of the rule. */
    static char checkDigit(String payload) {
        int sum = 0;
        for (int i = 0; i < payload.length(); i++) {
            // from the right of the completed number, the payload's last digit is second: doubled
            int d = payload.charAt(payload.length() - 1 - i) - '0';
            if (i % 2 == 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            sum += d;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    static String luhnValid(String payload) {
        return payload + checkDigit(payload);
    }

    @Test
    void fullLuhnValidAndMaskedNumbersKeepTheirLastFour() {
        assertEquals("0120", rule.clean("2260119393250120").value(), "16 digits");
        assertEquals("6169", rule.clean("340902559056169").value(), "15 digits");
        assertEquals("9651", rule.clean("4591123829651").value(), "13 digits");
        assertEquals("9026", rule.clean("7366 XXXX XXXX 9026").value(), "masked with X");
        assertEquals(Cleaned.Reading.REPAIRED, rule.clean("4591123829651").outcome());
        assertEquals(Cleaned.INVALID, rule.clean("2260119393250121"), "fails the Luhn check");
    }

    @Test
    void aTwelveDigitMaestroNumberKeepsItsLastFour() {
        String maestro = luhnValid("67034500005");
        assertEquals(12, maestro.length());
        Cleaned c = rule.clean(maestro);
        assertEquals(maestro.substring(8), c.value());
        assertEquals(Cleaned.Reading.REPAIRED, c.outcome());
        assertEquals(maestro.substring(8), rule.clean(maestro.substring(0, 4) + " " + maestro.substring(4, 8) + " " + maestro.substring(8)).value(),
            "written in groups");
    }

    @Test
    void aTwelveDigitNumberFailingLuhnIsUnusable() {
        String valid = luhnValid("50189900001");
        String wrong = valid.substring(0, 11) + (char) ('0' + (valid.charAt(11) - '0' + 1) % 10);
        assertEquals(Cleaned.INVALID, rule.clean(wrong));
    }

    @Test
    void fullNumbersAreTwelveToNineteenDigits() {
        assertEquals(Cleaned.INVALID, rule.clean(luhnValid("5018990000")), "11 digits");
        String nineteen = luhnValid("630490017740292882");
        assertEquals(nineteen.substring(15), rule.clean(nineteen).value(), "19 digits");
        assertEquals(Cleaned.INVALID, rule.clean(luhnValid("6304900177402928829")), "20 digits");
        assertEquals("9730", rule.clean("9730").value(), "the last four alone");
        assertEquals(Cleaned.Reading.SAME, rule.clean("9730").outcome());
        assertEquals("5678", rule.clean("**** **** **** 5678").value(), "masked");
        assertNull(rule.clean("226011939325012X").value());
        assertEquals(Cleaned.EMPTY, rule.clean("  "));
    }

    /**
     * On the fixture: every card sent as a full number is replaced by a 12-digit Luhn-valid number made of its own
     * first eleven digits; each payment method whose records all carried one stores that number's last four, and the
     * number itself reaches no output.
     */
    @Test
    void onTheFixtureTwelveDigitNumbersAreStoredAsTheirLastFourAndNeverWritten() throws Exception {
        JsonNode raw = Json.MAPPER.readTree(io.subtrack.common.test.Fixtures.rawSample().toFile());
        Map<String, String> expected = new HashMap<>();
        Set<String> notAllReplaced = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        for (JsonNode r : raw.get("raw_MethodePaiement")) {
            String id = r.get(PAYMENT_ID).asText().strip();
            JsonNode card = r.get(METHOD_CARD);
            String digits = card == null || card.isNull() ? "" : card.asText().replace(" ", "").replace("-", "");
            if (digits.length() < 12 || !digits.chars().allMatch(Character::isDigit)) {
                notAllReplaced.add(id);
                continue;
            }
            String maestro = luhnValid(digits.substring(0, 11));
            ((ObjectNode) r).put(METHOD_CARD, maestro);
            numbers.add(maestro);
            if (expected.containsKey(id) && !expected.get(id).equals(maestro.substring(8))) notAllReplaced.add(id);
            expected.put(id, maestro.substring(8));
        }
        expected.keySet().removeAll(notAllReplaced);
        assertFalse(expected.isEmpty(), "the fixture sends full card numbers");

        Path input = dir.resolve("raw.json");
        Json.MAPPER.writeValue(input.toFile(), raw);
        Transformer t = new Transformer(Map.of(), null, new Progress("test", 0, new PrintStream(new ByteArrayOutputStream()), false));
        try (FileRawSource source = new FileRawSource(input)) {
            t.run(source, dir.resolve("cleaned.json"), dir.resolve("rejected.json"));
        }
        int checked = 0;
        for (JsonNode row : Json.MAPPER.readTree(dir.resolve("cleaned.json").toFile()).get("processed_payment_methods")) {
            String want = expected.get(row.get("payment_id").asText());
            if (want == null) continue;
            assertEquals(want, row.get("card_last4").asText(), row.toString());
            checked++;
        }
        assertTrue(checked > 0, "payment methods with a 12-digit number reached the cleaned file");
        for (String file : new String[] {"cleaned.json", "rejected.json", "repairs.jsonl"}) {
            String text = Files.readString(dir.resolve(file));
            for (String n : numbers) assertFalse(text.contains(n), file + " holds a full card number");
        }
    }
}
