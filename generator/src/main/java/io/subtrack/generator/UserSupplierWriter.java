package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.USER_ID;

import java.util.SplittableRandom;

/** raw_Utilisateur_fournisseur: links of users to suppliers, distinct pairs. */
final class UserSupplierWriter extends TableWriter {
    private final int userId = field(USER_ID);
    private final DefectDice orphans = rareDice(), duplicates = duplicateDice();
    private final Reference supplier = reference(ForeignReference.USER_SUPPLIER_SUPPLIER);
    private final Bijection who = g.references.supplierLinkUsers();

    UserSupplierWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.userSuppliers());
    }

    @Override
    void fill(long k) {
        long user0 = who.apply(k % g.counts.users());
        t.set(userId, g.ids.user(user0 + 1));
        if (orphans.fire()) supplier.orphan();
        else supplier.set(g.references.linkedSupplier(k, user0));
    }
}
