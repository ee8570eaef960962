package io.subtrack.common.run;

import io.subtrack.common.lineage.DatasetRef;
import io.subtrack.common.lineage.LineageFacets;
import java.util.List;

/**
 * A pipeline stage whose runs go on record: {@code Cli} writes its run's row (subtrack_runs, in the database its
 * {@code DatasetOptions} mixin names) and its OpenLineage events (START, then COMPLETE or FAIL, through its
 * {@code LineageOptions} mixin) around it, with the exit code it ends with. A stage names what it reads and writes.
 */
public interface RecordedStage {
    /** What the run reads: files, topics, tables (OpenLineage names, {@code io.subtrack.common.lineage.Datasets}). */
    List<DatasetRef> inputs();

    /** What the run writes; each is given the stage's records out as its row count. */
    List<DatasetRef> outputs();

    /** False for a run that is not a stage's run (producer-raw --create-field-key): nothing goes on record. */
    default boolean onRecord() {
        return true;
    }

    /** Facets beyond the output statistics (the transformer's data-quality metrics and assertions). */
    default LineageFacets lineageFacets() {
        return LineageFacets.none();
    }
}
