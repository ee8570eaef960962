package io.subtrack.generator;

import java.util.SplittableRandom;

/**
 * Makes the records of one raw table into its {@link TableSink}, drawing from the table's own random
 * stream. The generator drives it: for each record it begins the record, has the writer fill the
 * table's own fields, stamps the lineage fields, emits, and writes an older duplicate when the
 * writer's duplicate dice say so.
 *
 * <p>A writer declares its field indexes and its dice as field initialisers: Java runs them in
 * declaration order, and the order in which dice are made is part of the output (each draws its
 * start from the stream), so a writer's declarations must not be reordered.
 */
abstract class RawRecordWriter {
    final GeneratorContext g;
    final TableSink t;
    final SplittableRandom r;
    private final long records;
    private DefectDice duplicates;

    RawRecordWriter(GeneratorContext g, TableSink t, SplittableRandom r, long records) {
        this.g = g;
        this.t = t;
        this.r = r;
        this.records = records;
    }

    /** Sets every field of record {@code i} (0-based) but the lineage ones, with its defects. */
    abstract void fill(long i);

    /** The distinct records of the table (injected duplicates come on top). */
    final long records() {
        return records;
    }

    final int field(String name) {
        return t.field(name);
    }

    /** The reference field of this table that {@code declared} names. */
    final Reference reference(ForeignReference declared) {
        return new Reference(t, declared, g.ids, g.counts);
    }

    /**
     * Fills record k (0-based) of a table linking users to parents: its user, and the user's next parent or, when
     * the dice fire, an orphan.
     */
    final void userLink(long k, int userField, References.UserLinks links, Reference parent, DefectDice orphans) {
        long user0 = links.user0(k);
        t.set(userField, g.ids.user(user0 + 1));
        if (orphans.fire()) parent.orphan();
        else parent.set(links.parent(k, user0));
    }

    /** The dice of a source defect family of one field. */
    final DefectDice dice() {
        return g.dice(r);
    }

    /** The dice of a family that makes a record unusable: rarer. */
    final DefectDice rareDice() {
        return g.rareDice(r);
    }

    /** The dice of the older duplicates, made where the writer declares it. */
    final DefectDice duplicateDice() {
        duplicates = g.rareDice(r);
        return duplicates;
    }

    /** True when the record just emitted gets an older duplicate. */
    final boolean duplicateFollows() {
        return duplicates.fire();
    }
}
