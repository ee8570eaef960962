package io.subtrack.common.schema;

import java.util.List;

/**
 * A column of the processed model. {@code codes} is the closed code set of an enumerated column
 * (empty when free); the SQL CHECK constraint lists the same codes.
 */
public record Column(String name, JdbcType type, boolean nullable, List<String> codes) {
    public static Column required(String name, JdbcType type) {
        return new Column(name, type, false, List.of());
    }

    public static Column optional(String name, JdbcType type) {
        return new Column(name, type, true, List.of());
    }

    public static Column code(String name, boolean nullable, String... codes) {
        return new Column(name, JdbcType.nvarchar(30), nullable, List.of(codes));
    }

    public boolean isCode() {
        return !codes.isEmpty();
    }
}
