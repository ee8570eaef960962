package io.subtrack.common.schema;

import java.util.List;

/**
 * A column of the processed model. {@code codes} is the closed code set of an enumerated column
 * (empty when free); the SQL CHECK constraint lists the same codes. {@code source} says where the
 * transformer reads its value (null for a column declared without one, e.g. in a loader's test).
 */
public record Column(String name, JdbcType type, boolean nullable, List<String> codes, ColumnSource source) {
    public static Column required(String name, JdbcType type) {
        return new Column(name, type, false, List.of(), null);
    }

    public static Column optional(String name, JdbcType type) {
        return new Column(name, type, true, List.of(), null);
    }

    public static Column code(String name, boolean nullable, String... codes) {
        return new Column(name, JdbcType.nvarchar(30), nullable, List.of(codes), null);
    }

    /** This column, read from one field of a raw table by the transformer's rules of that field (else as an id). */
    public Column from(RawTable table, String field) {
        return from(table, field, Normaliser.ID);
    }

    /** This column, read from one field of a raw table; {@code normaliser} says how when no rule reads that field. */
    public Column from(RawTable table, String field, Normaliser normaliser) {
        return new Column(name, type, nullable, codes, new ColumnSource(table, List.of(field), normaliser));
    }

    /** This code column holds its only code: nothing is read. */
    public Column fixed(RawTable table) {
        if (codes.size() != 1) throw new IllegalStateException(name + ": a fixed column has exactly one code");
        return new Column(name, type, nullable, codes, new ColumnSource(table, List.of(), Normaliser.ID));
    }

    public boolean isCode() {
        return !codes.isEmpty();
    }
}
