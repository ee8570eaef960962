package io.subtrack.consumer.processed;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Primary keys known to be in the database, for the tables other tables reference: a cache (the
 * database decides), forgotten per table beyond {@link #LIMIT} keys, so memory stays flat however
 * many parents a run loads; a forgotten key is looked up again when referenced. Only batches the
 * database refused come here (ProcessedLoader.load), so a small cache serves: at 200,000 keys per
 * table the four parent tables' sets of a 10M-record run held most of the consumer's heap.
 */
final class ParentKeys {
    static final int LIMIT = 50_000;
    private static final int LOOKUP_CHUNK = 500;

    private final DatabaseDialect dialect;
    private final ProcessedModel model;
    private final Map<ProcessedTable, Set<String>> present = new TreeMap<>();

    ParentKeys(DatabaseDialect dialect, ProcessedModel model) {
        this.dialect = dialect;
        this.model = model;
        for (ProcessedTable t : model.tables()) {
            for (ForeignKey fk : t.foreignKeys()) present.putIfAbsent(model.table(fk.parentTable()), new HashSet<>());
        }
    }

    /** Whether other tables refer to {@code t}, so its loaded keys are worth remembering. */
    boolean isParent(ProcessedTable t) {
        return present.containsKey(t);
    }

    /** Remembers the keys of rows of {@code t} the database now holds. */
    void loaded(ProcessedTable t, List<ProcessedRow> rows) {
        Set<String> keys = present.get(t);
        if (keys == null) return;
        if (keys.size() + rows.size() > LIMIT) keys.clear();
        for (ProcessedRow r : rows) keys.add(r.key());
    }

    /** Finds in the database the parents of these rows of {@code t} that are neither known nor {@code arriving}. */
    void lookUp(Connection connection, ProcessedTable t, List<ProcessedRow> rows, Map<ProcessedTable, Set<String>> arriving)
        throws SQLException {
        List<ForeignKey> fks = t.foreignKeys();
        for (int k = 0; k < fks.size(); k++) {
            ProcessedTable parent = model.table(fks.get(k).parentTable());
            Set<String> known = present.get(parent);
            if (known.size() > LIMIT) known.clear();
            Set<String> coming = arriving.getOrDefault(parent, Set.of());
            List<String> unknown = new ArrayList<>();
            Set<String> asked = new HashSet<>();
            for (ProcessedRow r : rows) {
                String ref = r.references[k];
                if (ref != null && !known.contains(ref) && !coming.contains(ref) && asked.add(ref)) unknown.add(ref);
            }
            String pkColumn = parent.primaryKey().get(0);
            for (int from = 0; from < unknown.size(); from += LOOKUP_CHUNK) {
                List<String> chunk = unknown.subList(from, Math.min(unknown.size(), from + LOOKUP_CHUNK));
                // a few fixed list sizes, so the server reuses a handful of plans instead of one per batch size
                int size = paddedSize(chunk.size());
                String sql = dialect.buildSelectByKeysStatement(parent.tableName(), List.of(pkColumn), pkColumn, size, List.of());
                try (PreparedStatement ps = connection.prepareStatement(sql)) {
                    for (int i = 0; i < size; i++) ps.setString(i + 1, chunk.get(Math.min(i, chunk.size() - 1))); // a repeated value is harmless in IN
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) known.add(rs.getString(1));
                    }
                }
            }
        }
    }

    /** The IN-list sizes look-ups use: the smallest that holds {@code n} keys. */
    static final int[] LIST_SIZES = {8, 64, LOOKUP_CHUNK};

    static int paddedSize(int n) {
        for (int size : LIST_SIZES) if (n <= size) return size;
        throw new IllegalArgumentException(n + " keys in one look-up; at most " + LOOKUP_CHUNK);
    }

    /** "processed_users.user_id=USR00042" when that parent is neither loaded nor {@code arriving}, else null. */
    String missing(ProcessedRow r, Map<ProcessedTable, Set<String>> arriving) {
        List<ForeignKey> fks = r.table.foreignKeys();
        for (int k = 0; k < fks.size(); k++) {
            String ref = r.references[k];
            if (ref == null) continue;
            ProcessedTable parent = model.table(fks.get(k).parentTable());
            if (!present.get(parent).contains(ref) && !arriving.getOrDefault(parent, Set.of()).contains(ref)) {
                return parent.tableName() + "." + parent.primaryKey().get(0) + "=" + ref;
            }
        }
        return null;
    }
}
