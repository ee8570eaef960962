package io.subtrack.transformer.rules;

import io.subtrack.common.schema.RawTable;
import java.util.List;

/**
 * One named check or repair of the transformer: its id, the raw table and field(s) it reads, its action and the line
 * docs/data-quality.md shows for it. What it checks is in its subclass: a {@link ValueRule} reads a column's value
 * (check and repair), a {@link RefiningRule} or {@link FlagRule} looks again at a value another rule read, an
 * {@link UnusableValue} answers for a value its field's value rule could not use, a {@link RecordRule} checks a whole
 * record (several fields), and a {@link PipelineRule} is checked by the transformer's pipeline (keys, duplicates,
 * references). {@code formatOnly} marks a lossless change of representation (a date written another way, a number
 * with a comma): such a change can never alter the meaning of a clean value, so the ground-truth scorer does not
 * count it as a value "changed by mistake".
 */
public abstract class Rule {
    /**
     * REPAIR rewrites a value; NULLIFY turns it into null; REJECT quarantines the record; FLAG keeps the value as it
     * is and counts it as a quality issue (a deviation from the SPEC's three actions: nothing can be repaired and
     * the value is still the best the source has, so neither null nor an invented value would be right).
     */
    public enum Action { REPAIR, NULLIFY, REJECT, FLAG }

    private final String id;
    private final RawTable table;
    private final String field;
    private final List<String> fields;
    private final Action action;
    private final boolean formatOnly;
    private final String description;
    private final List<String> examples;

    /**
     * {@code table} null: a rule of every table. {@code field}: the raw field it reads, several comma-separated, or a
     * word for what it reads when that is not one field ("*", "natural key").
     */
    protected Rule(String id, RawTable table, String field, Action action, boolean formatOnly, String description,
                   String... examples) {
        this.id = id;
        this.table = table;
        this.field = field;
        this.fields = List.of(field.split(","));
        this.action = action;
        this.formatOnly = formatOnly;
        this.description = description;
        this.examples = List.of(examples);
    }

    public final String id() { return id; }
    /** The raw table's name, or "*" for a rule of every table. */
    public final String table() { return table == null ? "*" : table.tableName(); }
    /** The raw table it reads, or null for a rule of every table. */
    public final RawTable rawTable() { return table; }
    /** The field(s) it reads, as the document shows them. */
    public final String field() { return field; }
    public final Action action() { return action; }
    public final boolean formatOnly() { return formatOnly; }
    public final String description() { return description; }
    public final List<String> examples() { return examples; }

    /** Whether this rule reads that field of that raw table. */
    public final boolean reads(RawTable rawTable, String rawField) {
        return (table == null || table == rawTable) && fields.contains(rawField);
    }

    @Override
    public final String toString() {
        return id;
    }
}
