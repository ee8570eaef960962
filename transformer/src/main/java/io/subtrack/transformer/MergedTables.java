package io.subtrack.transformer;

import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.MergedTable;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The side tables merged into one processed table's rows (a user's profile, admin and supplier memberships): for
 * each, the cleaned values of the columns declared from it, by the main record's key, kept until the main table is
 * written. Small tables: one entry per member, not per raw row of the main table.
 */
final class MergedTables implements ColumnReaders.Memberships {
    private final ProcessedTable table;
    private final KeyIndex mainWinners;
    private final Map<RawTable, Map<String, Object[]>> values = new EnumMap<>(RawTable.class);
    private final Map<RawTable, List<Integer>> columnsFrom = new EnumMap<>(RawTable.class);
    /** Main rows to write again in an incremental run: a side record of theirs is new although they are not. */
    private final KeyIndex touched = KeyIndex.set();

    MergedTables(ProcessedTable table, KeyIndex mainWinners) {
        this.table = table;
        this.mainWinners = mainWinners;
        for (MergedTable m : table.merged()) {
            values.put(m.table(), new HashMap<>());
            columnsFrom.put(m.table(), new ArrayList<>());
        }
        List<Column> columns = table.columns();
        for (int i = 0; i < columns.size(); i++) {
            // a column without a source is refused by ColumnReaders, with its name
            if (columns.get(i).source() == null) continue;
            List<Integer> from = columnsFrom.get(columns.get(i).source().table());
            if (from != null) from.add(i);
        }
    }

    /** Whether the column's value comes from a side table (else from the main record). */
    boolean isMerged(Column column) {
        return column.source() != null && columnsFrom.containsKey(column.source().table());
    }

    /** The main table's record keys that won deduplication: the members a side record may name. */
    KeyIndex mainWinners() {
        return mainWinners;
    }

    /** Reads the side table's columns of a side record; stored under its key when its main record exists. */
    Cleaner sideCleaner(MergedTable merged, Predicate<RecordContext> fresh) {
        List<Integer> from = columnsFrom.get(merged.table());
        ColumnReader[] readers = new ColumnReader[from.size()];
        String[] ruledFields = new String[from.size()];
        for (int i = 0; i < readers.length; i++) {
            readers[i] = ColumnReaders.of(table, table.columns().get(from.get(i)), this);
            ruledFields[i] = ColumnReaders.ruledField(table.columns().get(from.get(i)));
        }
        Map<String, Object[]> store = values.get(merged.table());
        String keyField = merged.table().keyFields().get(0);
        Rule orphan = Rules.orphanOf(merged.table(), keyField);
        RecordChecks recordChecks = new RecordChecks(merged.table());
        return ctx -> {
            Runnable recordVerdicts = recordChecks.check(ctx);
            Object[] side = new Object[readers.length];
            ctx.values = side;
            ctx.valueFields = ruledFields;
            for (int i = 0; i < readers.length; i++) side[i] = readers[i].read(ctx);
            recordVerdicts.run();
            if (ctx.requireParent(orphan, keyField, ctx.key, mainWinners)) {
                store.put(ctx.key, side);
                if (fresh.test(ctx)) touched.add(ctx.key);
            }
            return null;
        };
    }

    /** Records a side value chosen elsewhere (a user's one supplier link) as the side table's columns. */
    void put(RawTable side, String key, Object... sideValues) {
        values.get(side).put(key, sideValues);
    }

    boolean has(RawTable side, String key) {
        return values.get(side).containsKey(key);
    }

    void touch(String key) {
        touched.add(key);
    }

    boolean touched(String key) {
        return touched.contains(key);
    }

    /** The reader of a column merged from a side table: the value its side record stored, or null without one. */
    ColumnReader reader(Column column) {
        RawTable side = column.source().table();
        int slot = columnsFrom.get(side).indexOf(table.columns().indexOf(column));
        Map<String, Object[]> store = values.get(side);
        return ctx -> {
            Object[] v = store.get(ctx.key);
            return v == null ? null : v[slot];
        };
    }

    /** The role of the first side table, in declaration order, that lists the user and gives a role (MergedTable.memberRole). */
    @Override
    public String roleOf(String userKey) {
        for (MergedTable m : table.merged()) {
            if (m.memberRole() != null && has(m.table(), userKey)) return m.memberRole();
        }
        return null;
    }
}
