package io.subtrack.it.production;

import io.subtrack.it.DeclaredSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A processed table as SQL Server's catalog (sys.columns, sys.indexes, sys.foreign_keys, sys.check_constraints) describes it. */
final class SqlServerCatalog {
    private SqlServerCatalog() {}

    static DeclaredSchema read(Connection c, String table) throws SQLException {
        List<DeclaredSchema.ColumnShape> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT c.name, t.name, c.max_length, c.precision, c.scale, c.is_nullable"
            + " FROM sys.columns c JOIN sys.types t ON t.user_type_id = c.user_type_id"
            + " WHERE c.object_id = OBJECT_ID(?) ORDER BY c.column_id")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new DeclaredSchema.ColumnShape(rs.getString(1),
                        typeName(rs.getString(2), rs.getInt(3), rs.getInt(4), rs.getInt(5)), rs.getBoolean(6)));
                }
            }
        }
        List<String> primaryKey = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT col.name FROM sys.indexes i"
            + " JOIN sys.index_columns ic ON ic.object_id = i.object_id AND ic.index_id = i.index_id"
            + " JOIN sys.columns col ON col.object_id = ic.object_id AND col.column_id = ic.column_id"
            + " WHERE i.object_id = OBJECT_ID(?) AND i.is_primary_key = 1 ORDER BY ic.key_ordinal")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) primaryKey.add(rs.getString(1));
            }
        }
        Map<String, List<String[]>> byKey = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT fk.name, pc.name, OBJECT_NAME(fk.referenced_object_id), rc.name"
            + " FROM sys.foreign_keys fk JOIN sys.foreign_key_columns fkc ON fkc.constraint_object_id = fk.object_id"
            + " JOIN sys.columns pc ON pc.object_id = fkc.parent_object_id AND pc.column_id = fkc.parent_column_id"
            + " JOIN sys.columns rc ON rc.object_id = fkc.referenced_object_id AND rc.column_id = fkc.referenced_column_id"
            + " WHERE fk.parent_object_id = OBJECT_ID(?) ORDER BY fk.name, fkc.constraint_column_id")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byKey.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new String[] {rs.getString(2), rs.getString(3), rs.getString(4)});
                }
            }
        }
        Set<String> foreignKeys = new TreeSet<>();
        for (List<String[]> parts : byKey.values()) {
            foreignKeys.add(DeclaredSchema.foreignKey(parts.stream().map(p -> p[0]).toList(), parts.get(0)[1],
                parts.stream().map(p -> p[2]).toList()));
        }
        Map<String, Set<String>> codes = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT definition FROM sys.check_constraints WHERE parent_object_id = OBJECT_ID(?)")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String definition = rs.getString(1);
                    // SQL Server prints a constraint back with bracketed names: the one column it names, if only one
                    List<String> named = columns.stream().map(DeclaredSchema.ColumnShape::name)
                        .filter(n -> definition.contains("[" + n + "]")).toList();
                    if (named.size() == 1) codes.computeIfAbsent(named.get(0), k -> new TreeSet<>()).addAll(DeclaredSchema.literals(definition));
                }
            }
        }
        return new DeclaredSchema(columns, primaryKey, foreignKeys, codes);
    }

    /**
     * The type as SqlServerDialect.columnType names it: sys.columns.max_length is in bytes (two per NVARCHAR
     * character, -1 for MAX); DATETIME2 carries its fractional digits when they are not the default 7.
     */
    static String typeName(String type, int maxLength, int precision, int scale) {
        return switch (type) {
            case "nvarchar", "nchar" -> type + "(" + (maxLength == -1 ? "max" : String.valueOf(maxLength / 2)) + ")";
            case "varchar", "char", "varbinary", "binary" -> type + "(" + (maxLength == -1 ? "max" : String.valueOf(maxLength)) + ")";
            case "decimal", "numeric" -> type + "(" + precision + "," + scale + ")";
            case "datetime2" -> scale == 7 ? type : type + "(" + scale + ")";
            default -> type;
        };
    }
}
