package io.subtrack.generator;

import java.util.function.LongFunction;

/**
 * A raw field of the record being built that refers to a parent record: either parent n's id, or an
 * orphan, the id just above the parent table's count (a new one per orphan), listed as a defect.
 */
final class Reference {
    private final TableSink t;
    private final int field;
    private final LongFunction<String> parentId;
    private final long parents;
    private long orphans;

    Reference(TableSink t, ForeignReference declared, Ids ids, TableCounts counts) {
        if (declared.rawTable != t.table()) throw new IllegalArgumentException(declared + " is not a field of " + t.table());
        this.t = t;
        this.field = t.field(declared.rawField);
        this.parentId = ids.of(declared.parent());
        this.parents = counts.of(declared.parent());
    }

    /** Refers to parent {@code n} (1-based). */
    void set(long n) {
        t.set(field, parentId.apply(n));
    }

    /** Refers to a parent that was never generated. */
    void orphan() {
        t.orphan(field, parentId.apply(parents + ++orphans));
    }
}
