package io.subtrack.transformer;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.RawTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The incremental watermark, kept in the raw database (sql/&lt;database&gt;/raw/002_transformer_watermark.sql,
 * applied with the raw tables): the highest row_id per raw table that a successful run delivered.
 */
public final class Watermarks {
    public static final String TABLE = "transformer_watermark";

    private Watermarks() {}

    public static Map<RawTable, Long> read(Connection c) throws SQLException {
        DatabaseDialect d = DatabaseDialect.forUrl(c.getMetaData().getURL());
        Map<RawTable, Long> out = new EnumMap<>(RawTable.class);
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(d.buildSelectStatement(TABLE, List.of("raw_table", "last_row_id"), List.of(), null))) {
            while (rs.next()) {
                RawTable t = RawTable.byName(rs.getString(1));
                if (t != null) out.put(t, rs.getLong(2));
            }
        }
        return out;
    }

    public static void write(Connection c, Map<RawTable, Long> maxRowIds) throws SQLException {
        DatabaseDialect d = DatabaseDialect.forUrl(c.getMetaData().getURL());
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(d.buildUpsertStatement(TABLE, List.of("raw_table"), List.of("raw_table", "last_row_id")))) {
            for (Map.Entry<RawTable, Long> e : maxRowIds.entrySet()) {
                ps.setString(1, e.getKey().tableName());
                ps.setLong(2, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
            c.commit();
        } finally {
            c.setAutoCommit(auto);
        }
    }
}
