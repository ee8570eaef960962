package io.subtrack.common.db;

/**
 * SQL Server: bracketed identifiers; MERGE with HOLDLOCK so two consumers upserting the same key
 * cannot both take the NOT MATCHED branch; the statement terminator MERGE requires; bulk copy.
 */
public class SqlServerDialect extends GenericDialect {
    public SqlServerDialect() {
        super("SQL Server");
    }

    @Override
    public String quote(String identifier) {
        return '[' + identifier.replace("]", "]]") + ']';
    }

    @Override
    protected String mergeTarget(String table) {
        return quote(table) + " WITH (HOLDLOCK) AS t";
    }

    @Override
    protected String mergeTerminator() {
        return ";";
    }

    @Override
    public boolean supportsBulkCopy() {
        return true;
    }
}
