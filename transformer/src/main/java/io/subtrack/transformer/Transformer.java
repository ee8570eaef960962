package io.subtrack.transformer;

import static io.subtrack.common.schema.RawFields.EXTRACTED_AT;

import io.subtrack.common.cli.Progress;
import io.subtrack.common.json.TableFileWriter;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ForeignKey;
import io.subtrack.common.schema.MergedTable;
import io.subtrack.common.schema.ProcessedModel;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import io.subtrack.transformer.report.GroundTruthScorer;
import io.subtrack.transformer.report.QualityStats;
import io.subtrack.transformer.rules.DateTimes;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import io.subtrack.transformer.source.RawRecord;
import io.subtrack.transformer.source.RawSource;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Turns the raw layer into the processed model, table by table in the model's dependency order. Each raw
 * table is scanned twice: once to find the winner of every natural key (latest date_extraction,
 * then latest arrival), once to clean the winners and quarantine everything else. Only key sets
 * of accepted parents (and the small side tables merged into a table) stay in memory; a parent's key set
 * is dropped once no later table refers to it.
 */
public final class Transformer {
    private final ProcessedModel model;
    /** Rows at or below a table's watermark were delivered by an earlier run: cleaned for context, not written again. */
    private final Map<RawTable, Long> watermarks;
    private final GroundTruthScorer scorer;
    private final QualityStats stats = new QualityStats();
    private final Progress progress;
    /** Accepted keys of each table that a later table refers to, by table name. */
    private final Map<String, KeyIndex> accepted = new HashMap<>();
    /** Highest row id seen per raw table, for the next incremental run's watermark. */
    private final Map<RawTable, Long> maxRowIds = new EnumMap<>(RawTable.class);
    /** Sees every accounted record with what happened to it (tests, tools); null for none. */
    private Consumer<RecordContext> observer;
    private Outputs out;
    /** A daily run's comparison with the stored state; null: every accepted row is written (a full run, a file). */
    private DailyRun daily;
    /** The extract a full run's rows name, or null. */
    private String stampId, stampDate;
    private RepairLog.Counts repairCounts;
    private boolean ran;

    public Transformer(Map<RawTable, Long> watermarks, GroundTruthScorer scorer, Progress progress) {
        this(ProcessedModel.standard(), watermarks, scorer, progress);
    }

    public Transformer(ProcessedModel model, Map<RawTable, Long> watermarks, GroundTruthScorer scorer, Progress progress) {
        this.model = model;
        this.watermarks = watermarks == null ? Map.of() : watermarks;
        this.scorer = scorer;
        this.progress = progress;
    }

    /** Compares each accepted row with what earlier days passed on, writes only the day's changes and deletions. */
    void daily(DailyRun daily) {
        this.daily = daily;
        stamp(daily.extract().id(), daily.extractDate());
    }

    /** Every written row names this extract (consumer-processed applies a row only over an older one). */
    void stamp(String extractId, String extractDate) {
        this.stampId = extractId;
        this.stampDate = extractDate;
    }

    public void observe(Consumer<RecordContext> observer) {
        this.observer = observer;
    }

    public QualityStats stats() {
        return stats;
    }

    public Map<RawTable, Long> maxRowIds() {
        return maxRowIds;
    }

    /** What the repair log holds, after {@link #run}. */
    public RepairLog.Counts repairCounts() {
        return repairCounts;
    }

    /** The order in which a run first scans the raw tables: per processed table its source, then its merged side tables. */
    static List<RawTable> scanOrder(ProcessedModel model) {
        List<RawTable> order = new ArrayList<>();
        for (ProcessedTable t : model.tables()) {
            order.add(t.source());
            for (MergedTable m : t.merged()) order.add(m.table());
        }
        return order;
    }

    /** Runs once, writing the repair log beside the cleaned file ({@link RepairLog#besides}). */
    public void run(RawSource source, Path cleanedFile, Path rejectedFile) throws Exception {
        run(source, cleanedFile, rejectedFile, RepairLog.besides(cleanedFile));
    }

    /** Runs once: the key sets it builds describe one run's input. */
    public void run(RawSource source, Path cleanedFile, Path rejectedFile, Path repairsFile) throws Exception {
        if (ran) throw new IllegalStateException("a Transformer instance runs once; create a new one");
        ran = true;
        try (TableFileWriter cleaned = new TableFileWriter(cleanedFile, false);
             TableFileWriter rejected = new TableFileWriter(rejectedFile, false);
             RepairLog repairLog = new RepairLog(repairsFile)) {
            source.plan(scanOrder(model));
            try (OrderedWriter w = new OrderedWriter("transformer-writer")) {
                out = new Outputs(cleaned, rejected, repairLog, w);
                if (stampId != null) out.stamp(stampId, stampDate);
                transform(source);
                w.finish();
            }
            cleaned.commit();
            rejected.commit();
            repairLog.commit();
            repairCounts = repairLog.counts();
        }
    }

    private void transform(RawSource source) throws Exception {
        List<ProcessedTable> tables = model.tables();
        Map<String, Integer> lastReferrer = new HashMap<>();
        for (int i = 0; i < tables.size(); i++) {
            for (ForeignKey fk : tables.get(i).foreignKeys()) lastReferrer.put(fk.parentTable(), i);
        }
        for (int i = 0; i < tables.size(); i++) {
            ProcessedTable t = tables.get(i);
            if (lastReferrer.containsKey(t.tableName())) accepted.put(t.tableName(), KeyIndex.set());
            cleanTable(source, t);
            // released as soon as no later table refers to them (memory at 10M+ records)
            for (Map.Entry<String, Integer> e : lastReferrer.entrySet()) if (e.getValue() == i) accepted.remove(e.getKey());
        }
    }

    private void cleanTable(RawSource source, ProcessedTable table) throws Exception {
        MergedTables merged = null;
        WinnerRows winnerRows = null;
        if (!table.merged().isEmpty()) {
            // side records are checked against the main table's winners, so those are found first
            KeyIndex mainWinners = winners(source, table.source());
            merged = new MergedTables(table, mainWinners);
            for (MergedTable m : table.merged()) {
                if (m.table().keyFields().size() > table.source().keyFields().size()) {
                    processLinks(source, table, m, merged);
                } else {
                    processTable(source, m.table(), merged.sideCleaner(m, this::fresh));
                }
            }
            winnerRows = new WinnerRows(mainWinners);
        }
        out.startCleanedTable(table);
        TableCleaner cleaner = new TableCleaner(table, merged, accepted);
        KeyIndex keys = accepted.get(table.tableName());
        DailyRun.TableDay day = daily == null ? null : daily.begin(table);
        // a delta holds only what changed: its children may refer to parents that earlier days passed on
        if (day != null && keys != null && daily.extract().mode() == io.subtrack.common.extract.ExtractMode.DELTA) {
            day.stored.forEachLive(keys::add);
        }
        MergedTables side = merged;
        Cleaner clean = ctx -> {
            OutRow o = cleaner.clean(ctx);
            if (o == null) return null;
            if (keys != null) keys.add(ctx.key);
            if (day != null && fresh(ctx)) {
                o = day.decide(o);
                if (o == null) return null;
            }
            if (fresh(ctx)) stats.processedRow(table);
            // An incremental run writes a row again when only a side record of it is new.
            if (side != null && !fresh(ctx) && side.touched(ctx.key)) {
                stats.processedRow(table);
                out.rewrite(o);
            }
            return o;
        };
        if (winnerRows == null) winnerRows = new WinnerRows(winners(source, table.source()));
        processTable(source, table.source(), clean, winnerRows);
        if (day != null) {
            for (String key : day.deletions()) out.deletion(table, day.keyValues(key), daily.extractDate());
        }
    }

    // ------------------------------------------------------------------ the two passes

    private static int[] keyIndexes(RawTable table) {
        return table.keyFields().stream().mapToInt(f -> RawRecord.indexOf(table, f)).toArray();
    }

    static String naturalKey(RawRecord row, int[] keyIndexes) {
        String[] parts = new String[keyIndexes.length];
        for (int i = 0; i < parts.length; i++) parts[i] = row.values()[keyIndexes[i]];
        return naturalKey(parts);
    }

    /** Key fields trimmed and joined with '|'; null when one is missing, blank or longer than an id column. */
    static String naturalKey(String[] parts) {
        if (parts.length == 1) {
            String v = parts[0];
            if (v == null) return null;
            v = v.strip();
            return v.isEmpty() || v.length() > 20 ? null : v;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            String v = parts[i];
            if (v == null) return null;
            v = v.strip();
            if (v.isEmpty() || v.length() > 20) return null;
            if (i > 0) sb.append('|');
            sb.append(v);
        }
        return sb.toString();
    }

    /** Seconds of date_extraction, or -1 when unreadable (it then loses every tie). */
    static long extractionEpoch(String raw) {
        LocalDateTime t = DateTimes.parseTimestamp(raw);
        return t == null ? -1 : t.toEpochSecond(ZoneOffset.UTC);
    }

    private KeyIndex winners(RawSource source, RawTable table) throws Exception {
        // every row may carry a distinct key: sized for all of them, the index never grows
        KeyIndex winners = KeyIndex.winners(table.keyFields().size(), Math.max(0, source.rowCount(table)));
        source.scanKeys(table, (keyValues, dateExtraction, rowId) -> {
            String key = naturalKey(keyValues);
            if (key != null) winners.offer(key, extractionEpoch(dateExtraction), rowId);
        });
        return winners;
    }

    private void processTable(RawSource source, RawTable table, Cleaner cleaner) throws Exception {
        // only the winners' row ids are kept while the table is cleaned, not the index of its keys
        processTable(source, table, cleaner, new WinnerRows(winners(source, table)));
    }

    private void processTable(RawSource source, RawTable table, Cleaner cleaner, WinnerRows winnerRows) throws Exception {
        out.startRejectedTable(table);
        long watermark = watermarks.getOrDefault(table, 0L);
        long[] maxRowId = {Long.MIN_VALUE};
        int[] keyIndexes = keyIndexes(table);
        source.scan(table, row -> {
            maxRowId[0] = Math.max(maxRowId[0], row.rowId());
            RecordContext ctx = identified(row, keyIndexes, winnerRows);
            OutRow o = ctx.key != null && !ctx.rejected() ? cleaner.clean(ctx) : null;
            if (row.rowId() > watermark) finish(ctx, o);
        });
        if (maxRowId[0] != Long.MIN_VALUE) maxRowIds.merge(table, maxRowId[0], Math::max);
        source.release(table);
    }

    /** The record's context: rejected without a usable key, superseded unless it won deduplication. */
    private static RecordContext identified(RawRecord row, int[] keyIndexes, WinnerRows winners) {
        RecordContext ctx = new RecordContext(row, naturalKey(row, keyIndexes));
        if (ctx.key == null) {
            ctx.reject(Rules.KEY_MISSING, "natural key " + row.table().keyFields() + " missing, blank or longer than 20 characters");
        } else if (!winners.contains(row.rowId())) {
            ctx.supersede(Rules.DUPLICATE, "duplicate superseded by a later date_extraction");
        }
        return ctx;
    }

    private void finish(RecordContext ctx, OutRow o) throws Exception {
        progress.step();
        stats.record(ctx);
        if (scorer != null) scorer.observe(ctx);
        if (observer != null) observer.accept(ctx);
        out.record(ctx, o);
    }

    private boolean fresh(RecordContext ctx) {
        return ctx.row.rowId() > watermarks.getOrDefault(ctx.row.table(), 0L);
    }

    // ------------------------------------------------------------------ one link per main record

    /**
     * A side table keyed wider than its main table (a user's supplier links: user and supplier) gives each main record
     * at most one link: the latest extraction wins, then the smallest linked id; the others are quarantined. Two scans
     * (the first finds each main record's best link, the second writes every record's outcome in row order) so no
     * record is held in memory.
     */
    private void processLinks(RawSource source, ProcessedTable table, MergedTable merged, MergedTables side) throws Exception {
        RawTable raw = merged.table();
        int[] keyIndexes = keyIndexes(raw);
        int extracted = RawRecord.indexOf(raw, EXTRACTED_AT);
        ForeignKey reference = referenceFrom(table, raw);
        LinkChecks checks = new LinkChecks(keyIndexes[0], keyIndexes[1], raw.keyFields().get(0), raw.keyFields().get(1),
            Rules.orphanOf(raw, raw.keyFields().get(0)), Rules.orphanOf(raw, raw.keyFields().get(1)), side.mainWinners(), accepted.get(reference.parentTable()));
        KeyIndex winners = winners(source, raw);
        out.startRejectedTable(raw);
        long watermark = watermarks.getOrDefault(raw, 0L);
        Map<String, Link> bestLink = new HashMap<>();
        WinnerRows firstScan = new WinnerRows(winners);
        source.scan(raw, row -> {
            RecordContext ctx = identified(row, keyIndexes, firstScan);
            if (ctx.key != null && !ctx.rejected()) checks.apply(ctx);
            if (ctx.key != null && !ctx.rejected()) {
                Link link = new Link(extractionEpoch(row.values()[extracted]), checks.linked(row), row.rowId());
                bestLink.merge(checks.owner(row), link, (a, b) -> b.beats(a) ? b : a);
            }
        });
        WinnerRows secondScan = new WinnerRows(winners);
        source.scan(raw, row -> {
            maxRowIds.merge(raw, row.rowId(), Math::max);
            RecordContext ctx = identified(row, keyIndexes, secondScan);
            if (ctx.key != null && !ctx.rejected()) checks.apply(ctx);
            if (!ctx.rejected()) {
                String user = checks.owner(row);
                Link best = bestLink.get(user);
                if (best.rowId != row.rowId()) {
                    ctx.reject(Rules.UFR_SECOND_SUPPLIER, "user " + user + " already linked to supplier " + best.linked);
                } else {
                    side.put(raw, user, best.linked);
                    if (row.rowId() > watermark) side.touch(user);
                }
            }
            if (row.rowId() > watermark) finish(ctx, null);
        });
        source.release(raw);
    }

    /** A link names its owner (a main record that won deduplication) and the record it links to (an accepted parent). */
    private record LinkChecks(int ownerIndex, int linkedIndex, String ownerField, String linkedField, Rule orphanOwner,
                              Rule orphanLinked, KeyIndex owners, KeyIndex parents) {
        String owner(RawRecord row) {
            return ColumnReaders.id(row.values()[ownerIndex]);
        }

        String linked(RawRecord row) {
            return ColumnReaders.id(row.values()[linkedIndex]);
        }

        void apply(RecordContext ctx) {
            ctx.requireParent(orphanOwner, ownerField, owner(ctx.row), owners);
            ctx.requireParent(orphanLinked, linkedField, linked(ctx.row), parents);
        }
    }

    /** The reference whose column is merged from that side table (users.supplier_id from the supplier links). */
    private static ForeignKey referenceFrom(ProcessedTable table, RawTable side) {
        for (ForeignKey fk : table.foreignKeys()) {
            Column c = table.column(fk.columns().get(0));
            if (c.source().table() == side) return fk;
        }
        throw new IllegalStateException(table + ": no reference is merged from " + side.tableName());
    }

    /** A candidate link of a main record. */
    private record Link(long epoch, String linked, long rowId) {
        boolean beats(Link other) {
            if (epoch != other.epoch) return epoch > other.epoch;
            return linked.compareTo(other.linked) < 0;
        }
    }
}
