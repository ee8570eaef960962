package io.subtrack.common.lineage;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Facets a stage adds to its COMPLETE event beyond the output row counts: output sizes it knows
 * (a file output's size is read from the file anyway), and the transformer's data-quality outcome.
 */
public final class LineageFacets {
    final Map<DatasetRef, Long> outputSizes = new LinkedHashMap<>();
    /** Per input dataset: the tables whose rules it carries, each with its rows in (may be null). */
    final Map<DatasetRef, Map<String, Long>> qualityTables = new LinkedHashMap<>();
    final Map<DatasetRef, List<QualityRule>> qualityRules = new LinkedHashMap<>();

    public static LineageFacets none() {
        return new LineageFacets();
    }

    /** The size in bytes of an output, e.g. the bytes a producer published. */
    public LineageFacets outputSize(DatasetRef output, long bytes) {
        outputSizes.put(Objects.requireNonNull(output), bytes);
        return this;
    }

    /**
     * The data-quality outcome, on the input datasets the rules checked: for each, an
     * OpenLineage {@code dataQualityMetrics} input facet (rowCount: the table's rows in; per
     * field, count: the most values any rule on it evaluated) and a {@code dataQualityAssertions}
     * input facet (per rule: assertion = rule id, column = field, success = no value failed it,
     * expected "0" and actual the failed count). A dataset that holds several tables (a raw JSON
     * file) has its columns named {@code table.field}.
     *
     * @param datasetOfTable the input dataset a raw table was read from, e.g.
     *     {@code t -> Datasets.jdbcTable(url, t)} or {@code t -> Datasets.file(input)}
     * @param rowsInByTable rows read per raw table (null or a missing table: no rowCount)
     * @param rules the rules' outcomes
     */
    public LineageFacets quality(Function<String, DatasetRef> datasetOfTable, Map<String, Long> rowsInByTable,
                                 Collection<QualityRule> rules) {
        for (QualityRule r : rules) {
            DatasetRef ds = datasetOfTable.apply(r.table());
            if (ds == null) continue;
            qualityTables.computeIfAbsent(ds, k -> new LinkedHashMap<>())
                .put(r.table(), rowsInByTable == null ? null : rowsInByTable.get(r.table()));
            qualityRules.computeIfAbsent(ds, k -> new ArrayList<>()).add(r);
        }
        if (rowsInByTable != null) {
            // a table no rule checks still counts its rows in its dataset
            for (Map.Entry<String, Long> e : rowsInByTable.entrySet()) {
                DatasetRef ds = datasetOfTable.apply(e.getKey());
                if (ds != null && qualityTables.containsKey(ds)) qualityTables.get(ds).putIfAbsent(e.getKey(), e.getValue());
            }
        }
        return this;
    }
}
