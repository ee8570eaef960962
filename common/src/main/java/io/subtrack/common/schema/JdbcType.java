package io.subtrack.common.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * One SQL type of the processed model: its DDL name in each database, how a value of the cleaned
 * JSON is bound to a statement parameter, and how it is written as COPY text. A registry of these
 * replaces switch statements over types (after debezium's JdbcType). Every form checks the value
 * the same way first, so a value no column can hold is refused before it reaches any database.
 */
public interface JdbcType {
    /** DDL on SQL Server (sql/sqlserver). */
    String ddl();

    /** DDL on PostgreSQL (sql/postgresql), as the server's catalog names it (format_type). */
    String postgresDdl();

    /** java.sql.Types code, used to bind SQL NULL. */
    int sqlType();

    /** Binds a JSON value; JSON null or a missing value binds SQL NULL. Throws on a value the type cannot hold. */
    default void bind(PreparedStatement ps, int index, JsonNode value) throws SQLException {
        if (isNull(value)) {
            ps.setNull(index, sqlType());
        } else {
            bindValue(ps, index, value);
        }
    }

    void bindValue(PreparedStatement ps, int index, JsonNode value) throws SQLException;

    /** The value as PostgreSQL's text input for this type, null for SQL NULL. Throws on a value the type cannot hold. */
    default String copyText(JsonNode value) {
        return isNull(value) ? null : text(value);
    }

    /** The checked, canonical text form of a non-null value. */
    String text(JsonNode value);

    private static boolean isNull(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    static JdbcType nvarchar(int length) {
        return new Text("NVARCHAR(" + length + ")", "character varying(" + length + ")", length);
    }

    JdbcType TEXT = new Text("NVARCHAR(MAX)", "text", Integer.MAX_VALUE);

    JdbcType MONEY = new JdbcType() {
        public String ddl() { return "DECIMAL(10,2)"; }
        public String postgresDdl() { return "numeric(10,2)"; }
        public int sqlType() { return Types.DECIMAL; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            ps.setBigDecimal(i, decimal(v));
        }
        public String text(JsonNode v) {
            return decimal(v).toPlainString();
        }
        private BigDecimal decimal(JsonNode v) {
            BigDecimal d = (v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText())).setScale(2, RoundingMode.HALF_UP);
            if (d.precision() > 10) throw new IllegalArgumentException("value " + d + " does not fit DECIMAL(10,2)");
            return d;
        }
    };

    JdbcType DATE = new JdbcType() {
        public String ddl() { return "DATE"; }
        public String postgresDdl() { return "date"; }
        public int sqlType() { return Types.DATE; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            ps.setDate(i, Date.valueOf(LocalDate.parse(v.asText())));
        }
        public String text(JsonNode v) {
            return LocalDate.parse(v.asText()).toString();
        }
    };

    JdbcType TIMESTAMP = new JdbcType() {
        public String ddl() { return "DATETIME2"; }
        public String postgresDdl() { return "timestamp without time zone"; }
        public int sqlType() { return Types.TIMESTAMP; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            // as a LocalDateTime: Timestamp.valueOf reads it in the JVM's zone, which moves a time in a DST gap
            // (2024-03-31T02:30 in Europe/Paris became 03:30); both drivers send a LocalDateTime as it is
            ps.setObject(i, LocalDateTime.parse(v.asText()));
        }
        public String text(JsonNode v) {
            return LocalDateTime.parse(v.asText()).toString();
        }
    };

    JdbcType BOOLEAN = new JdbcType() {
        public String ddl() { return "BIT"; }
        public String postgresDdl() { return "boolean"; }
        public int sqlType() { return Types.BIT; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            ps.setBoolean(i, bool(v));
        }
        public String text(JsonNode v) {
            return bool(v) ? "t" : "f";
        }
        private boolean bool(JsonNode v) {
            if (!v.isBoolean()) throw new IllegalArgumentException("value " + v + " is not a boolean");
            return v.booleanValue();
        }
    };

    JdbcType INT = new JdbcType() {
        public String ddl() { return "INT"; }
        public String postgresDdl() { return "integer"; }
        public int sqlType() { return Types.INTEGER; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            ps.setInt(i, integer(v));
        }
        public String text(JsonNode v) {
            return Integer.toString(integer(v));
        }
        private int integer(JsonNode v) {
            if (!v.canConvertToInt()) throw new IllegalArgumentException("value " + v + " is not an INT");
            return v.intValue();
        }
    };

    /**
     * Unicode text of a bounded (or MAX) length; a longer value is refused rather than truncated.
     * Bound with setString: every string column of ours is Unicode (SQL Server NVARCHAR, where the
     * driver's sendStringParametersAsUnicode, pinned by Database, sends it as such; PostgreSQL text
     * is UTF-8), and pgjdbc has no setNString.
     */
    record Text(String ddl, String postgresDdl, int maxLength) implements JdbcType {
        public int sqlType() { return Types.VARCHAR; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            ps.setString(i, text(v));
        }
        public String text(JsonNode v) {
            if (v.isContainerNode()) throw new IllegalArgumentException("a JSON " + v.getNodeType() + " is not text");
            String s = v.asText();
            if (s.length() > maxLength) {
                throw new IllegalArgumentException("value of " + s.length() + " characters exceeds " + ddl);
            }
            return s;
        }
    }
}
