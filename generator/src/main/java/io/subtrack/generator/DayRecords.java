package io.subtrack.generator;

import io.subtrack.common.schema.RawFields;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.truth.DayChangesWriter;
import java.io.IOException;
import java.util.SplittableRandom;

/**
 * Writes one table of a day N >= 2 extract. The generator makes each day-1 record as on day 1 (the table's random
 * stream must be drawn exactly as then) and hands it here, which decides its fate on day N:
 * <ul>
 * <li>its user is gone (day-1 users leave at the delete rate, with every record whose userId is theirs): not
 *     written; if it was gone today and the record was live, its processed key is listed as deleted;</li>
 * <li>it changed on some days in 2..N (only live records without a defect that has no clean value change, so a
 *     change is exact in the processed layer): written clean, with its state after its last change; listed as
 *     changed when that was today;</li>
 * <li>otherwise: its day-1 values and defects, with its day-1 older duplicate (snapshot only).</li>
 * </ul>
 * A delta writes only the records new or changed today. Every record written carries a date_extraction on day N.
 * The new users' records come after the day-1 ones ({@link NewUsers}).
 */
final class DayRecords {
    private final GeneratorContext g;
    private final DailyPopulation population;
    private final DayOneLiveness liveness;
    private final TableSink t;
    private final DayChangesWriter changes;
    private final boolean snapshot;
    private final int owner;
    private final int planParent;
    private final int paymentParent;
    private final DailyChange change;
    private final int changeField;
    private final long changeSalt;
    private final int[] changeDays;
    private final String processedName;

    DayRecords(GeneratorContext g, DailyPopulation population, DayOneLiveness liveness, TableSink t,
               DayChangesWriter changes, boolean snapshot, long seed) {
        this.g = g;
        this.population = population;
        this.liveness = liveness;
        this.t = t;
        this.changes = changes;
        this.snapshot = snapshot;
        RawTable table = t.table();
        this.owner = table.fields().contains(RawFields.USER_ID) ? t.field(RawFields.USER_ID) : -1;
        this.planParent = DayOneLiveness.planParent(t);
        this.paymentParent = DayOneLiveness.paymentParent(t);
        this.change = DailyChange.of(table);
        this.changeField = change == null ? -1 : t.field(change.rawField);
        this.changeSalt = Seeds.derive(seed, "daily-change:" + table.tableName());
        this.changeDays = new int[population.day + 1];
        this.processedName = t.processed() == null ? null : t.processed().tableName();
    }

    /** Day-1 record i, built in the sink; {@code duplicate}: day 1 wrote an older copy of it, extracted at {@code olderSecond}. */
    void dayOneRecord(long i, boolean duplicate, long olderSecond) throws IOException {
        int today = population.day;
        boolean live = liveness.live(t, planParent, paymentParent);
        long user = owner >= 0 ? DayOneLiveness.number(t.get(owner)) : 0;
        if (population.isUser(user) && !population.present(user, today)) {
            if (live && processedName != null && population.present(user, today - 1)) changes.deleted(processedName, t.processedKey());
            return;
        }
        int lastChange = 0;
        if (change != null && live && !t.hasDefectWithoutCleanValue()) lastChange = applyChanges(i, 1);
        if (!snapshot && lastChange != today) return;
        t.extraction(population.extractionSecond(t.table(), i));
        t.emit();
        // A changed record is written clean and whole: its stale day-1 copy would be a second, older version.
        if (duplicate && lastChange == 0) t.emitOlderDuplicate(olderSecond);
    }

    /**
     * Applies the changes of record {@code record} on the days after {@code fromDay} up to today to the record in
     * the sink (cleansed first when there is any); lists today's. Returns the day of the last change, 0 for none.
     */
    int applyChanges(long record, int fromDay) throws IOException {
        if (change == null) return 0;
        int n = population.changeDays(changeSalt, record, fromDay, changeDays);
        if (n == 0) return 0;
        t.cleanse();
        Object value = t.get(changeField);
        for (int k = 0; k < n; k++) {
            SplittableRandom r = new SplittableRandom(Seeds.mix(changeSalt ^ Seeds.mix(record * 31 + changeDays[k])));
            value = change.next(value, r, g.pools);
        }
        t.set(changeField, value);
        int last = changeDays[n - 1];
        if (last == population.day) changes.changed(processedName, t.processedKey(), change.column, change.processedValue(value));
        return last;
    }

    /**
     * Writes a record of a new user built in the sink (clean), created on {@code createdDay}: listed as added on its
     * first day, changed like any other record afterwards; a delta holds it only on a day it is new or changed.
     */
    void newRecord(long record, int createdDay) throws IOException {
        int today = population.day;
        int lastChange = applyChanges(record, createdDay);
        if (createdDay == today && processedName != null) changes.added(processedName, t.processedKey());
        if (!snapshot && createdDay != today && lastChange != today) return;
        t.extraction(population.extractionSecond(t.table(), record));
        t.emit();
    }

    /** A new user's record whose user left today: its key is listed as deleted (new records are always live). */
    void newRecordGone() throws IOException {
        if (processedName != null) changes.deleted(processedName, t.processedKey());
    }
}
