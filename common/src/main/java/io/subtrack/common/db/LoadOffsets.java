package io.subtrack.common.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The table subtrack_load_offsets (sql/shared/000_load_offsets.sql, in both databases): per consumer target and topic
 * partition, the next offset to load. Saved inside the transaction that loads the rows, read on
 * partition assignment to decide where to start, so the database, not Kafka, says what is loaded.
 */
public final class LoadOffsets {
    public static final String TABLE = "subtrack_load_offsets";
    private static final List<String> COLUMNS = List.of("target", "topic", "kafka_partition", "next_offset");

    private final String target;
    private final PreparedStatement upsert;
    private final PreparedStatement select;

    /** Statements prepared on this connection; make a new instance after reconnecting. */
    public LoadOffsets(Connection c, DatabaseDialect dialect, String target) throws SQLException {
        this.target = target;
        this.upsert = c.prepareStatement(dialect.buildUpsertStatement(TABLE, COLUMNS.subList(0, 3), COLUMNS));
        this.select = c.prepareStatement(dialect.buildSelectStatement(TABLE, List.of("next_offset"), COLUMNS.subList(0, 3), null));
    }

    /** The stored next offset of each partition that has one. */
    public Map<TopicPartition, Long> read(Collection<TopicPartition> partitions) throws SQLException {
        Map<TopicPartition, Long> next = new HashMap<>();
        for (TopicPartition tp : partitions) {
            select.setString(1, target);
            select.setString(2, tp.topic());
            select.setInt(3, tp.partition());
            try (ResultSet rs = select.executeQuery()) {
                if (rs.next()) next.put(tp, rs.getLong(1));
            }
        }
        return next;
    }

    /** Adds the upserts to the caller's transaction; the caller commits. */
    public void save(Map<TopicPartition, Long> next) throws SQLException {
        if (next.isEmpty()) return;
        for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
            upsert.setString(1, target);
            upsert.setString(2, e.getKey().topic());
            upsert.setInt(3, e.getKey().partition());
            upsert.setLong(4, e.getValue());
            upsert.addBatch();
        }
        upsert.executeBatch();
    }

    /** One stored row: a target's next offset to load on one topic partition. */
    public record Stored(String target, TopicPartition partition, long nextOffset) {}

    /**
     * Every stored row, of every target, ordered by target, topic and partition (for bin/stage-state, which lists
     * and resets them). A read of its own: no statement of an instance is used.
     */
    public static List<Stored> all(Connection c, DatabaseDialect dialect) throws SQLException {
        List<Stored> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(dialect.buildSelectStatement(TABLE, COLUMNS, List.of(), null));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Stored(rs.getString(1), new TopicPartition(rs.getString(2), rs.getInt(3)), rs.getLong(4)));
            }
        }
        out.sort(Comparator.comparing(Stored::target).thenComparing(s -> s.partition().topic())
            .thenComparingInt(s -> s.partition().partition()));
        return out;
    }

    /** The target these statements read and write (raw, processed). */
    public String target() {
        return target;
    }
}
