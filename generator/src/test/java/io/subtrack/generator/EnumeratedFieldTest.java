package io.subtrack.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.truth.GroundTruthEntry;
import io.subtrack.common.truth.GroundTruthReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator's codes are the processed model's: what it writes, and what it says a variant stands for. */
class EnumeratedFieldTest {
    /** Code columns no raw field feeds: the transformer sets the currency, the source has none. */
    private static final Set<String> NOT_FROM_THE_SOURCE = Set.of("processed_plans.currency", "processed_payments.currency");

    @TempDir
    static Path dir;
    static JsonNode tables;
    static Map<String, GroundTruthEntry> entryByRecordField = new HashMap<>();
    static Set<String> duplicates = new HashSet<>();

    @BeforeAll
    static void generate() throws IOException {
        Generated run = Generated.run(dir, 42L);
        tables = run.tables();
        for (GroundTruthEntry e : GroundTruthReader.readAll(run.groundTruth)) {
            entryByRecordField.put(e.table() + "|" + e.rawId() + "|" + e.field(), e);
            if (e.kind().equals(TableSink.DUPLICATE_KEY)) duplicates.add(e.table() + "|" + e.rawId());
        }
    }

    @Test
    void everyCodeSetHasTheCodesOfItsDeclaredColumnInOrder() {
        for (EnumeratedField set : EnumeratedField.all()) {
            assertEquals(set.column.codes(), List.of(set.codes), set.processedTable.tableName() + "." + set.column.name());
            assertTrue(set.rawTable.fields().contains(set.rawField), set.rawTable.tableName() + " has no field " + set.rawField);
        }
    }

    @Test
    void everyCodeColumnTheSourceFeedsHasOneCodeSet() {
        Set<String> fed = new HashSet<>();
        for (EnumeratedField set : EnumeratedField.all()) {
            assertTrue(fed.add(set.processedTable.tableName() + "." + set.column.name()), "two code sets feed " + set.column.name());
        }
        for (ProcessedTable t : ProcessedTable.values()) {
            for (Column c : t.columns()) {
                String name = t.tableName() + "." + c.name();
                if (c.isCode() && !NOT_FROM_THE_SOURCE.contains(name)) assertTrue(fed.contains(name), "no code set generates " + name);
            }
        }
    }

    /** Every value of a code field is a declared code, unless the ground truth lists it, as a variant of a declared code. */
    @Test
    void everyGeneratedCodeIsDeclaredAndEveryVariantStandsForADeclaredCode() {
        for (EnumeratedField set : EnumeratedField.all()) {
            List<String> declared = set.column.codes();
            int canonical = 0, variants = 0;
            for (JsonNode record : tables.get(set.rawTable.tableName())) {
                JsonNode value = record.get(set.rawField);
                long rawId = record.get("raw_id").asLong();
                // A duplicate row is a copy of the record before it, whose entries stand for both.
                if (duplicates.contains(set.rawTable.tableName() + "|" + rawId)) rawId--;
                GroundTruthEntry e = entryByRecordField.get(set.rawTable.tableName() + "|" + rawId + "|" + set.rawField);
                String where = set.rawTable.tableName() + " raw_id " + record.get("raw_id") + " " + set.rawField + "=" + value;
                if (e == null) {
                    assertTrue(declared.contains(value.asText()), where + " is not a declared code");
                    canonical++;
                } else if (e.kind().equals(FieldValues.CODE_VARIANT)) {
                    String code = (String) e.clean();
                    assertTrue(declared.contains(code), where + " stands for undeclared " + code);
                    assertTrue(Arrays.asList(set.variants[set.indexOf(code)]).contains(value.asText()), where + " is no variant of " + code);
                    variants++;
                } else {
                    assertEquals(FieldValues.CODE_MISSING, e.kind(), where);
                }
            }
            assertTrue(canonical > 0 && variants > 0, set.rawField + ": " + canonical + " canonical, " + variants + " variants");
        }
    }
}
