package io.subtrack.common.db;

/**
 * Finds the dialect of a JDBC URL (after kafka-connect-jdbc's DatabaseDialectProvider): every provider listed in
 * {@code META-INF/services/io.subtrack.common.db.DatabaseDialectProvider} is asked in turn by
 * {@link DatabaseDialect#forUrl}, so a database is added with its dialect, its provider and that one line.
 */
public interface DatabaseDialectProvider {
    /** The database's name, for a message naming the databases SubTrack knows. */
    String name();

    /** Whether this provider's dialect speaks to the database {@code jdbcUrl} names. */
    boolean accepts(String jdbcUrl);

    DatabaseDialect create();
}
