package io.subtrack.common.db;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The standard part of every dialect's {@link DatabaseDialect#isRowRefused}: a row is blamed by SQLSTATE class 22
 * (data exception: too long, bad conversion) or 23 (integrity constraint: CHECK, FK, unique), or by what the
 * dialect adds for errors its driver does not give one of those states; a lost connection (class 08) or an
 * operator intervention such as a server shutting down under the statement (57) never blames a row.
 */
final class SqlErrors {
    private SqlErrors() {}

    /**
     * @param rowErrorOfThisDatabase a message of the chain the database's own numbering blames on the row
     * @param mayBlameRow the failure as a whole, when this database's driver reports it in a way that may blame a row
     */
    static boolean isRowRefused(SQLException e, Predicate<SQLException> rowErrorOfThisDatabase, Predicate<SQLException> mayBlameRow) {
        // a cause from the connection class or an operator intervention clears the row, whatever the outer state says
        for (SQLException s : chain(e)) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("08") || state.startsWith("57"))) return false;
        }
        for (SQLException s : chain(e)) {
            String state = s.getSQLState();
            if (state != null && (state.startsWith("22") || state.startsWith("23"))) return true;
            if (rowErrorOfThisDatabase.test(s)) return true;
        }
        return mayBlameRow.test(e);
    }

    /** The exception, its causes and its chained next exceptions (a driver chains further server messages). */
    private static List<SQLException> chain(SQLException e) {
        List<SQLException> all = new ArrayList<>();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Throwable> todo = new ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty() && all.size() < 64) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) continue;
            if (t instanceof SQLException s) {
                all.add(s);
                if (s.getNextException() != null) todo.add(s.getNextException());
            }
            if (t.getCause() != null) todo.add(t.getCause());
        }
        return all;
    }
}
