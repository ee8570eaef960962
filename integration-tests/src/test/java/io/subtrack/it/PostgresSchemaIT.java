package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.PostgresDialect;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.SchemaMatchesSqlTest;
import io.subtrack.devdb.DevDb;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * sql/postgresql and the Java declarations describe the same tables, read back from the dev-db
 * server's own catalog: every check of SchemaMatchesSqlTest (columns, keys, nullability, foreign
 * keys, every code of every CHECK), plus each column's type as PostgreSQL names it.
 */
class PostgresSchemaIT extends SchemaMatchesSqlTest {
    private static final AtomicInteger DATABASES = new AtomicInteger();

    @Override
    protected Connection connect() throws SQLException {
        return DriverManager.getConnection(DevDb.forTests().createDatabase("schema_" + DATABASES.incrementAndGet()));
    }

    @Override
    protected DatabaseDialect dialect() {
        return new PostgresDialect();
    }

    @Test
    void processedColumnsHaveTheDeclaredPostgresTypes() throws SQLException {
        String q = "SELECT format_type(a.atttypid, a.atttypmod) FROM pg_attribute a"
            + " WHERE a.attrelid = CAST(? AS regclass) AND a.attname = ? AND NOT a.attisdropped";
        try (PreparedStatement ps = c.prepareStatement(q)) {
            for (ProcessedTable t : ProcessedTable.values()) {
                for (Column col : t.columns()) {
                    ps.setString(1, "\"" + t.tableName() + "\"");
                    ps.setString(2, col.name());
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        assertEquals(dialect().columnType(col.type()), rs.getString(1), t.tableName() + "." + col.name());
                    }
                }
            }
        }
    }
}
