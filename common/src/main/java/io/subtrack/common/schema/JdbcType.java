package io.subtrack.common.schema;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * One SQL type of the processed model: its DDL name and how a value of the cleaned JSON is bound
 * to a statement parameter. A registry of these replaces switch statements over types
 * (after debezium's JdbcType).
 */
public interface JdbcType {
    /** DDL as both H2 (MSSQLServer mode) and SQL Server accept it. */
    String ddl();

    /** java.sql.Types code, used to bind SQL NULL. */
    int sqlType();

    /** Binds a JSON value; JSON null or a missing value binds SQL NULL. Throws on a value the type cannot hold. */
    default void bind(PreparedStatement ps, int index, JsonNode value) throws SQLException {
        if (value == null || value.isNull() || value.isMissingNode()) {
            ps.setNull(index, sqlType());
        } else {
            bindValue(ps, index, value);
        }
    }

    void bindValue(PreparedStatement ps, int index, JsonNode value) throws SQLException;

    static JdbcType nvarchar(int length) {
        return new Text("NVARCHAR(" + length + ")", length);
    }

    JdbcType TEXT = new Text("NVARCHAR(MAX)", Integer.MAX_VALUE);

    JdbcType MONEY = new JdbcType() {
        public String ddl() { return "DECIMAL(10,2)"; }
        public int sqlType() { return Types.DECIMAL; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            BigDecimal d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText());
            if (d.setScale(2, RoundingMode.HALF_UP).precision() > 10) {
                throw new IllegalArgumentException("value " + d + " does not fit DECIMAL(10,2)");
            }
            ps.setBigDecimal(i, d.setScale(2, RoundingMode.HALF_UP));
        }
    };

    JdbcType DATE = new JdbcType() {
        public String ddl() { return "DATE"; }
        public int sqlType() { return Types.DATE; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            ps.setDate(i, Date.valueOf(LocalDate.parse(v.asText())));
        }
    };

    JdbcType TIMESTAMP = new JdbcType() {
        public String ddl() { return "DATETIME2"; }
        public int sqlType() { return Types.TIMESTAMP; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            ps.setTimestamp(i, Timestamp.valueOf(LocalDateTime.parse(v.asText())));
        }
    };

    JdbcType BOOLEAN = new JdbcType() {
        public String ddl() { return "BIT"; }
        public int sqlType() { return Types.BIT; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            if (!v.isBoolean()) throw new IllegalArgumentException("value " + v + " is not a boolean");
            ps.setBoolean(i, v.booleanValue());
        }
    };

    JdbcType INT = new JdbcType() {
        public String ddl() { return "INT"; }
        public int sqlType() { return Types.INTEGER; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            if (!v.canConvertToInt()) throw new IllegalArgumentException("value " + v + " is not an INT");
            ps.setInt(i, v.intValue());
        }
    };

    /** Unicode text of a bounded (or MAX) length; a longer value is refused rather than truncated. */
    record Text(String ddl, int maxLength) implements JdbcType {
        public int sqlType() { return Types.NVARCHAR; }
        public void bindValue(PreparedStatement ps, int i, JsonNode v) throws SQLException {
            if (v.isContainerNode()) throw new IllegalArgumentException("a JSON " + v.getNodeType() + " is not text");
            String s = v.asText();
            if (s.length() > maxLength) {
                throw new IllegalArgumentException("value of " + s.length() + " characters exceeds " + ddl);
            }
            ps.setNString(i, s);
        }
    }
}
