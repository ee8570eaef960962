package io.subtrack.transformer;

import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.JdbcType;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns a winning record of a processed table's raw source into its row, as the table's declaration says: each column
 * by its reader (own field, or merged from a side table) after the record rules of its source, then every reference checked against its parent's accepted
 * keys (a parent rejected or never seen rejects the child: the cascade), then text lengths against the column types.
 */
final class TableCleaner {
    /** A reference checked on this table's rows: the column, its raw field (for the reason), its rule and the parent's keys. */
    private record Reference(int column, boolean optional, String field, Rule rule, KeyIndex parent) {}

    private final ProcessedTable table;
    private final ColumnReader[] readers;
    private final Column[] columns;
    /** Raw field of each column, where the value comes from the record itself; null for merged and fixed columns. */
    private final String[] fields;
    /** Raw field of each column whose value its rules read (the repair log and the score look values up by it); else null. */
    private final String[] ruledFields;
    private final Reference[] references;
    /** The rules over several fields of the source's records. */
    private final RecordChecks recordChecks;

    TableCleaner(ProcessedTable table, MergedTables merged, Map<String, KeyIndex> accepted) {
        this.table = table;
        List<Column> cs = table.columns();
        this.columns = cs.toArray(new Column[0]);
        this.readers = new ColumnReader[columns.length];
        this.fields = new String[columns.length];
        this.ruledFields = new String[columns.length];
        ColumnReaders.Memberships memberships = merged != null ? merged : key -> null;
        for (int i = 0; i < columns.length; i++) {
            Column c = columns[i];
            if (merged != null && merged.isMerged(c)) {
                readers[i] = merged.reader(c);
            } else {
                readers[i] = ColumnReaders.of(table, c, memberships);
                fields[i] = c.source().field();
                ruledFields[i] = ColumnReaders.ruledField(c);
            }
        }
        List<Reference> refs = new ArrayList<>();
        for (ForeignKey fk : table.foreignKeys()) {
            int column = cs.indexOf(table.column(fk.columns().get(0)));
            // a reference merged from a side table was checked when that side record was read
            if (fields[column] == null) continue;
            KeyIndex parent = accepted.get(fk.parentTable());
            if (parent == null) throw new IllegalStateException(table + " refers to " + fk.parentTable() + ", whose keys are not kept");
            refs.add(new Reference(column, columns[column].nullable(), fields[column], Rules.orphanOf(columns[column].source().table(), fields[column]), parent));
        }
        this.references = refs.toArray(new Reference[0]);
        this.recordChecks = new RecordChecks(table.source());
    }

    /** The row of an accepted record, or null when the record is rejected. */
    OutRow clean(RecordContext ctx) {
        Runnable recordVerdicts = recordChecks.check(ctx);
        Object[] row = new Object[readers.length];
        ctx.values = row;
        ctx.valueFields = ruledFields;
        for (int i = 0; i < readers.length; i++) row[i] = readers[i].read(ctx);
        recordVerdicts.run();
        for (Reference r : references) {
            String id = (String) row[r.column];
            if (id == null && r.optional) continue;
            ctx.requireParent(r.rule, r.field, id, r.parent);
        }
        return emit(ctx, row);
    }

    private OutRow emit(RecordContext ctx, Object[] row) {
        if (ctx.rejected()) return null;
        for (int i = 0; i < row.length; i++) {
            Column c = columns[i];
            if (row[i] instanceof String s && c.type() instanceof JdbcType.Text text && s.length() > text.maxLength()) {
                if (!c.nullable()) {
                    ctx.reject(Rules.TEXT_TOO_LONG, c.name() + " longer than " + text.maxLength() + " characters");
                    return null;
                }
                // logged on the raw field the value came from; the repair log and the score read the row: null
                String field = ruledFields[i] != null ? ruledFields[i] : c.name();
                ctx.fire(Rules.TEXT_TOO_LONG, field, s, null);
                row[i] = null;
            }
        }
        return new OutRow(table, row);
    }
}
