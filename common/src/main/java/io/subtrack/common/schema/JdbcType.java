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
 * One SQL type of the processed model: what it is (a java.sql.Types code and its length, precision and
 * scale), how a value of the cleaned JSON is bound to a statement parameter, and how it is written as
 * bulk text. A registry of these replaces switch statements over types (after debezium's JdbcType);
 * each database's dialect names them in its DDL (DatabaseDialect.columnType). Every form checks the
 * value the same way first, so a value no column can hold is refused before it reaches any database.
 */
public interface JdbcType {
    /** The {@link #length} of text of any length. */
    int UNBOUNDED = Integer.MAX_VALUE;

    /** java.sql.Types code: what the type is, and how SQL NULL is bound. */
    int sqlType();

    /** Text: the most characters a value may have ({@link #UNBOUNDED}: any); 0 for the other types. */
    default int length() {
        return 0;
    }

    /** Decimals: the digits a value may have; 0 for the other types. */
    default int precision() {
        return 0;
    }

    /** Decimals: the digits after the point; 0 for the other types. */
    default int scale() {
        return 0;
    }

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
        return new Text(length);
    }

    JdbcType TEXT = new Text(UNBOUNDED);

    JdbcType MONEY = new JdbcType() {
        public int sqlType() { return Types.DECIMAL; }
        public int precision() { return 10; }
        public int scale() { return 2; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            ps.setBigDecimal(i, decimal(v));
        }
        public String text(JsonNode v) {
            return decimal(v).toPlainString();
        }
        private BigDecimal decimal(JsonNode v) {
            BigDecimal d = (v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText())).setScale(scale(), RoundingMode.HALF_UP);
            if (d.precision() > precision()) throw new IllegalArgumentException("value " + d + " does not fit DECIMAL(10,2)");
            return d;
        }
    };

    JdbcType DATE = new JdbcType() {
        public int sqlType() { return Types.DATE; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            ps.setDate(i, Date.valueOf(LocalDate.parse(v.asText())));
        }
        public String text(JsonNode v) {
            return LocalDate.parse(v.asText()).toString();
        }
    };

    JdbcType TIMESTAMP = new JdbcType() {
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
    record Text(int maxLength) implements JdbcType {
        public int sqlType() { return Types.VARCHAR; }
        public int length() { return maxLength; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            ps.setString(i, text(v));
        }
        public String text(JsonNode v) {
            if (v.isContainerNode()) throw new IllegalArgumentException("a JSON " + v.getNodeType() + " is not text");
            String s = v.asText();
            if (s.length() > maxLength) {
                throw new IllegalArgumentException("value of " + s.length() + " characters exceeds the " + maxLength + " its column holds");
            }
            return s;
        }
    }
}
