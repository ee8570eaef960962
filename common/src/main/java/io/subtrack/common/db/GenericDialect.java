package io.subtrack.common.db;

import io.subtrack.common.schema.JdbcType;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.stream.Collectors;

/** Standard SQL: double-quoted identifiers and the SQL:2003 MERGE; the databases' dialects override what differs. */
public class GenericDialect implements DatabaseDialect {
    private final String name;

    public GenericDialect(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String schemaFolder() {
        throw new UnsupportedOperationException(name + " has no schema scripts of its own");
    }

    /** SQL:2003 type names, lower case as catalogs report them. */
    @Override
    public String columnType(JdbcType type) {
        return switch (type.sqlType()) {
            case Types.VARCHAR -> type.length() == JdbcType.UNBOUNDED ? "character large object" : "character varying(" + type.length() + ")";
            case Types.DECIMAL -> "decimal(" + type.precision() + "," + type.scale() + ")";
            case Types.DATE -> "date";
            case Types.TIMESTAMP -> "timestamp";
            case Types.BIT -> "boolean";
            case Types.INTEGER -> "integer";
            default -> throw new IllegalArgumentException("no " + name + " type for java.sql.Types " + type.sqlType());
        };
    }

    /** By SQLSTATE only: class 22 or 23 blames the row (see {@link SqlErrors}). */
    @Override
    public boolean isRowRefused(SQLException e) {
        return SqlErrors.isRowRefused(e, s -> false, whole -> false);
    }

    @Override
    public String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    protected String columnList(List<String> columns) {
        return columns.stream().map(this::quote).collect(Collectors.joining(", "));
    }

    protected String placeholders(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    @Override
    public String buildInsertStatement(String table, List<String> columns) {
        return "INSERT INTO " + quote(table) + " (" + columnList(columns) + ") VALUES (" + placeholders(columns.size()) + ")";
    }

    @Override
    public String buildUpdateStatement(String table, List<String> setColumns, List<String> keyColumns) {
        StringBuilder sb = new StringBuilder("UPDATE ").append(quote(table)).append(" SET ");
        for (int i = 0; i < setColumns.size(); i++) sb.append(i > 0 ? ", " : "").append(quote(setColumns.get(i))).append(" = ?");
        sb.append(" WHERE ");
        for (int i = 0; i < keyColumns.size(); i++) sb.append(i > 0 ? " AND " : "").append(quote(keyColumns.get(i))).append(" = ?");
        return sb.toString();
    }

    /** The target-table reference of a MERGE; SQL Server adds a locking hint here. */
    protected String mergeTarget(String table) {
        return quote(table) + " AS t";
    }

    @Override
    public String buildUpsertStatement(String table, List<String> keyColumns, List<String> columns) {
        StringBuilder sql = new StringBuilder();
        sql.append("MERGE INTO ").append(mergeTarget(table))
            .append(" USING (VALUES (").append(placeholders(columns.size())).append(")) AS s (")
            .append(columnList(columns)).append(") ON ");
        sql.append(keyColumns.stream().map(k -> "t." + quote(k) + " = s." + quote(k)).collect(Collectors.joining(" AND ")));
        List<String> nonKey = columns.stream().filter(c -> !keyColumns.contains(c)).toList();
        if (!nonKey.isEmpty()) {
            sql.append(" WHEN MATCHED THEN UPDATE SET ")
                .append(nonKey.stream().map(c -> "t." + quote(c) + " = s." + quote(c)).collect(Collectors.joining(", ")));
        }
        sql.append(" WHEN NOT MATCHED THEN INSERT (").append(columnList(columns)).append(") VALUES (")
            .append(columns.stream().map(c -> "s." + quote(c)).collect(Collectors.joining(", "))).append(")");
        sql.append(mergeTerminator());
        return sql.toString();
    }

    /** Standard MERGE: {@code WHEN MATCHED AND (t.v IS NULL OR t.v <= s.v) THEN UPDATE SET ..., t.cleared = NULL}. */
    @Override
    public String buildUpsertStatement(String table, List<String> keyColumns, List<String> columns, VersionGuard guard) {
        requireVersioned(columns, keyColumns, guard);
        StringBuilder sql = new StringBuilder();
        sql.append("MERGE INTO ").append(mergeTarget(table))
            .append(" USING (VALUES (").append(placeholders(columns.size())).append(")) AS s (")
            .append(columnList(columns)).append(") ON ");
        sql.append(keyColumns.stream().map(k -> "t." + quote(k) + " = s." + quote(k)).collect(Collectors.joining(" AND ")));
        String v = quote(guard.versionColumn());
        List<String> set = new java.util.ArrayList<>();
        for (String c : columns) if (!keyColumns.contains(c)) set.add("t." + quote(c) + " = s." + quote(c));
        for (String c : guard.clearedOnUpdate()) set.add("t." + quote(c) + " = NULL");
        sql.append(" WHEN MATCHED AND (t.").append(v).append(" IS NULL OR t.").append(v).append(" <= s.").append(v)
            .append(") THEN UPDATE SET ").append(String.join(", ", set));
        sql.append(" WHEN NOT MATCHED THEN INSERT (").append(columnList(columns)).append(") VALUES (")
            .append(columns.stream().map(c -> "s." + quote(c)).collect(Collectors.joining(", "))).append(")");
        sql.append(mergeTerminator());
        return sql.toString();
    }

    /** The version column is written by the upsert, is not a key, and is not among the columns it clears. */
    protected static void requireVersioned(List<String> columns, List<String> keyColumns, VersionGuard guard) {
        String v = guard.versionColumn();
        if (!columns.contains(v) || keyColumns.contains(v) || guard.clearedOnUpdate().contains(v)) {
            throw new IllegalArgumentException("version column " + v + " must be a written, non-key, non-cleared column of " + columns);
        }
        for (String c : guard.clearedOnUpdate()) {
            if (columns.contains(c) || keyColumns.contains(c)) throw new IllegalArgumentException(c + " is both written and cleared");
        }
    }

    @Override
    public String buildGuardedUpdateStatement(String table, List<String> setColumns, List<String> keyColumns, String versionColumn) {
        if (setColumns.isEmpty() || keyColumns.isEmpty()) throw new IllegalArgumentException("an update needs columns to set and a key");
        String v = quote(versionColumn);
        return "UPDATE " + quote(table) + " SET " + setColumns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(", "))
            + " WHERE " + keyColumns.stream().map(k -> quote(k) + " = ?").collect(Collectors.joining(" AND "))
            + " AND (" + v + " IS NULL OR " + v + " <= ?)";
    }

    protected String mergeTerminator() {
        return "";
    }

    private String select(String table, List<String> columns, String where, String orderBy) {
        return "SELECT " + columnList(columns) + " FROM " + quote(table)
            + (where == null ? "" : " WHERE " + where)
            + (orderBy == null ? "" : " ORDER BY " + quote(orderBy));
    }

    @Override
    public String buildSelectStatement(String table, List<String> columns, List<String> equalColumns, String orderBy) {
        String where = equalColumns.isEmpty() ? null
            : equalColumns.stream().map(c -> quote(c) + " = ?").collect(Collectors.joining(" AND "));
        return select(table, columns, where, orderBy);
    }

    /** SQL:2008 OFFSET/FETCH, which PostgreSQL and SQL Server share. */
    @Override
    public String buildSelectPageAfterStatement(String table, List<String> columns, List<String> equalColumns, String orderColumn,
                                                int pageRows) {
        StringBuilder where = new StringBuilder();
        for (String e : equalColumns) where.append(quote(e)).append(" = ? AND ");
        where.append(quote(orderColumn)).append(" > ?");
        return select(table, columns, where.toString(), orderColumn) + " OFFSET 0 ROWS FETCH NEXT " + pageRows + " ROWS ONLY";
    }

    @Override
    public String buildSelectByKeysStatement(String table, List<String> columns, String keyColumn, int keys,
                                             List<String> nullColumns) {
        if (keys < 1) throw new IllegalArgumentException("a key look-up needs at least one key");
        StringBuilder where = new StringBuilder();
        for (String n : nullColumns) where.append(quote(n)).append(" IS NULL AND ");
        where.append(quote(keyColumn)).append(" IN (").append(placeholders(keys)).append(")");
        return select(table, columns, where.toString(), null);
    }

    @Override
    public String buildSelectAllStatement(String relation, List<OrderBy> order) {
        return "SELECT * FROM " + quote(relation) + (order.isEmpty() ? "" : " ORDER BY "
            + order.stream().map(o -> quote(o.column()) + (o.descending() ? " DESC" : "")).collect(Collectors.joining(", ")));
    }

    @Override
    public String buildCountStatement(String table) {
        return "SELECT COUNT(*) FROM " + quote(table);
    }
}
