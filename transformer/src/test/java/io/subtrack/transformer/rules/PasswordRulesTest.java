package io.subtrack.transformer.rules;

import static io.subtrack.common.schema.RawFields.USER_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** USR-PASSWORD-DROPPED and USR-PASSWORD-WEAK: counted on the record, never carried. */
class PasswordRulesTest {
    /** The rules counted on a record whose password is {@code password}. */
    private static List<String> counted(String password) {
        List<String> ids = new ArrayList<>();
        RecordRule.Check record = new RecordRule.Check() {
            @Override public String raw(String field) { return field.equals(USER_PASSWORD) ? password : null; }
            @Override public void read(String field, Cleaned reading) { throw new AssertionError("a password is never read"); }
            @Override public void count(Rule rule, String field) { ids.add(rule.id() + " on " + field); }
            @Override public void reject(Rule rule, String reason) { throw new AssertionError("a password never rejects"); }
        };
        new PasswordDropped().check(record);
        new WeakPassword().check(record);
        return ids;
    }

    @Test
    void everyPasswordIsDroppedAndAWeakOneCountedWeak() {
        assertEquals(List.of("USR-PASSWORD-DROPPED on motsDePasse"), counted("Xk7#pQ9!mZ2w"));
        for (String weak : new String[] {"password123", "azerty", "x", "12345678", "Soleil2024"}) {
            assertEquals(List.of("USR-PASSWORD-DROPPED on motsDePasse", "USR-PASSWORD-WEAK on motsDePasse"), counted(weak), weak);
        }
    }

    @Test
    void noPasswordCountsNothing() {
        assertEquals(List.of(), counted(null));
    }
}
