package io.subtrack.transformer.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class RoleFromMembershipTest {
    private final RoleFromMembership rule = new RoleFromMembership();

    @Test
    void anEmptyRoleIsTheMembershipsRole() {
        Cleaned role = rule.refine("", CodeVariants.code("", CodeVariants.ROLE), () -> "ADMIN");
        assertEquals("ADMIN", role.value());
        assertEquals(Cleaned.Reading.REPAIRED, role.outcome());
    }

    @Test
    void aRoleTheSourceGivesIsNeverOverriddenAndNoMembershipLeavesItEmpty() {
        assertNull(rule.refine("utilisateur", CodeVariants.code("utilisateur", CodeVariants.ROLE), () -> "ADMIN"));
        assertNull(rule.refine("boss", CodeVariants.code("boss", CodeVariants.ROLE), () -> "ADMIN"), "unknown stays unknown");
        assertNull(rule.refine("", CodeVariants.code("", CodeVariants.ROLE), () -> null));
    }
}
