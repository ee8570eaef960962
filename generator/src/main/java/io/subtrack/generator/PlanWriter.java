package io.subtrack.generator;

import static io.subtrack.common.schema.RawFields.PLAN_CATEGORY;
import static io.subtrack.common.schema.RawFields.PLAN_DESCRIPTION;
import static io.subtrack.common.schema.RawFields.PLAN_ID;
import static io.subtrack.common.schema.RawFields.PLAN_PRICE;
import static io.subtrack.common.schema.RawFields.PLAN_TITLE;

import java.util.SplittableRandom;

/** raw_Abonnement: a supplier's plans, priced in the source's amount forms. */
final class PlanWriter extends RawRecordWriter {
    private final int id = field(PLAN_ID), title = field(PLAN_TITLE), description = field(PLAN_DESCRIPTION),
        price = field(PLAN_PRICE), category = field(PLAN_CATEGORY);
    private final DefectDice priceDice = dice(), categoryDice = dice(), amounts = rareDice(), orphans = rareDice(),
        duplicates = duplicateDice();
    private final Reference supplier = reference(ForeignReference.PLAN_SUPPLIER);

    PlanWriter(GeneratorContext g, TableSink t, SplittableRandom r) {
        super(g, t, r, g.counts.plans());
    }

    @Override
    void fill(long i) {
        t.set(id, g.ids.plan(i + 1));
        if (orphans.fire()) supplier.orphan();
        else supplier.set(1 + r.nextLong(g.counts.suppliers()));
        t.set(title, TextPools.pick(g.pools.catchPhrases, r));
        t.set(description, TextPools.pick(g.pools.paragraphs, r));
        long cents = r.nextInt(5) == 0 ? 100L * (1 + r.nextInt(99)) : 199 + r.nextInt(9800);
        FieldValues.amount(t, price, cents, priceDice, amounts, r);
        FieldValues.code(t, category, EnumeratedField.PLAN_CATEGORY, categoryDice, r);
    }
}
