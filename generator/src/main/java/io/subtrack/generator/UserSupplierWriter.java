package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.USER_ID;

import java.util.SplittableRandom;

/** raw_Utilisateur_fournisseur: links of users to suppliers, distinct pairs. */
final class UserSupplierWriter extends RawRecordWriter {
    private final int userId = field(USER_ID);
    private final DefectDice orphans = rareDice(), duplicates = duplicateDice();
    private final Reference supplier = reference(ForeignReference.USER_SUPPLIER_SUPPLIER);
    private final References.UserLinks links = g.references.supplierLinks();

    UserSupplierWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.userSuppliers());
    }

    @Override
    void fill(long k) {
        userLink(k, userId, links, supplier, orphans);
    }
}
