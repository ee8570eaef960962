package io.subtrack.it;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.JdbcType;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.consumer.raw.RawLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A processed table as a schema catalog describes it, in a form the declarations (ProcessedTable, Column,
 * ForeignKey, JdbcType) and a live server's catalog can both be put into and compared whole: the migrations must
 * build exactly what is declared. Each database's test reads its own catalog (pg_catalog, sys.*) into it.
 */
public record DeclaredSchema(List<ColumnShape> columns, List<String> primaryKey, Set<String> foreignKeys,
                             Map<String, Set<String>> codes) {

    /** A column: its name, its type as the dialect's catalog names it, and whether it may hold NULL. */
    public record ColumnShape(String name, String type, boolean nullable) {
        @Override
        public String toString() {
            return name + " " + type + (nullable ? " NULL" : " NOT NULL");
        }
    }

    /** What the declarations say {@code table} is on {@code dialect}'s database. */
    public static DeclaredSchema declared(ProcessedTable table, DatabaseDialect dialect) {
        List<ColumnShape> columns = new ArrayList<>();
        List<Column> stored = new ArrayList<>(table.columns());
        stored.addAll(ProcessedTable.VERSION_COLUMNS);
        Map<String, Set<String>> codes = new TreeMap<>();
        for (Column c : stored) {
            columns.add(new ColumnShape(c.name(), dialect.columnType(c.type()), c.nullable()));
            if (c.isCode()) codes.put(c.name(), new TreeSet<>(c.codes()));
        }
        Set<String> foreignKeys = new TreeSet<>();
        for (ForeignKey fk : table.foreignKeys()) foreignKeys.add(foreignKey(fk.columns(), fk.parentTable(), fk.parent().primaryKey()));
        return new DeclaredSchema(columns, table.primaryKey(), foreignKeys, codes);
    }

    /**
     * A raw table's source fields as declared: in RawTable's order, each text of the raw width
     * (RawLoader.MAX_VALUE_LENGTH), NULL allowed (a field a source row lacks).
     */
    public static List<ColumnShape> rawFields(RawTable table, DatabaseDialect dialect) {
        String text = dialect.columnType(JdbcType.nvarchar(RawLoader.MAX_VALUE_LENGTH));
        return table.fields().stream().map(f -> new ColumnShape(f, text, true)).toList();
    }

    /** The catalog's columns of a raw table that are its declared source fields, in the catalog's order. */
    public static List<ColumnShape> fieldsOf(RawTable table, DeclaredSchema catalog) {
        return catalog.columns().stream().filter(c -> table.fields().contains(c.name())).toList();
    }

    /** One foreign key as compared: {@code (c1, c2) -> parent (p1, p2)}. */
    public static String foreignKey(List<String> columns, String parentTable, List<String> parentColumns) {
        return "(" + String.join(", ", columns) + ") -> " + parentTable + " (" + String.join(", ", parentColumns) + ")";
    }

    /**
     * The string literals of a CHECK constraint's definition as the server prints it back ({@code 'A'}, {@code N'A'},
     * {@code 'it''s'}): the codes a code-set CHECK admits, however the server rewrote the IN list.
     */
    public static Set<String> literals(String checkDefinition) {
        Set<String> out = new TreeSet<>();
        int i = 0;
        while ((i = checkDefinition.indexOf('\'', i)) >= 0) {
            StringBuilder literal = new StringBuilder();
            int j = i + 1;
            while (j < checkDefinition.length()) {
                char ch = checkDefinition.charAt(j);
                if (ch == '\'' && j + 1 < checkDefinition.length() && checkDefinition.charAt(j + 1) == '\'') {
                    literal.append('\'');
                    j += 2;
                } else if (ch == '\'') {
                    break;
                } else {
                    literal.append(ch);
                    j++;
                }
            }
            if (j >= checkDefinition.length()) throw new IllegalArgumentException("unterminated literal in " + checkDefinition);
            out.add(literal.toString());
            i = j + 1;
        }
        return out;
    }

    /**
     * Asserts the catalog's {@code actual} is what is declared: columns in order with their types and nullability,
     * the primary key in order, the foreign keys, and for every code column the codes its CHECK admits, exactly
     * (a code missing, added or misspelt fails). Other CHECKs (a price not negative) have no declaration to compare.
     */
    public static void assertMatches(String table, DeclaredSchema declared, DeclaredSchema actual) {
        org.junit.jupiter.api.Assertions.assertEquals(declared.columns(), actual.columns(), table + " columns");
        org.junit.jupiter.api.Assertions.assertEquals(declared.primaryKey(), actual.primaryKey(), table + " primary key");
        org.junit.jupiter.api.Assertions.assertEquals(declared.foreignKeys(), actual.foreignKeys(), table + " foreign keys");
        for (Map.Entry<String, Set<String>> code : declared.codes().entrySet()) {
            org.junit.jupiter.api.Assertions.assertEquals(code.getValue(), actual.codes().get(code.getKey()),
                table + "." + code.getKey() + " CHECK codes");
        }
    }
}
