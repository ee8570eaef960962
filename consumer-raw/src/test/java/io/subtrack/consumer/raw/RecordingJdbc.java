package io.subtrack.consumer.raw;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A JDBC connection for unit tests that records what a loader binds, queues and sends, and
 * behaves as mssql-jdbc 13.2.1 does where the loader depends on it: executeBatch clears the queue
 * of its own statement only, also when it fails (SQLServerPreparedStatement.java 2357-2359), a
 * bulk-copied batch fails with a BatchUpdateException holding the message only (2305-2307), and a
 * single INSERT of a refused row fails with 23000 / 2627. Nothing else of a driver is imitated:
 * queries find no rows, commits and rollbacks are counted.
 */
final class RecordingJdbc {
    /** One prepared statement: its SQL, the row being bound, its queue, and what it sent. */
    static final class Statement {
        final String sql;
        private Object[] current = new Object[1024]; // the look-ups bind 500 keys
        final List<Object[]> queued = new ArrayList<>();
        final List<List<Object[]>> sentBatches = new ArrayList<>();
        final List<Object[]> sentRows = new ArrayList<>();

        Statement(String sql) {
            this.sql = sql;
        }

        boolean isInsert() {
            return sql.startsWith("INSERT");
        }
    }

    final List<Statement> statements = new ArrayList<>();
    private final Predicate<Object[]> refused;
    int commits;
    int rollbacks;

    /** @param refused the bound rows (parameter 1 at index 1) the database refuses */
    RecordingJdbc(Predicate<Object[]> refused) {
        this.refused = refused;
    }

    Connection connection() {
        InvocationHandler h = (proxy, m, args) -> switch (m.getName()) {
            case "prepareStatement" -> statement((String) args[0]);
            case "setAutoCommit", "close" -> null;
            case "getAutoCommit" -> false;
            case "isClosed" -> false;
            case "commit" -> { commits++; yield null; }
            case "rollback" -> { rollbacks++; yield null; }
            case "toString" -> "RecordingJdbc";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> throw new UnsupportedOperationException("Connection." + m.getName());
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, h);
    }

    private PreparedStatement statement(String sql) {
        Statement s = new Statement(sql);
        statements.add(s);
        InvocationHandler h = (proxy, m, args) -> {
            String name = m.getName();
            if (name.startsWith("set") && args != null && args.length >= 2 && args[0] instanceof Integer i) {
                s.current[i] = name.equals("setNull") ? null : args[1];
                return null;
            }
            switch (name) {
                case "addBatch":
                    s.queued.add(s.current.clone());
                    return null;
                case "clearBatch":
                    s.queued.clear();
                    return null;
                case "executeBatch":
                    try {
                        List<Object[]> rows = new ArrayList<>(s.queued);
                        if (s.isInsert() && rows.stream().anyMatch(refused)) {
                            throw new BatchUpdateException("Violation of UNIQUE KEY constraint (bulk copy)", null, 0, null);
                        }
                        s.sentBatches.add(rows);
                        return new int[rows.size()];
                    } finally {
                        s.queued.clear(); // mssql-jdbc: batchParamValues = null, this statement only
                    }
                case "executeUpdate":
                    if (s.isInsert() && refused.test(s.current)) {
                        throw new SQLException("Violation of UNIQUE KEY constraint", "23000", 2627);
                    }
                    s.sentRows.add(s.current.clone());
                    return 1;
                case "executeQuery":
                    return emptyResultSet();
                case "close":
                    return null;
                case "toString":
                    return sql;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return proxy == args[0];
                default:
                    throw new UnsupportedOperationException("PreparedStatement." + name);
            }
        };
        return (PreparedStatement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {PreparedStatement.class}, h);
    }

    private ResultSet emptyResultSet() {
        InvocationHandler h = (proxy, m, args) -> switch (m.getName()) {
            case "next" -> false;
            case "close" -> null;
            default -> throw new UnsupportedOperationException("ResultSet." + m.getName());
        };
        return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class}, h);
    }

    /** The INSERT statement of a table. */
    Statement insertInto(String table) {
        return statements.stream().filter(s -> s.isInsert() && s.sql.contains("[" + table + "]")).findFirst().orElseThrow();
    }

    List<Statement> inserts() {
        return statements.stream().filter(Statement::isInsert).toList();
    }
}
