package io.subtrack.transformer;

import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_NEXT_BILLING_DATE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_RENEWAL_DATE;
import static io.subtrack.common.schema.RawFields.SUBSCRIPTION_START_DATE;

import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.Normaliser;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.transformer.rules.Cleaned;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.SubscriptionDates;
import io.subtrack.transformer.source.RawRow;

/**
 * A subscription's three dates are read together (SubscriptionDates): an ambiguous one by what the other two and the
 * billing cycle say. The first date column of a record resolves all three; each column then stores its own reading,
 * and the last one rejects a record whose start follows its next billing date in every reading. One instance per table
 * read, used by one thread: the resolution of the record being read is kept between its columns.
 */
final class SubscriptionDateColumns {
    private final int start, next, renewal, cycle;
    private final int last;
    private int readers;
    private SubscriptionDates.Resolution current;

    SubscriptionDateColumns(ProcessedTable table) {
        int dateColumns = 0, cycleColumn = -1;
        for (int i = 0; i < table.columns().size(); i++) {
            Column c = table.columns().get(i);
            if (c.source() != null && c.source().normaliser() == Normaliser.SUBSCRIPTION_DATE) dateColumns++;
            if (c.name().equals("billing_cycle")) cycleColumn = i;
        }
        this.last = dateColumns;
        this.cycle = cycleColumn;
        this.start = RawRow.indexOf(table.source(), SUBSCRIPTION_START_DATE);
        this.next = RawRow.indexOf(table.source(), SUBSCRIPTION_NEXT_BILLING_DATE);
        this.renewal = RawRow.indexOf(table.source(), SUBSCRIPTION_RENEWAL_DATE);
    }

    ColumnReader reader(Column column, int index, String field, Rule repair, Rule invalid, Rule order) {
        if (cycle < 0) throw new IllegalArgumentException(column.name() + ": a subscription date needs the billing_cycle column before it");
        int position = ++readers;
        return (ctx, row) -> {
            String[] v = ctx.row.values();
            if (position == 1) current = SubscriptionDates.resolve(v[renewal], v[start], v[next], (String) row[cycle]);
            Cleaned reading = index == start ? current.start() : index == next ? current.next() : current.renewal();
            String value = ctx.field(field, v[index], reading, repair, invalid, false);
            if (position == last && current.violation() != null) ctx.reject(order, current.violation());
            return value;
        };
    }
}
