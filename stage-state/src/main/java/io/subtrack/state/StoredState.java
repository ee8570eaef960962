package io.subtrack.state;

import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.LoadOffsets;
import io.subtrack.common.extract.ExtractRegistry;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * What the database says the pipeline has done: the consumers' stored offsets (with each partition's end and the
 * lag, from the broker), the transformer's watermark per raw table, and the extracts registered.
 */
public final class StoredState {
    /** The transformer's watermark (sql/&lt;database&gt;/raw/V2__transformer_watermark.sql; transformer's Watermarks). */
    public static final String WATERMARK_TABLE = "transformer_watermark";
    static final List<String> WATERMARK_COLUMNS = List.of("raw_table", "last_row_id");

    /** One partition of a topic a target loads: stored next offset (null: none stored, it starts at the beginning). */
    public record OffsetRow(String target, TopicPartition partition, Long stored, Long logStart, Long logEnd) {
        /** Records not loaded yet: end minus the stored offset (or minus the start when none is stored); null unknown. */
        public Long lag() {
            if (logEnd == null) return null;
            long from = stored != null ? stored : logStart != null ? logStart : 0L;
            return Math.max(0, logEnd - from);
        }
    }

    public record Watermark(String rawTable, long lastRowId) {}

    /** Null lists: the database has no such table (a processed-only database has no watermark and no extracts). */
    public record Listing(List<OffsetRow> offsets, List<Watermark> watermarks, List<ExtractRegistry.Registered> extracts) {}

    private StoredState() {}

    public static Listing read(Connection c, DatabaseDialect dialect, Consumer<byte[], byte[]> kafka) throws SQLException {
        List<OffsetRow> offsets = tableExists(c, LoadOffsets.TABLE) ? offsets(LoadOffsets.all(c, dialect), kafka) : null;
        List<Watermark> watermarks = tableExists(c, WATERMARK_TABLE) ? watermarks(c, dialect) : null;
        List<ExtractRegistry.Registered> extracts = tableExists(c, ExtractRegistry.EXTRACTS)
            && tableExists(c, ExtractRegistry.PARTITIONS) ? new ExtractRegistry(dialect).all(c) : null;
        return new Listing(offsets, watermarks, extracts);
    }

    /** Every partition of each topic a target has stored offsets for, the partitions it stored nothing for too. */
    static List<OffsetRow> offsets(List<LoadOffsets.Stored> stored, Consumer<byte[], byte[]> kafka) {
        Map<String, Map<TopicPartition, Long>> byTarget = new LinkedHashMap<>();
        for (LoadOffsets.Stored s : stored) {
            byTarget.computeIfAbsent(s.target(), t -> new LinkedHashMap<>()).put(s.partition(), s.nextOffset());
        }
        Set<TopicPartition> all = new LinkedHashSet<>();
        Map<String, List<TopicPartition>> topicPartitions = new LinkedHashMap<>();
        for (LoadOffsets.Stored s : stored) {
            topicPartitions.computeIfAbsent(s.partition().topic(), topic -> partitionsOf(kafka, topic));
        }
        topicPartitions.values().forEach(all::addAll);
        Map<TopicPartition, Long> start = all.isEmpty() ? Map.of() : kafka.beginningOffsets(all);
        Map<TopicPartition, Long> end = all.isEmpty() ? Map.of() : kafka.endOffsets(all);
        List<OffsetRow> rows = new ArrayList<>();
        byTarget.forEach((target, storedOffsets) -> {
            Set<TopicPartition> partitions = new java.util.TreeSet<>(
                java.util.Comparator.comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition));
            partitions.addAll(storedOffsets.keySet());
            for (TopicPartition tp : storedOffsets.keySet()) partitions.addAll(topicPartitions.get(tp.topic()));
            for (TopicPartition tp : partitions) {
                rows.add(new OffsetRow(target, tp, storedOffsets.get(tp), start.get(tp), end.get(tp)));
            }
        });
        return rows;
    }

    /** The topic's partitions as the broker has them; none for a topic that no longer exists. */
    static List<TopicPartition> partitionsOf(Consumer<byte[], byte[]> kafka, String topic) {
        List<PartitionInfo> infos = kafka.partitionsFor(topic);
        List<TopicPartition> out = new ArrayList<>();
        if (infos != null) for (PartitionInfo p : infos) out.add(new TopicPartition(topic, p.partition()));
        out.sort(java.util.Comparator.comparingInt(TopicPartition::partition));
        return out;
    }

    static List<Watermark> watermarks(Connection c, DatabaseDialect dialect) throws SQLException {
        List<Watermark> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                 dialect.buildSelectStatement(WATERMARK_TABLE, WATERMARK_COLUMNS, List.of(), WATERMARK_COLUMNS.get(0)));
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) out.add(new Watermark(rs.getString(1), rs.getLong(2)));
        }
        return out;
    }

    /** Whether the connection's database has the table (looked up as declared, then in the case the server folds to). */
    static boolean tableExists(Connection c, String table) throws SQLException {
        DatabaseMetaData md = c.getMetaData();
        for (String name : new String[] {table, table.toLowerCase(Locale.ROOT), table.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = md.getTables(c.getCatalog(), null, name, new String[] {"TABLE"})) {
                if (rs.next()) return true;
            }
        }
        return false;
    }

    public static void print(Listing l, PrintStream out) {
        out.println("STORED OFFSETS (" + LoadOffsets.TABLE + "; lag = log end offset - stored offset)");
        if (l.offsets() == null) {
            out.println("  (no " + LoadOffsets.TABLE + " in this database: no consumer has loaded into it)");
        } else if (l.offsets().isEmpty()) {
            out.println("  (none stored: no consumer has loaded a record yet)");
        } else {
            TextTable t = new TextTable("TARGET", "TOPIC", "PARTITION", "STORED-OFFSET", "LOG-START-OFFSET",
                "LOG-END-OFFSET", "LAG");
            for (OffsetRow r : l.offsets()) {
                t.row(r.target(), r.partition().topic(), r.partition().partition(), r.stored(), r.logStart(), r.logEnd(), r.lag());
            }
            t.print(out);
        }
        out.println();
        out.println("TRANSFORMER WATERMARK (" + WATERMARK_TABLE + "; --incremental reads rows after it)");
        if (l.watermarks() == null) {
            out.println("  (no " + WATERMARK_TABLE + " in this database: not a raw database)");
        } else if (l.watermarks().isEmpty()) {
            out.println("  (none: no incremental run has delivered yet)");
        } else {
            TextTable t = new TextTable("RAW-TABLE", "LAST-ROW-ID");
            for (Watermark w : l.watermarks()) t.row(w.rawTable(), w.lastRowId());
            t.print(out);
        }
        out.println();
        out.println("EXTRACTS (" + ExtractRegistry.EXTRACTS + "; complete = every partition's end marker stored)");
        if (l.extracts() == null) {
            out.println("  (no " + ExtractRegistry.EXTRACTS + " in this database: not a raw database, or from before daily extracts)");
        } else if (l.extracts().isEmpty()) {
            out.println("  (none registered)");
        } else {
            TextTable t = new TextTable("EXTRACT-ID", "DATE", "MODE", "RECORDS", "PARTITIONS-LOADED", "COMPLETE", "TRANSFORMED-AT");
            for (ExtractRegistry.Registered r : l.extracts()) {
                t.row(r.extract().id(), r.extract().date(), r.extract().mode().code(), r.extract().records(),
                    r.partitionsLoaded() + "/" + r.extract().partitions(), r.complete() ? "yes" : "no", r.transformedAt());
            }
            t.print(out);
        }
    }
}
