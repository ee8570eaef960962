package io.subtrack.transformer.rules;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AddressWithoutNumberTest {
    private final AddressWithoutNumber rule = new AddressWithoutNumber();

    @Test
    void anAddressWithoutAHouseNumberIsFlagged() {
        assertTrue(rule.flags("Place Saint-Bernard, 49858 Le Havre"));
        assertTrue(rule.flags("rue Sans Numéro, 75003 Paris"));
    }

    @Test
    void aHouseNumberWithOrWithoutASuffixIsNot() {
        assertFalse(rule.flags("3888 Sean Lock, Bartonshire, UT 66098"));
        assertFalse(rule.flags("12 bis, rue A, 75001 Paris"));
        assertFalse(rule.flags(" 7B avenue B, 69001 Lyon"));
    }
}
