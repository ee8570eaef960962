package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.USER_EMAIL;
import static io.subtrack.common.schema.RawFields.USER_ID;
import static io.subtrack.common.schema.RawFields.USER_PASSWORD;
import static io.subtrack.common.schema.RawFields.USER_QUALITY_FLAG;
import static io.subtrack.common.schema.RawFields.USER_ROLE;

import io.subtrack.common.truth.Expected;
import java.util.SplittableRandom;

/** raw_User: emails, passwords and roles with the source's defects. */
final class UserWriter extends RawRecordWriter {
    private static final String[] WEAK_PASSWORDS = {"password123", "123456", "azerty", "motdepasse", "qwerty123"};
    private static final String PASSWORD_CHARS =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*()_+";
    private static final Expected EMAIL_WITHOUT_DOMAIN = Expected.nullify("email without domain");
    private static final Expected EMAIL_ON_LOCALHOST = Expected.nullify("email on a non-routable domain");
    private static final Expected WEAK_PASSWORD = Expected.flag("weak password");
    private static final Expected ROLE_FROM_MEMBERSHIP =
        Expected.derive("missing role, derived from the user's raw_Admin or raw_Utilisateur_fournisseur membership");
    private static final Expected MISSING_ROLE = Expected.nullify("missing role");

    private final int userId = field(USER_ID), email = field(USER_EMAIL), password = field(USER_PASSWORD);
    private final int role = field(USER_ROLE), flag = field(USER_QUALITY_FLAG);
    private final DefectDice emailDice = dice(), passwordDice = dice(), roleDice = dice(), duplicates = duplicateDice();
    private final char[] pw = new char[16];
    private final Bijection adminOrder = g.references.adminUsers();
    private final Bijection supplierLinkOrder = g.references.supplierLinkUsers();

    UserWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.users());
    }

    @Override
    void fill(long i) {
        t.set(userId, g.ids.user(i + 1));
        email();
        password();
        role(i);
        int f = r.nextInt(3);
        t.set(flag, f == 2 ? null : (Object) (long) f);
    }

    private void email() {
        TextPools pools = g.pools;
        String local = TextPools.localPart(TextPools.pick(pools.firstNames, r), TextPools.pick(pools.lastNames, r))
            + (r.nextInt(3) == 0 ? Integer.toString(r.nextInt(100)) : "");
        String domain = TextPools.pick(pools.mailDomains, r);
        if (!emailDice.fire()) {
            t.set(email, local + "@" + domain);
            return;
        }
        switch (emailDice.kind(3)) {
            case 0 -> t.unrepairable(email, "email_missing_domain", "user" + (100 + r.nextInt(900)),
        EMAIL_WITHOUT_DOMAIN);
            case 1 -> t.unrepairable(email, "email_localhost", local + "@localhost", EMAIL_ON_LOCALHOST);
            default -> t.repairable(email, "email_plus_tag", local + "+" + (1 + r.nextInt(99)) + "@" + domain,
        local + "@" + domain);
        }
    }

    private void password() {
        int len = 10 + r.nextInt(7);
        for (int i = 0; i < len; i++) pw[i] = PASSWORD_CHARS.charAt(r.nextInt(PASSWORD_CHARS.length()));
        String clean = new String(pw, 0, len);
        if (!passwordDice.fire()) t.set(password, clean);
        else if (passwordDice.kind(2) == 0) t.repairable(password, "password_padded", " " + clean + " ", clean);
        else t.unrepairable(password, "password_weak", WEAK_PASSWORDS[r.nextInt(WEAK_PASSWORDS.length)], WEAK_PASSWORD);
    }

    private void role(long user0) {
        if (!roleDice.fire()) {
            t.set(role, EnumeratedField.ROLE.encoded[EnumeratedField.ROLE.randomCode(r)]);
        } else if (roleDice.kind(2) == 0) {
            // The transformer merges users with raw_Admin and raw_Utilisateur_fournisseur: a member's empty
            // role is derived from the membership (null when that link is itself rejected).
            boolean member = adminOrder.inverse(user0) < g.counts.admins()
                || supplierLinkOrder.inverse(user0) < Math.min(g.counts.userSuppliers(), g.counts.users());
            t.unrepairable(role, FieldValues.CODE_MISSING, "", member ? ROLE_FROM_MEMBERSHIP : MISSING_ROLE);
        } else {
            FieldValues.variant(t, role, EnumeratedField.ROLE, r);
        }
    }
}
