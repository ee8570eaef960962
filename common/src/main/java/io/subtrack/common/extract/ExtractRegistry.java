package io.subtrack.common.extract;

import io.subtrack.common.db.DatabaseDialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw database's record of extracts (sql/&lt;database&gt;/raw/V3__daily_extracts.sql). consumer-raw registers an
 * extract's end marker per partition in the transaction of the batch that holds it; the transformer takes the
 * complete extracts (every partition's marker stored) it has not transformed, oldest first, and marks each done.
 */
public final class ExtractRegistry {
    public static final String EXTRACTS = "subtrack_extracts";
    public static final String PARTITIONS = "subtrack_extract_partitions";
    private static final List<String> EXTRACT_COLUMNS =
        List.of("extract_id", "extract_date", "extract_mode", "records", "partitions", "source_file", "registered_at", "transformed_at");

    /** An extract as registered, with how many of its partitions' markers are stored and whether it was transformed. */
    public record Registered(Extract extract, int partitionsLoaded, LocalDateTime transformedAt) {
        public boolean complete() {
            return partitionsLoaded >= extract.partitions();
        }
    }

    private final DatabaseDialect dialect;

    public ExtractRegistry(DatabaseDialect dialect) {
        this.dialect = dialect;
    }

    /** Records that the extract's marker on {@code partition} is stored; idempotent (a re-delivered marker changes nothing). */
    public void register(Connection c, Extract e, int partition) throws SQLException {
        Timestamp now = Timestamp.valueOf(LocalDateTime.now().withNano(0));
        if (!exists(c, EXTRACTS, List.of("extract_id"), e.id())) {
            try (PreparedStatement ps = c.prepareStatement(dialect.buildInsertStatement(EXTRACTS, EXTRACT_COLUMNS.subList(0, 7)))) {
                ps.setString(1, e.id());
                ps.setObject(2, e.date());
                ps.setString(3, e.mode().code());
                ps.setLong(4, e.records());
                ps.setInt(5, e.partitions());
                ps.setString(6, e.sourceFile() == null ? null : abbreviate(e.sourceFile(), 400));
                ps.setTimestamp(7, now);
                ps.executeUpdate();
            }
        }
        if (!exists(c, PARTITIONS, List.of("extract_id", "kafka_partition"), e.id(), partition)) {
            try (PreparedStatement ps = c.prepareStatement(dialect.buildInsertStatement(PARTITIONS,
                List.of("extract_id", "kafka_partition", "loaded_at")))) {
                ps.setString(1, e.id());
                ps.setInt(2, partition);
                ps.setTimestamp(3, now);
                ps.executeUpdate();
            }
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : "..." + s.substring(s.length() - max + 3);
    }

    private boolean exists(Connection c, String table, List<String> keys, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.buildSelectStatement(table, keys.subList(0, 1), keys, null))) {
            for (int i = 0; i < values.length; i++) ps.setObject(i + 1, values[i]);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Every registered extract, oldest first (by date, then id). */
    public List<Registered> all(Connection c) throws SQLException {
        Map<String, Integer> loaded = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement(dialect.buildSelectStatement(PARTITIONS, List.of("extract_id"), List.of(), null));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) loaded.merge(rs.getString(1), 1, Integer::sum);
        }
        List<Registered> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(dialect.buildSelectStatement(EXTRACTS, EXTRACT_COLUMNS, List.of(), "extract_date"));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Extract e = new Extract(rs.getString(1), rs.getTimestamp(2).toLocalDateTime(), ExtractMode.of(rs.getString(3)),
                    rs.getLong(4), rs.getInt(5), rs.getString(6));
                Timestamp done = rs.getTimestamp(8);
                out.add(new Registered(e, loaded.getOrDefault(e.id(), 0), done == null ? null : done.toLocalDateTime()));
            }
        }
        out.sort((a, b) -> {
            int d = a.extract().date().compareTo(b.extract().date());
            return d != 0 ? d : a.extract().id().compareTo(b.extract().id());
        });
        return out;
    }

    public Registered find(Connection c, String extractId) throws SQLException {
        for (Registered r : all(c)) if (r.extract().id().equals(extractId)) return r;
        return null;
    }

    /** The newest extract already transformed, or null. */
    public Registered newestTransformed(Connection c) throws SQLException {
        Registered newest = null;
        for (Registered r : all(c)) if (r.transformedAt() != null) newest = r;
        return newest;
    }

    public void markTransformed(Connection c, String extractId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect.buildUpdateStatement(EXTRACTS, List.of("transformed_at"), List.of("extract_id")))) {
            ps.setTimestamp(1, Timestamp.valueOf(LocalDateTime.now().withNano(0)));
            ps.setString(2, extractId);
            ps.executeUpdate();
        }
    }
}
