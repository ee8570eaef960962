package io.subtrack.transformer.source;

import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.schema.RawTable;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

/** Streams raw rows from the raw tables, ordered by row_id, with a fetch size so memory stays flat. */
public final class JdbcRawSource implements RawSource {
    public static final int FETCH_SIZE = 2000;

    private final Connection connection;
    private final DatabaseDialect dialect;
    private final String url;

    public JdbcRawSource(Connection connection) throws Exception {
        this.connection = connection;
        this.url = connection.getMetaData().getURL();
        this.dialect = DatabaseDialect.forUrl(url);
        if (url.startsWith("jdbc:h2:")) {
            // Embedded H2 otherwise materialises a large result (to temporary files) before the first row.
            try (java.sql.Statement st = connection.createStatement()) {
                st.execute("SET LAZY_QUERY_EXECUTION TRUE");
            }
        }
    }

    public Connection connection() {
        return connection;
    }

    @Override
    public void scan(RawTable table, RowHandler handler) throws Exception {
        List<String> columns = new ArrayList<>(table.fields());
        columns.add("row_id");
        String sql = dialect.buildSelectStatement(table.tableName(), columns, null, dialect.quote("row_id"));
        int n = table.fields().size();
        try (PreparedStatement ps = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] values = new String[n];
                    for (int i = 0; i < n; i++) values[i] = rs.getString(i + 1);
                    handler.accept(new RawRow(table, values, rs.getLong(n + 1)));
                }
            }
        }
    }

    @Override
    public void scanKeys(RawTable table, KeyHandler handler) throws Exception {
        List<String> columns = new ArrayList<>(table.keyFields());
        columns.add("date_extraction");
        columns.add("row_id");
        String sql = dialect.buildSelectStatement(table.tableName(), columns, null, dialect.quote("row_id"));
        int k = table.keyFields().size();
        try (PreparedStatement ps = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(FETCH_SIZE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String[] keys = new String[k];
                    for (int i = 0; i < k; i++) keys[i] = rs.getString(i + 1);
                    handler.accept(keys, rs.getString(k + 1), rs.getLong(k + 2));
                }
            }
        }
    }

    @Override
    public String describe() {
        return "raw database " + Database.redact(url);
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
