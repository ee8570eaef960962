package io.subtrack.common.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.TextNode;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

/** A processed timestamp is stored as written, whatever the JVM's zone: a time in a DST gap is not moved (issue 21, item 5). */
class TimestampBindingTest {
    @Test
    void aTimeInADaylightSavingGapIsStoredAsWrittenUnderEuropeParis() throws Exception {
        TimeZone before = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Paris"));
        try (Connection c = DriverManager.getConnection("jdbc:h2:mem:dst" + System.nanoTime())) {
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (ts TIMESTAMP)");
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?)")) {
                JdbcType.TIMESTAMP.bindValue(ps, 1, TextNode.valueOf("2024-03-31T02:30:00"));
                ps.executeUpdate();
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT ts FROM t")) {
                rs.next();
                assertEquals(LocalDateTime.of(2024, 3, 31, 2, 30), rs.getObject(1, LocalDateTime.class));
            }
        } finally {
            TimeZone.setDefault(before);
        }
    }
}
