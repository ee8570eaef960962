package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.transformer.rules.Masking;
import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void secretsAndPersonalDataAreMaskedInExamples() {
        assertEquals("(dropped)", Masking.forExample("motsDePasse", " &5)T6BaL8q "));
        assertEquals("****5482", Masking.forExample("informationCarte", "5555213760375482"));
        assertEquals("l***@company.fr", Masking.forExample("email", "lucie.mcclain@company.fr"));
        assertEquals("u***", Masking.forExample("email", "user792"));
        assertEquals("KXXXX", Masking.forExample("prenom", "KEVIN"));
        assertEquals("lx xxxx", Masking.forExample("nom", "le goff"));
        assertFalse(Masking.forExample("telephone", "0437064353").contains("043706"));
        assertTrue(Masking.forExample("telephone", "0437064353").endsWith("353"));
        assertEquals("••, chemin Durand - ••••• Chrétien", Masking.forExample("addressFournisseur", "18, chemin Durand - 26701 Chrétien"));
    }

    @Test
    void valuesThatAreNotPersonalAreShownAsTheyAre() {
        assertEquals("carte crédit", Masking.forExample("methodePaiement", "carte crédit"));
        assertEquals("26,35", Masking.forExample("prixAbonnement", "26,35"));
    }

    @Test
    void theQuarantineDropsThePasswordAndKeepsFourCardCharacters() {
        assertTrue(Masking.dropInQuarantine("motsDePasse"));
        assertFalse(Masking.dropInQuarantine("email"));
        assertEquals("****012X", Masking.forQuarantine("informationCarte", "226011939325012X"));
        assertEquals("user792", Masking.forQuarantine("email", "user792"));
    }
}
