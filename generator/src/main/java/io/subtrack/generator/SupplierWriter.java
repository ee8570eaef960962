package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.SUPPLIER_ADDRESS;
import static io.subtrack.common.schema.RawFields.SUPPLIER_EMAIL;
import static io.subtrack.common.schema.RawFields.SUPPLIER_ID;
import static io.subtrack.common.schema.RawFields.SUPPLIER_NAME;
import static io.subtrack.common.schema.RawFields.SUPPLIER_PHONE;
import static io.subtrack.common.schema.RawFields.SUPPLIER_SECTOR;

import io.subtrack.common.truth.Expected;
import java.util.Locale;
import java.util.SplittableRandom;

/** raw_Fournisseur: companies with their contact mail, phone, address and sector. */
final class SupplierWriter extends RawRecordWriter {
    private static final Expected MISSING_EMAIL = Expected.nullify("missing email");

    private final int id = field(SUPPLIER_ID), name = field(SUPPLIER_NAME), email = field(SUPPLIER_EMAIL),
        phone = field(SUPPLIER_PHONE), address = field(SUPPLIER_ADDRESS), sector = field(SUPPLIER_SECTOR);
    private final DefectDice nameDice = dice(), emailDice = dice(), phoneDice = dice(), addressDice = dice(),
        sectorDice = dice(), duplicates = duplicateDice();

    SupplierWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.suppliers());
    }

    @Override
    void fill(long i) {
        t.set(id, g.ids.supplier(i + 1));
        int company = r.nextInt(g.pools.companies.length);
        String companyName = g.pools.companies[company];
        if (nameDice.fire()) t.repairable(name, "name_upper_case", companyName.toUpperCase(Locale.ROOT), companyName);
        else t.set(name, companyName);
        String mail = "contact@" + g.pools.companySlugs[company] + (r.nextBoolean() ? ".fr" : ".com");
        if (emailDice.fire()) t.unrepairable(email, "email_missing", "", MISSING_EMAIL);
        else t.set(email, mail);
        phone();
        String clean = RandomValues.address(g.pools, r, true, ", ");
        if (addressDice.fire()) t.repairable(address, "address_separator", clean.replaceFirst(", ", " - "), clean);
        else t.set(address, clean);
        FieldValues.code(t, sector, EnumeratedField.SECTOR, sectorDice, r);
    }

    private void phone() {
        String nine = RandomValues.frenchDigits(r);
        String e164 = "+33" + nine;
        if (!phoneDice.fire()) {
            t.set(phone, e164);
            return;
        }
        switch (phoneDice.kind(4)) {
            case 0 -> t.repairable(phone, "phone_format_national", "0" + nine, e164);
            case 1 -> t.repairable(phone, "phone_format_national_spaced", "0" + RandomValues.spacedPairs(nine), e164);
            case 2 -> t.repairable(phone, "phone_format_spaced", "+33 " + RandomValues.spacedPairs(nine), e164);
            default -> t.repairable(phone, "phone_format_trunk_prefix", "+33 (0)" + RandomValues.spacedPairs(nine),
        e164);
        }
    }
}
