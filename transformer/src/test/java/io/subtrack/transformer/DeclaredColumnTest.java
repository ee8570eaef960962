package io.subtrack.transformer;

import static io.subtrack.common.schema.RawFields.USER_QUALITY_FLAG;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.json.Json;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.JdbcType;
import io.subtrack.common.schema.Normaliser;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.source.FileRawSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A column added in a test-only declaration, with a source field read as
 * free text, reaches the cleaned file with no change to main code: its values read, repaired and logged by its rules.
 */
class DeclaredColumnTest {
    static final ProcessedTable USERS_WITH_FLAG = ProcessedTable.USERS.withColumn(
        Column.optional("data_quality_flag", JdbcType.nvarchar(50))
            .from(RawTable.USER, USER_QUALITY_FLAG, Normaliser.TEXT));
    static final ProcessedModel MODEL = ProcessedModel.standard().with(USERS_WITH_FLAG);

    @TempDir
    Path dir;

    private Path run(Path input) throws Exception {
        Transformer t = new Transformer(MODEL, Map.of(), null, Fixtures.quietProgress());
        try (FileRawSource source = new FileRawSource(input)) {
            t.run(source, dir.resolve("cleaned.json"), dir.resolve("rejected.json"));
        }
        return dir.resolve("cleaned.json");
    }

    @Test
    void theExtraColumnIsWrittenLastWithTheTrimmedSourceValue() throws Exception {
        Path raw = Fixtures.writeRaw(dir, """
            {"raw_User": [
              {"raw_id": 1, "userId": "USR00001", "email": "a@b.fr", "role": "admin", "date_extraction": "2025-01-01", "data_quality_flag": "  suspect "},
              {"raw_id": 2, "userId": "USR00002", "email": "c@d.fr", "role": "admin", "date_extraction": "2025-01-01", "data_quality_flag": ""},
              {"raw_id": 3, "userId": "USR00003", "email": "e@f.fr", "role": "admin", "date_extraction": "2025-01-01", "data_quality_flag": 1}
            ]}""");
        JsonNode users = Json.MAPPER.readTree(run(raw).toFile()).get("processed_users");
        assertEquals(3, users.size());
        List<String> names = new ArrayList<>();
        users.get(0).fieldNames().forEachRemaining(names::add);
        assertEquals(USERS_WITH_FLAG.columnNames(), names, "declared columns, the new one last");
        assertEquals("suspect", users.get(0).get("data_quality_flag").asText());
        assertTrue(users.get(1).get("data_quality_flag").isNull(), "empty text is null");
        assertEquals("1", users.get(2).get("data_quality_flag").asText());
        // the repair is logged like any other: raw value, stored value, rule
        String repairs = Files.readString(dir.resolve("repairs.jsonl"));
        assertTrue(repairs.contains("\"field\":\"data_quality_flag\",\"raw\":\"  suspect \",\"stored\":\"suspect\",\"rule\":\"ALL-TEXT-TRIM\""), repairs);
    }

    @Test
    void onTheFixtureEveryUserCarriesItsRecordsFlagAndTheOtherColumnsAreUnchanged() throws Exception {
        JsonNode cleaned = Json.MAPPER.readTree(run(Fixtures.rawSample()).toFile());
        JsonNode standard = Fixtures.runFile(Fixtures.rawSample(), dir.resolve("standard")).cleanedJson();
        Map<String, String> flagOfUser = new HashMap<>();
        JsonNode rejected = Json.MAPPER.readTree(dir.resolve("rejected.json").toFile()).get("raw_User");
        java.util.Set<String> quarantinedRawIds = new java.util.HashSet<>();
        for (JsonNode r : rejected) quarantinedRawIds.add(r.get("raw_id").asText());
        for (JsonNode r : Json.MAPPER.readTree(Fixtures.rawSample().toFile()).get("raw_User")) {
            if (quarantinedRawIds.contains(r.get("raw_id").asText())) continue;
            JsonNode f = r.get("data_quality_flag");
            flagOfUser.put(r.get("userId").asText().strip(), f == null || f.isNull() ? null : f.asText().strip());
        }
        JsonNode users = cleaned.get("processed_users");
        assertEquals(standard.get("processed_users").size(), users.size());
        for (int i = 0; i < users.size(); i++) {
            JsonNode u = users.get(i);
            JsonNode flag = u.get("data_quality_flag");
            assertEquals(flagOfUser.get(u.get("user_id").asText()), flag.isNull() ? null : flag.asText(), u.toString());
            Iterator<Map.Entry<String, JsonNode>> fields = standard.get("processed_users").get(i).fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> e = fields.next();
                assertEquals(e.getValue(), u.get(e.getKey()), e.getKey());
            }
        }
        for (String t : new String[] {"processed_suppliers", "processed_payments", "processed_activity_log"}) {
            assertEquals(standard.get(t), cleaned.get(t), t);
        }
    }
}
