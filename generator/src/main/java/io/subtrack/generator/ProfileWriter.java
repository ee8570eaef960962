package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.PROFILE_ADDRESS;
import static io.subtrack.common.schema.RawFields.PROFILE_FIRST_NAME;
import static io.subtrack.common.schema.RawFields.PROFILE_LAST_NAME;
import static io.subtrack.common.schema.RawFields.PROFILE_PHONE;
import static io.subtrack.common.schema.RawFields.PROFILE_QUALITY_NOTES;
import static io.subtrack.common.schema.RawFields.USER_ID;

import io.subtrack.common.truth.Expected;
import java.util.Locale;
import java.util.SplittableRandom;

/** raw_Utilisateur_personnel: names, phones and addresses of distinct users, with the notes the source adds. */
final class ProfileWriter extends RawRecordWriter {
    private static final Expected MISSING_FIRST_NAME = Expected.nullify("missing first name");
    private static final Expected FOREIGN_PHONE = Expected.nullify("phone not in a French format");
    private static final Expected MISSING_PHONE = Expected.nullify("missing phone");
    private static final Expected ADDRESS_INCOMPLETE = Expected.flag("address incomplete (no house number)");

    private final int userId = field(USER_ID), first = field(PROFILE_FIRST_NAME), last = field(PROFILE_LAST_NAME),
        phone = field(PROFILE_PHONE), address = field(PROFILE_ADDRESS), notes = field(PROFILE_QUALITY_NOTES);
    private final DefectDice firstDice = dice(), lastDice = dice(), phoneDice = dice(), addressDice = dice(),
        duplicates = duplicateDice();
    private final Bijection who = g.references.profileUsers();

    ProfileWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.profiles());
    }

    @Override
    void fill(long k) {
        t.set(userId, g.ids.user(who.apply(k) + 1));
        // The source notes the first issue it noticed.
        String note = firstName();
        String lastName = TextPools.pick(g.pools.lastNames, r);
        if (lastDice.fire()) t.repairable(last, "name_lower_case", lastName.toLowerCase(Locale.ROOT), lastName);
        else t.set(last, lastName);
        String phoneNote = phone();
        if (note == null) note = phoneNote;
        String addressNote = address();
        if (note == null) note = addressNote;
        t.set(notes, note);
    }

    /** Returns the source's note, or null. */
    private String firstName() {
        String firstName = TextPools.pick(g.pools.firstNames, r);
        if (!firstDice.fire()) {
            t.set(first, firstName);
        } else if (firstDice.kind(2) == 0) {
            t.unrepairable(first, "name_missing", "", MISSING_FIRST_NAME);
            return "Missing first name";
        } else {
            t.repairable(first, "name_upper_case", firstName.toUpperCase(Locale.ROOT), firstName);
        }
        return null;
    }

    private String phone() {
        String nine = RandomValues.frenchDigits(r);
        String e164 = "+33" + nine;
        if (!phoneDice.fire()) {
            t.set(phone, e164);
            return null;
        }
        switch (phoneDice.kind(5)) {
            case 0 -> t.repairable(phone, "phone_format_national", "0" + nine, e164);
            case 1 -> t.repairable(phone, "phone_format_spaced", "+33 " + nine, e164);
            case 2 -> t.unrepairable(phone, "phone_foreign_format", RandomValues.foreignDigits(r, 3) + "."
                + RandomValues.digits(r, 3) + "." + RandomValues.digits(r, 4), FOREIGN_PHONE);
            case 3 -> t.unrepairable(phone, "phone_foreign_format", "(" + RandomValues.foreignDigits(r, 2) + ") "
                + RandomValues.digits(r, 4) + "-" + RandomValues.digits(r, 4), FOREIGN_PHONE);
            default -> t.unrepairable(phone, "phone_missing", "N/A", MISSING_PHONE);
        }
        return "Phone format issue";
    }

    private String address() {
        if (!addressDice.fire()) {
            t.set(address, RandomValues.address(g.pools, r, true, ", "));
        } else if (addressDice.kind(2) == 0) {
            String clean = RandomValues.address(g.pools, r, true, ", ");
            t.repairable(address, "address_separator", clean.replaceFirst(", ", "; "), clean);
        } else {
            t.unrepairable(address, "address_incomplete", RandomValues.address(g.pools, r, false, ", "),
        ADDRESS_INCOMPLETE);
            return "Address incomplete";
        }
        return null;
    }
}
