package io.subtrack.consumer.processed;

import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/** What {@link ProcessedLoader} did, counted as its loader thread goes and read by the consumer's. */
final class ProcessedCounts {
    private final ProcessedModel model;
    /** Rows loaded per table, by position in the model. */
    private final AtomicLongArray rowsPerTable;
    private final AtomicLong loaded = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    /** Upserts and deletions left alone because the stored row came from a newer extract. */
    private final AtomicLong stale = new AtomicLong();
    /** Rows soft-deleted. */
    private final AtomicLong deleted = new AtomicLong();
    /** Deletions of keys the table does not hold (they change nothing). */
    private final AtomicLong deletionsNotStored = new AtomicLong();
    /** Batches the database refused as they were sent, then loaded the careful way. */
    private final AtomicLong refusedAsSent = new AtomicLong();

    ProcessedCounts(ProcessedModel model) {
        this.model = model;
        this.rowsPerTable = new AtomicLongArray(model.tables().size());
    }

    void loaded(ProcessedTable t, int rows) {
        loaded.addAndGet(rows);
        rowsPerTable.addAndGet(model.tables().indexOf(t), rows);
    }

    void countDeadLetter() {
        deadLettered.incrementAndGet();
    }

    void countRefusedAsSent() {
        refusedAsSent.incrementAndGet();
    }

    /** After a commit: the upserts it left alone as older than stored, and what its deletions did. */
    void versions(long staleUpserts, SoftDeletes.Counts deletions) {
        stale.addAndGet(staleUpserts + deletions.stale());
        deleted.addAndGet(deletions.deleted());
        deletionsNotStored.addAndGet(deletions.notStored());
        loaded.addAndGet(deletions.total()); // a deletion is settled once applied or found to change nothing
    }

    long loaded() { return loaded.get(); }

    long deadLettered() { return deadLettered.get(); }

    long stale() { return stale.get(); }

    long deleted() { return deleted.get(); }

    Map<String, Long> figures() {
        Map<String, Long> f = new LinkedHashMap<>();
        f.put("stale", stale.get());
        f.put("deleted", deleted.get());
        return f;
    }

    /** Rows per table, then {@code waiting} rows still waiting for a parent and the other counts. */
    Map<String, Long> details(long waiting) {
        Map<String, Long> d = new TreeMap<>();
        for (int i = 0; i < model.tables().size(); i++) {
            ProcessedTable t = model.tables().get(i);
            long n = rowsPerTable.get(i);
            if (n > 0) d.put(t.tableName(), n);
        }
        d.put("waiting for parent", waiting);
        d.put("stale", stale.get());
        d.put("deleted", deleted.get());
        d.put("deletions not stored", deletionsNotStored.get());
        d.put("batches refused as sent", refusedAsSent.get());
        return d;
    }
}
