package io.subtrack.common.db;

/** {@code jdbc:postgresql:} URLs: {@link PostgresDialect}. */
public final class PostgresDialectProvider implements DatabaseDialectProvider {
    @Override
    public String name() {
        return "PostgreSQL (jdbc:postgresql:)";
    }

    @Override
    public boolean accepts(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public DatabaseDialect create() {
        return new PostgresDialect();
    }
}
