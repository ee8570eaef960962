package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.subtrack.common.db.AnalyticsView;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.common.schema.SchemaMatchesSqlTest;
import io.subtrack.devdb.DevDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * sql/postgresql and the Java declarations describe the same tables, read back from the dev-db
 * server's own catalog after the migrations ran: every check of SchemaMatchesSqlTest (columns, keys,
 * nullability, foreign keys, every code of every CHECK by what the server accepts and refuses), and
 * pg_catalog compared whole with the declarations ({@link DeclaredSchema}): each column's type as
 * PostgreSQL names it, nullability, primary and foreign keys, and the exact code set of every code CHECK.
 */
class PostgresSchemaIT extends SchemaMatchesSqlTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(DevDb.forTests().createDatabase("schema_" + DATABASES.incrementAndGet()));
    }

    @Override
    protected DatabaseDialect dialect() {
        return DatabaseDialect.forUrl("jdbc:postgresql://dev-db/subtrack");
    }

    @Test
    void theCatalogHoldsExactlyTheDeclaredProcessedTables() throws SQLException {
        for (ProcessedTable t : ProcessedTable.values()) {
            DeclaredSchema.assertMatches(t.tableName(), DeclaredSchema.declared(t, dialect()), catalog(c, t.tableName()));
        }
    }

    /** Every raw table's source fields are text of the raw width, NULL allowed, in the declared order. */
    @Test
    void theCatalogHoldsTheDeclaredRawFields() throws SQLException {
        for (RawTable t : RawTable.all()) {
            assertEquals(DeclaredSchema.rawFields(t, dialect()), DeclaredSchema.fieldsOf(t, catalog(c, t.tableName())), t.tableName());
        }
    }

    /** The views the migrations created are the declared analytics views, no more, no fewer. */
    @Test
    void theCatalogHoldsExactlyTheDeclaredViews() throws SQLException {
        Set<String> views = new TreeSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT viewname FROM pg_views WHERE schemaname = current_schema()");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) views.add(rs.getString(1));
        }
        Set<String> declared = new TreeSet<>();
        for (AnalyticsView v : AnalyticsView.ALL) declared.add(v.name());
        assertEquals(declared, views);
    }

    /** A processed table as pg_catalog describes it. */
    static DeclaredSchema catalog(Connection c, String table) throws SQLException {
        String relation = "\"" + table + "\"";
        List<DeclaredSchema.ColumnShape> columns = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull"
            + " FROM pg_attribute a WHERE a.attrelid = CAST(? AS regclass) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) columns.add(new DeclaredSchema.ColumnShape(rs.getString(1), rs.getString(2), !rs.getBoolean(3)));
            }
        }
        List<String> primaryKey = new ArrayList<>();
        Set<String> foreignKeys = new TreeSet<>();
        String keyColumns = "(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(%1$s) WITH ORDINALITY k(attnum, n)"
            + " JOIN pg_attribute a ON a.attrelid = %2$s AND a.attnum = k.attnum)";
        try (PreparedStatement ps = c.prepareStatement("SELECT con.contype, " + String.format(keyColumns, "con.conkey", "con.conrelid")
            + ", (SELECT relname FROM pg_class WHERE oid = con.confrelid), " + String.format(keyColumns, "con.confkey", "con.confrelid")
            + " FROM pg_constraint con WHERE con.conrelid = CAST(? AS regclass) AND con.contype IN ('p', 'f')")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> cols = List.of(rs.getString(2).split(","));
                    if (rs.getString(1).equals("p")) primaryKey.addAll(cols);
                    else foreignKeys.add(DeclaredSchema.foreignKey(cols, rs.getString(3), List.of(rs.getString(4).split(","))));
                }
            }
        }
        Map<String, Set<String>> codes = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT a.attname, pg_get_constraintdef(con.oid) FROM pg_constraint con"
            + " JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]"
            + " WHERE con.conrelid = CAST(? AS regclass) AND con.contype = 'c' AND cardinality(con.conkey) = 1")) {
            ps.setString(1, relation);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) codes.computeIfAbsent(rs.getString(1), k -> new TreeSet<>()).addAll(DeclaredSchema.literals(rs.getString(2)));
            }
        }
        return new DeclaredSchema(columns, primaryKey, foreignKeys, codes);
    }
}
