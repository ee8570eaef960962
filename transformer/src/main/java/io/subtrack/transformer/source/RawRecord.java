package io.subtrack.transformer.source;

import io.subtrack.common.schema.RawTable;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One raw record as text: {@code values} follow {@link RawTable#fields()}; a JSON null or a missing
 * field is null. {@code rowId} orders arrivals: the raw database's row_id, or the position in the file.
 */
public record RawRecord(RawTable table, String[] values, long rowId) {
    private static final Map<RawTable, Map<String, Integer>> INDEX = new EnumMap<>(RawTable.class);

    static {
        for (RawTable t : RawTable.all()) {
            Map<String, Integer> m = new HashMap<>();
            List<String> f = t.fields();
            for (int i = 0; i < f.size(); i++) m.put(f.get(i), i);
            INDEX.put(t, m);
        }
    }

    public static int indexOf(RawTable table, String field) {
        Integer i = INDEX.get(table).get(field);
        return i == null ? -1 : i;
    }

    public String get(String field) {
        Integer i = INDEX.get(table).get(field);
        return i == null ? null : values[i];
    }
}
