package io.subtrack.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.truth.GroundTruthEntry;
import io.subtrack.common.truth.GroundTruthReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Orphans are made only on declared references, and each declared reference gets some. */
class ForeignReferenceTest {

    /** A reference's parent comes from the declared foreign key; the generator must know that parent's ids and count. */
    @Test
    void everyDeclaredParentHasGeneratedIds() {
        TableCounts counts = TableCounts.of(50, 20, 100, 200, 300, 400);
        Ids ids = new Ids(counts);
        for (ForeignReference ref : ForeignReference.values()) {
            String firstId = ids.of(ref.parent()).apply(1);
            assertTrue(firstId.matches("[A-Z]{3}0*1"), ref + ": " + firstId);
            assertTrue(counts.of(ref.parent()) > 0, ref.toString());
        }
        assertEquals("FRN0001", ids.of(ForeignReference.PLAN_SUPPLIER.parent()).apply(1), "a plan's supplier reference");
        assertEquals("PAY000001", ids.of(ForeignReference.PAYMENT_METHOD_PAYMENT.parent()).apply(1));
    }

    @Test
    void orphansAreOnDeclaredReferencesOnlyAndEveryReferenceGetsSome(@TempDir Path dir) throws IOException {
        // Denser than the defaults: the 10-row user-supplier table gets orphans too.
        Generated run = Generated.run(dir, 7L, TableCounts.of(150, 60, 300, 600, 900, 1200), 0.6);
        Set<ForeignReference> seen = EnumSet.noneOf(ForeignReference.class);
        Set<String> undeclared = new TreeSet<>();
        for (GroundTruthEntry e : GroundTruthReader.readAll(run.groundTruth)) {
            if (!e.kind().equals(TableSink.ORPHAN_REFERENCE)) continue;
            ForeignReference ref = declared(e.table(), e.field());
            if (ref == null) undeclared.add(e.table() + "." + e.field());
            else seen.add(ref);
        }
        assertEquals(Set.of(), undeclared, "orphans on fields no ForeignReference declares");
        assertEquals(EnumSet.allOf(ForeignReference.class), seen, "references without an orphan");
    }

    private static ForeignReference declared(String table, String field) {
        for (ForeignReference ref : ForeignReference.values()) {
            if (ref.rawTable.tableName().equals(table) && ref.rawField.equals(field)) return ref;
        }
        return null;
    }
}
