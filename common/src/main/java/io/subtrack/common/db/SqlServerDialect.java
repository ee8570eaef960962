package io.subtrack.common.db;

/**
 * SQL Server: bracketed identifiers; MERGE with HOLDLOCK; the statement terminator MERGE
 * requires; bulk copy for batched inserts (switched on by {@link Database} for SQL Server URLs).
 */
public class SqlServerDialect extends GenericDialect {
    /**
     * MERGE alone takes only update locks on the rows it finds, so two consumers upserting the
     * same new key can both see "not matched" and both insert: one fails on the primary key.
     * HOLDLOCK (serializable for this table reference) key-range locks the probed key until the
     * transaction ends, so the second MERGE waits and then takes the MATCHED branch.
     */
    public static final String MERGE_LOCK_HINT = "WITH (HOLDLOCK)";

    public SqlServerDialect() {
        super("SQL Server");
    }

    /** sql/sqlserver: also what docker compose initialises the production SQL Server with. */
    @Override
    public String schemaFolder() {
        return "sql/sqlserver";
    }

    @Override
    public String quote(String identifier) {
        return '[' + identifier.replace("]", "]]") + ']';
    }

    @Override
    protected String mergeTarget(String table) {
        return quote(table) + " " + MERGE_LOCK_HINT + " AS t";
    }

    @Override
    protected String mergeTerminator() {
        return ";";
    }

    /**
     * An application lock held by the session while a stage migrates (sp_getapplock; waits up to a minute): two
     * stages starting together on an empty database would otherwise both create Flyway's history table.
     */
    @Override
    public String[] buildSchemaLockStatements() {
        return new String[] {
            "EXEC sp_getapplock @Resource = N'subtrack_schema', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 60000",
            "EXEC sp_releaseapplock @Resource = N'subtrack_schema', @LockOwner = 'Session'"};
    }
}
