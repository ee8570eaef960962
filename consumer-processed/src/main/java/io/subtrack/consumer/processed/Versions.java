package io.subtrack.consumer.processed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.subtrack.common.db.DatabaseDialect.VersionGuard;
import io.subtrack.common.schema.ProcessedTable;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Daily extracts (SPEC 7a) in the processed loader: which version of a key applies. Newer always wins: an upsert or a
 * deletion applies only over a stored row whose extract_date is NULL or not after its own (an incoming NULL only over
 * a stored NULL), so replaying an older day changes nothing, and the order in which two extracts' records arrive
 * does not matter. The database checks the stored side ({@link #GUARD}, in every statement that writes a row);
 * {@link #newestPerKey} chooses between versions of one key within one statement's set.
 */
final class Versions {
    /** The version columns an upsert writes after the declared ones; deleted_at it clears (see {@link #GUARD}). */
    static final List<String> WRITTEN_BY_UPSERT = List.of(ProcessedTable.EXTRACT_ID.name(), ProcessedTable.EXTRACT_DATE.name());
    /** Newer wins by extract_date; an upsert that applies sets deleted_at to NULL (a key that comes back is undeleted). */
    static final VersionGuard GUARD = new VersionGuard(ProcessedTable.EXTRACT_DATE.name(), List.of(ProcessedTable.DELETED_AT.name()));

    private Versions() {}

    /** The columns an upsert of {@code t} writes: the declared ones, then extract_id and extract_date. */
    static List<String> upsertColumns(ProcessedTable t) {
        List<String> all = new ArrayList<>(t.columnNames().size() + WRITTEN_BY_UPSERT.size());
        all.addAll(t.columnNames());
        all.addAll(WRITTEN_BY_UPSERT);
        return all;
    }

    /**
     * Positions of the one row per key to apply, in the order they would have been applied: the newest extract_date
     * (a NULL is older than any date), the later of two equally new ones (a record sent twice keeps its last version).
     * One statement can apply a key once only (ON CONFLICT cannot touch a row twice), so the newest must be chosen
     * here: applying the last one would let an older day that came later in the batch win. Adds to {@code stale[0]}
     * the rows a strictly newer version of their key supersedes (they would have been skipped as older than stored).
     */
    static Collection<Integer> newestPerKey(ProcessedTable t, List<ProcessedRow> rows, long[] stale) {
        Map<List<String>, Integer> chosen = new LinkedHashMap<>(rows.size() * 2);
        for (int i = 0; i < rows.size(); i++) {
            ProcessedRow row = rows.get(i);
            List<String> key = key(t, row.record);
            Integer before = chosen.get(key);
            if (before != null) {
                ProcessedRow kept = rows.get(before);
                if (row.olderThan(kept)) {
                    stale[0]++;
                    continue;
                }
                if (kept.olderThan(row)) stale[0]++;
                chosen.remove(key); // the later version goes to the end, as it would have been applied last
            }
            chosen.put(key, i);
        }
        return chosen.values();
    }

    private static List<String> key(ProcessedTable t, ObjectNode r) {
        List<String> key = new ArrayList<>(t.primaryKey().size());
        for (String k : t.primaryKey()) {
            JsonNode v = r.get(k);
            key.add(v == null || v.isNull() ? null : v.asText());
        }
        return key;
    }
}
