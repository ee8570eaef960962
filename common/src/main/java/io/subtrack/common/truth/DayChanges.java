package io.subtrack.common.truth;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * What one day of the generator's daily extract changed in the processed layer, per processed table
 * ({@code io.subtrack.common.schema.ProcessedTable} names): the primary keys added, the keys deleted (their records
 * are gone from the source) and the keys changed, each with its changed processed columns and their expected clean
 * values (codes as declared, dates ISO, money as a plain decimal number, booleans as booleans). Keys are the
 * processed primary key values joined with {@code '|'} in key order. Read with {@link DayChangesReader}; the
 * file format is in docs/generator.md ("Daily extracts").
 *
 * @param day        the extract's day, 1 for the first (baseline) extract
 * @param asOf       the as-of date of that day (the run's --as-of plus day - 1)
 * @param extractMode {@code snapshot} (the whole population) or {@code delta} (new and changed records only)
 * @param tables     per processed table name, its changes; a table without changes may be absent
 */
public record DayChanges(int day, LocalDate asOf, String extractMode, Map<String, TableChanges> tables) {

    /** The changes of one processed table; {@code changed} maps a key to its changed columns and their values. */
    public record TableChanges(Set<String> added, Set<String> deleted, Map<String, Map<String, Object>> changed) {}

    /** The changes of {@code processedTable}, empty when the day has none. */
    public TableChanges of(String processedTable) {
        TableChanges t = tables.get(processedTable);
        return t != null ? t : new TableChanges(Set.of(), Set.of(), Map.of());
    }
}
