package io.subtrack.common.db;

/** {@code jdbc:sqlserver:} URLs (mssql-jdbc): {@link SqlServerDialect}. */
public final class SqlServerDialectProvider implements DatabaseDialectProvider {
    @Override
    public String name() {
        return "SQL Server (jdbc:sqlserver:)";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:sqlserver:");
    }

    @Override
    public DatabaseDialect create() {
        return new SqlServerDialect();
    }
}
