package io.subtrack.common.db;

import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The registered {@link DatabaseDialectProvider}s, loaded once from common's class loader. */
final class DialectProviders {
    private static final List<DatabaseDialectProvider> PROVIDERS = ServiceLoader
        .load(DatabaseDialectProvider.class, DatabaseDialectProvider.class.getClassLoader())
        .stream().map(ServiceLoader.Provider::get).toList();

    private DialectProviders() {}

    static Optional<DatabaseDialect> find(String jdbcUrl) {
        return PROVIDERS.stream().filter(p -> p.accepts(jdbcUrl)).findFirst().map(DatabaseDialectProvider::create);
    }

    static String known() {
        return PROVIDERS.stream().map(DatabaseDialectProvider::name).collect(Collectors.joining(", "));
    }
}
