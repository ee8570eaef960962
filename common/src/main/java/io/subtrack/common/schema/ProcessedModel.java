package io.subtrack.common.schema;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The processed tables a run produces, in dependency order (parents first), looked up by name. The standard model
 * is {@link ProcessedTable#values()}; a test builds another by replacing a table with a changed declaration.
 */
public final class ProcessedModel {
    private static final ProcessedModel STANDARD = new ProcessedModel(List.of(ProcessedTable.values()));

    private final List<ProcessedTable> tables;
    private final Map<String, ProcessedTable> byName = new HashMap<>();

    private ProcessedModel(List<ProcessedTable> tables) {
        this.tables = List.copyOf(tables);
        for (ProcessedTable t : tables) byName.put(t.tableName(), t);
        for (ProcessedTable t : tables) {
            for (ForeignKey fk : t.foreignKeys()) {
                ProcessedTable parent = byName.get(fk.parentTable());
                if (parent == null || parent.ordinal() >= t.ordinal()) {
                    throw new IllegalArgumentException(t.tableName() + " refers to " + fk.parentTable() + ", not declared before it");
                }
            }
        }
    }

    public static ProcessedModel standard() {
        return STANDARD;
    }

    /** This model with {@code table} in place of the table of the same name. */
    public ProcessedModel with(ProcessedTable table) {
        List<ProcessedTable> replaced = new ArrayList<>(tables);
        int i = replaced.indexOf(byName.get(table.tableName()));
        if (i < 0) throw new IllegalArgumentException(table.tableName() + " is not a table of this model");
        replaced.set(i, table);
        return new ProcessedModel(replaced);
    }

    /** Dependency order: every table after the tables it refers to. */
    public List<ProcessedTable> tables() {
        return tables;
    }

    /** The table of that name, or null. */
    public ProcessedTable table(String name) {
        return byName.get(name);
    }
}
