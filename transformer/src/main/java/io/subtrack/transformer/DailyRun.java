package io.subtrack.transformer;

import io.subtrack.transformer.rules.ValueText;
import io.subtrack.common.extract.Extract;
import io.subtrack.common.extract.ExtractDates;
import io.subtrack.common.extract.ExtractMode;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.transformer.report.QualityStats;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One day's extract against what earlier days passed on (SPEC 7a): each accepted row is compared by its content hash
 * with the stored state and written only when new, changed or back after a deletion; in a snapshot, every stored live
 * key today's extract does not hold (gone from the source, or quarantined today) becomes a deletion. A snapshot that
 * would delete more than {@code maxDeleteRate} of a table's live keys is refused before anything is written.
 */
final class DailyRun {
    /** The lineage columns say where and when a version was read, not what it holds: a new date alone is no change. */
    private static final List<String> NOT_CONTENT = List.of("source_system", "extracted_at");

    private final Extract extract;
    private final RowStateStore store;
    private final double maxDeleteRate;
    private final QualityStats stats;

    DailyRun(Extract extract, RowStateStore store, double maxDeleteRate, QualityStats stats) {
        this.extract = extract;
        this.store = store;
        this.maxDeleteRate = maxDeleteRate;
        this.stats = stats;
    }

    Extract extract() {
        return extract;
    }

    String extractDate() {
        return ExtractDates.format(extract.date());
    }

    /** A processed table's day: its stored state loaded, nothing seen yet. */
    final class TableDay {
        final ProcessedTable table;
        final RowHashes stored;
        private final int[] keyColumns;
        private final boolean[] content;

        TableDay(ProcessedTable table) throws SQLException {
            this.table = table;
            this.stored = store.load(table);
            List<Column> cs = table.columns();
            keyColumns = table.primaryKey().stream().mapToInt(k -> cs.indexOf(table.column(k))).toArray();
            content = new boolean[cs.size()];
            for (int i = 0; i < content.length; i++) content[i] = !NOT_CONTENT.contains(cs.get(i).name());
        }

        /** The row to write, or null when the stored version already holds what it holds. */
        OutRow decide(OutRow row) throws SQLException {
            String key = key(row);
            long hash = hash(row);
            QualityStats.DayCounts day = stats.day(table);
            switch (stored.see(key, hash)) {
                case NEW -> {
                    day.added++;
                    store.added(table, key, hash, extract.id());
                }
                case RETURNED -> {
                    day.returned++;
                    store.changed(table, key, hash, extract.id());
                }
                case CHANGED -> {
                    day.changed++;
                    store.changed(table, key, hash, extract.id());
                }
                case UNCHANGED -> {
                    day.unchanged++;
                    return null;
                }
            }
            return row;
        }

        private String key(OutRow row) {
            if (keyColumns.length == 1) return (String) row.values[keyColumns[0]];
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < keyColumns.length; i++) sb.append(i > 0 ? "|" : "").append((String) row.values[keyColumns[i]]);
            return sb.toString();
        }

        /** FNV-1a over each content value with a tag per value (null apart from ""), then a murmur3 finaliser. */
        private long hash(OutRow row) {
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < row.values.length; i++) {
                if (!content[i]) continue;
                Object v = row.values[i];
                h = (h ^ (v == null ? 0x100 : 0x101)) * 0x100000001b3L;
                if (v == null) continue;
                String s = ValueText.of(v);
                for (int c = 0; c < s.length(); c++) h = (h ^ s.charAt(c)) * 0x100000001b3L;
            }
            h ^= h >>> 33;
            h *= 0xff51afd7ed558ccdL;
            h ^= h >>> 33;
            return h;
        }

        /**
         * A snapshot's deletions: every stored live key the day did not hold. Refused whole, before any is written,
         * when they are more than the allowed share of the table's live keys.
         */
        List<String> deletions() {
            if (extract.mode() != ExtractMode.SNAPSHOT) return List.of();
            List<String> gone = new ArrayList<>();
            stored.forEachUnseenLive(gone::add);
            long live = stats.day(table).unchanged + stats.day(table).changed + gone.size();
            if (!gone.isEmpty() && (double) gone.size() / live > maxDeleteRate) {
                throw new MassDeleteRefused(String.format(Locale.ROOT,
                    "extract %s (snapshot of %s) would delete %d of the %d rows of %s (%.1f %% > --max-delete-rate %.1f %%):"
                        + " refused, nothing applied. A truncated or wrong file looks like this; if the source really lost them,"
                        + " run the transformer again with a higher --max-delete-rate",
                    extract.id(), extractDate(), gone.size(), live, table.tableName(), 100.0 * gone.size() / live, 100 * maxDeleteRate));
            }
            for (String key : gone) {
                try {
                    store.deleted(table, key, extract.id(), extract.date());
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }
            stats.day(table).deleted += gone.size();
            return gone;
        }

        /** The primary-key values of a stored row key, in key order. */
        String[] keyValues(String key) {
            return keyColumns.length == 1 ? new String[] {key} : key.split("\\|", -1);
        }
    }

    TableDay begin(ProcessedTable table) throws SQLException {
        return new TableDay(table);
    }

    /** A snapshot that would delete too much: the run stops, writes nothing and exits 3. */
    static final class MassDeleteRefused extends RuntimeException {
        MassDeleteRefused(String message) {
            super(message);
        }
    }
}
