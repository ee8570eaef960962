package io.subtrack.transformer.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PlusTagTest {
    private final PlusTag rule = new PlusTag();
    private final RecordFacts none = () -> null;

    @Test
    void aTaggedEmailLosesItsTagAndTheRuleAnswersForIt() {
        Cleaned email = Normalize.email(" Camille.Blanc+21@Company.fr ");
        Cleaned refined = rule.refine(" Camille.Blanc+21@Company.fr ", email, none);
        assertEquals("camille.blanc@company.fr", refined.value());
        assertEquals(Cleaned.Reading.REPAIRED, refined.outcome());
    }

    @Test
    void anUntaggedOrUnusableEmailOrAnOnlyTagLocalPartIsLeftToTheEmailRule() {
        assertNull(rule.refine("a@b.fr", Normalize.email("a@b.fr"), none));
        assertNull(rule.refine("user792", Normalize.email("user792"), none));
        assertNull(rule.refine("+tag@b.fr", Normalize.email("+tag@b.fr"), none), "a local part that is only a tag");
    }
}
