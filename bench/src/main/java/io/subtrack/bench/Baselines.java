package io.subtrack.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.db.CopyText;
import io.subtrack.common.db.Database;
import io.subtrack.common.db.DatabaseDialect;
import io.subtrack.common.db.PostgresDialect;
import io.subtrack.common.db.PostgresDialectProvider;
import io.subtrack.common.db.SchemaApplier;
import io.subtrack.common.json.Json;
import io.subtrack.common.json.TableFileReader;
import io.subtrack.common.kafka.Envelope;
import io.subtrack.common.kafka.ExtractMarker;
import io.subtrack.common.kafka.KafkaClients;
import io.subtrack.common.schema.Column;
import io.subtrack.common.schema.ProcessedTable;
import io.subtrack.common.schema.RawTable;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;

/**
 * The bare baselines {@link PipelineBench} measures each stage against, each in its own child JVM
 * on the same broker and database as the stages. Each prints
 * {@code BASELINE records=N seconds=S} (timed section only) and then its peak RSS.
 * <ul>
 * <li>{@code json-copy IN OUT}: streaming token copy of a table-keyed JSON file (Jackson parser to generator).</li>
 * <li>{@code producer BOOTSTRAP FILE TOPIC raw|processed}: the file's envelopes are pre-serialized
 *     (same key/value/header bytes as the stage) into a frame file, untimed; then timed: a bare
 *     KafkaProducer with {@link KafkaClients#producerConfig} sends the frames and flushes.</li>
 * <li>{@code consume-copy BOOTSTRAP TOPIC JDBC N}: bare KafkaConsumer (same consumer config and
 *     records per poll), each poll decoded just enough and COPYed into the same raw tables (one COPY
 *     per table, {@link PostgresDialect#buildCopyStatement}), one commit per poll, then offsets
 *     committed; afterwards (untimed) the raw tables are emptied for the stage.</li>
 * <li>{@code consume-upsert BOOTSTRAP TOPIC JDBC N}: the same into the processed tables, per table
 *     (parents first) a COPY into a temporary staging table and one
 *     {@link PostgresDialect#buildUpsertFromStagingStatement} per poll.</li>
 * <li>{@code jdbc-to-json JDBC OUT}: bare SELECT of every raw table written as table-keyed JSON.</li>
 * </ul>
 */
public final class Baselines {
    private static final int MAX_POLL_RECORDS = KafkaClients.MAX_POLL_RECORDS;

    private Baselines() {}

    public static void main(String[] args) throws Exception {
        long[] result = switch (args[0]) {
            case "json-copy" -> jsonCopy(Path.of(args[1]), Path.of(args[2]));
            case "producer" -> produce(args[1], Path.of(args[2]), args[3], args[4].equals("raw"));
            case "consume-copy" -> consumeCopy(args[1], args[2], args[3], Long.parseLong(args[4]));
            case "consume-upsert" -> consumeUpsert(args[1], args[2], args[3], Long.parseLong(args[4]));
            case "jdbc-to-json" -> jdbcToJson(args[1], Path.of(args[2]));
            default -> throw new IllegalArgumentException("unknown baseline " + args[0]);
        };
        System.out.printf(Locale.ROOT, "BASELINE records=%d seconds=%.3f%n", result[0], result[1] / 1e9);
        StageRunner.reportResources();
        System.exit(0);
    }

    static long[] jsonCopy(Path in, Path out) throws Exception {
        long start = System.nanoTime();
        long records = 0;
        try (InputStream is = Files.newInputStream(in);
             JsonParser p = Json.MAPPER.createParser(is);
             OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
             JsonGenerator g = Json.MAPPER.createGenerator(os)) {
            int depth = 0;
            for (JsonToken t; (t = p.nextToken()) != null; ) {
                if (t.isStructStart()) {
                    if (depth == 2 && t == JsonToken.START_OBJECT) records++;
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
                g.copyCurrentEvent(p);
            }
        }
        return new long[] {records, System.nanoTime() - start};
    }

    static long[] produce(String bootstrap, Path file, String topic, boolean raw) throws Exception {
        KafkaOptions kafka = kafka(bootstrap);
        // untimed: the same envelope bytes the stage sends, pre-serialized into length-prefixed frames
        Path frames = file.resolveSibling(file.getFileName() + ".frames");
        try (TableFileReader reader = new TableFileReader(file, t -> true);
             DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(frames), 1 << 16))) {
            for (TableFileReader.Entry e; (e = reader.next()) != null; ) {
                List<String> keyFields = raw ? RawTable.byName(e.table()).keyFields() : ProcessedTable.byName(e.table()).primaryKey();
                byte[] key = Envelope.key(e.table(), keyFields, e.record());
                byte[] value = Envelope.value(e.table(), e.record());
                out.writeUTF(e.table());
                out.writeInt(key.length);
                out.write(key);
                out.writeInt(value.length);
                out.write(value);
            }
        }
        String runId = UUID.randomUUID().toString();
        Map<String, Headers> headers = new HashMap<>();
        AtomicLong acked = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long sent = 0;
        long start = System.nanoTime();
        KafkaClients.ensureTopics(kafka, List.of(topic), 3); // timed, as in the stage: a producer run checks its topic
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(KafkaClients.producerConfig(kafka));
             DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(frames), 1 << 16))) {
            while (true) {
                String table;
                try {
                    table = in.readUTF();
                } catch (EOFException end) {
                    break;
                }
                byte[] key = new byte[in.readInt()];
                in.readFully(key);
                byte[] value = new byte[in.readInt()];
                in.readFully(value);
                Headers h = headers.computeIfAbsent(table, t -> Envelope.headers(t, runId));
                producer.send(new ProducerRecord<>(topic, null, key, value, h), (md, ex) -> {
                    if (ex == null) acked.incrementAndGet();
                    else failed.incrementAndGet();
                });
                sent++;
            }
            producer.flush();
        }
        long nanos = System.nanoTime() - start;
        Files.deleteIfExists(frames);
        if (failed.get() > 0 || acked.get() != sent) throw new IllegalStateException(failed + " of " + sent + " not acknowledged");
        return new long[] {acked.get(), nanos};
    }

    private static KafkaOptions kafka(String bootstrap) {
        KafkaOptions k = new KafkaOptions();
        k.bootstrapServer = bootstrap;
        return k;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap, String topic) {
        Map<String, Object> config = KafkaClients.consumerConfig(kafka(bootstrap), "bench-baseline-" + UUID.randomUUID());
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(config);
        c.subscribe(List.of(topic));
        return c;
    }

    /**
     * consumer-raw's baseline: poll, decode each value just enough (the table name, then each record
     * field's scalar text into its column position, straight from the tokens), hash it as the stage
     * does, encode COPY text, one COPY per raw table per poll, commit, commit the Kafka offsets.
     * Single-threaded, no dedupe look-up, no offsets table, no dead letters. Afterwards (untimed) the
     * raw tables are emptied for the stage.
     */
    static long[] consumeCopy(String bootstrap, String topic, String jdbcUrl, long n) throws Exception {
        PostgresDialect dialect = postgres(jdbcUrl);
        long count = 0;
        long nanos;
        try (Connection c = Database.connect(jdbcUrl, null, null)) {
            SchemaApplier.applyRaw(c, dialect);
            c.setAutoCommit(false);
            truncateRaw(c, dialect); // a rerun of some stages in the same work dir: start from empty tables
            Map<RawTable, String> copy = new EnumMap<>(RawTable.class);
            Map<RawTable, CopyText> text = new EnumMap<>(RawTable.class);
            Map<RawTable, Map<String, Integer>> positions = new EnumMap<>(RawTable.class);
            for (RawTable t : RawTable.all()) {
                List<String> cols = new ArrayList<>(t.fields());
                cols.add(RawTable.RECORD_HASH_COLUMN);
                cols.addAll(RawTable.LINEAGE_COLUMNS);
                copy.put(t, dialect.buildCopyStatement(t.tableName(), cols));
                text.put(t, new CopyText());
                Map<String, Integer> p = new HashMap<>();
                for (int i = 0; i < t.fields().size(); i++) p.put(t.fields().get(i), i);
                positions.put(t, p);
            }
            long start = System.nanoTime();
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, topic)) {
                while (count < n) {
                    ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(500));
                    if (polled.isEmpty()) continue;
                    String now = LocalDateTime.now().toString(); // ingested_at, as the stage writes it
                    for (ConsumerRecord<byte[], byte[]> r : polled) {
                        // an extract's end marker (one per partition) is counted in n but holds no row
                        if (ExtractMarker.isMarker(r)) continue;
                        RawTable t;
                        String[] values;
                        try (JsonParser p = Json.MAPPER.createParser(r.value())) {
                            p.nextToken(); // {
                            p.nextToken(); // "table": the envelope writes it first (Envelope.value)
                            if (!"table".equals(p.currentName())) throw new IllegalStateException("envelope does not start with its table");
                            p.nextToken();
                            t = RawTable.byName(p.getText());
                            Map<String, Integer> at = positions.get(t);
                            values = new String[t.fields().size()];
                            p.nextToken(); // "record"
                            p.nextToken(); // {
                            for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
                                int i = at.get(p.currentName());
                                JsonToken v = p.nextToken();
                                values[i] = switch (v) {
                                    case VALUE_NULL -> null;
                                    case VALUE_NUMBER_INT -> p.getNumberValue().toString();
                                    case VALUE_NUMBER_FLOAT -> p.getDecimalValue().toPlainString();
                                    default -> p.getText(); // strings; true/false
                                };
                            }
                        }
                        CopyText out = text.get(t);
                        for (String v : values) out.text(v);
                        out.bytes(sha256(t, values)); // the same stored row as the stage's: SHA-256 of table and values
                        out.text(r.topic());
                        out.number(r.partition());
                        out.number(r.offset());
                        out.text(now);
                        out.endRow();
                    }
                    for (Map.Entry<RawTable, CopyText> e : text.entrySet()) {
                        if (e.getValue().rows() == 0) continue;
                        e.getValue().copyInto(c, copy.get(e.getKey()));
                        e.getValue().clear();
                    }
                    c.commit();
                    consumer.commitSync();
                    count += polled.count();
                }
            }
            nanos = System.nanoTime() - start;
            // untimed: the stage loads the same records into the same, empty, tables
            truncateRaw(c, dialect);
        }
        return new long[] {count, nanos};
    }

    private static PostgresDialect postgres(String jdbcUrl) {
        if (new PostgresDialectProvider().accepts(jdbcUrl)) return new PostgresDialect();
        throw new IllegalArgumentException("the baselines run on dev-db (PostgreSQL): " + Database.redact(jdbcUrl));
    }

    private static final java.security.MessageDigest SHA256;

    static {
        try {
            SHA256 = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What consumer-raw's RecordHash computes: table name, then per field 0 for null or 1, UTF-8 text, 0x1f. */
    private static byte[] sha256(RawTable t, String[] values) {
        SHA256.reset();
        SHA256.update(t.tableName().getBytes(StandardCharsets.UTF_8));
        for (String v : values) {
            if (v == null) {
                SHA256.update((byte) 0);
            } else {
                SHA256.update((byte) 1);
                SHA256.update(v.getBytes(StandardCharsets.UTF_8));
                SHA256.update((byte) 0x1f);
            }
        }
        return SHA256.digest();
    }

    private static void truncateRaw(Connection c, DatabaseDialect dialect) throws Exception {
        try (Statement st = c.createStatement()) {
            for (RawTable t : RawTable.all()) st.execute("TRUNCATE TABLE " + dialect.quote(t.tableName()));
            st.execute("DELETE FROM " + dialect.quote("subtrack_load_offsets"));
        }
        c.commit();
    }

    /**
     * consumer-processed's baseline: poll, read each value as a tree, keep the last record per key
     * of each table (one INSERT ... ON CONFLICT cannot touch a row twice), then per table, parents
     * first: COPY into a temporary staging table shaped like it (emptied at commit) and one
     * {@code INSERT ... SELECT ... ON CONFLICT DO UPDATE} (PostgresDialect); commit; commit the Kafka
     * offsets. No parent wait, no offsets table, no dead letters. It runs after the stage (its rows
     * need their parents in place for the foreign keys), so its upserts take the update path.
     */
    static long[] consumeUpsert(String bootstrap, String topic, String jdbcUrl, long n) throws Exception {
        PostgresDialect dialect = postgres(jdbcUrl);
        long count = 0;
        long nanos;
        try (Connection c = Database.connect(jdbcUrl, null, null)) {
            SchemaApplier.applyProcessed(c, dialect);
            c.setAutoCommit(false);
            Map<ProcessedTable, String> copy = new TreeMap<>();
            Map<ProcessedTable, PreparedStatement> upsert = new TreeMap<>();
            try (Statement st = c.createStatement()) {
                for (ProcessedTable t : ProcessedTable.values()) {
                    String staging = "bench_staging_" + t.tableName();
                    st.execute(dialect.buildCreateStagingStatement(staging, t.tableName()));
                    copy.put(t, dialect.buildCopyStatement(staging, t.columnNames()));
                    upsert.put(t, c.prepareStatement(dialect.buildUpsertFromStagingStatement(t.tableName(), staging,
                        t.primaryKey(), t.columnNames())));
                }
            }
            c.commit();
            long start = System.nanoTime();
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap, topic)) {
                while (count < n) {
                    ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(500));
                    if (polled.isEmpty()) continue;
                    Map<ProcessedTable, Map<String, JsonNode>> byTable = new TreeMap<>();
                    for (ConsumerRecord<byte[], byte[]> r : polled) {
                        JsonNode env = Json.MAPPER.readTree(r.value());
                        ProcessedTable t = ProcessedTable.byName(env.get("table").asText());
                        JsonNode rec = env.get("record");
                        StringBuilder key = new StringBuilder();
                        for (String k : t.primaryKey()) key.append(rec.path(k).asText()).append('\u001f');
                        byTable.computeIfAbsent(t, x -> new LinkedHashMap<>()).put(key.toString(), rec);
                    }
                    for (Map.Entry<ProcessedTable, Map<String, JsonNode>> e : byTable.entrySet()) { // EnumMap: parents first
                        ProcessedTable t = e.getKey();
                        CopyText text = new CopyText();
                        for (JsonNode rec : e.getValue().values()) {
                            for (Column col : t.columns()) text.text(col.type().copyText(rec.get(col.name())));
                            text.endRow();
                        }
                        text.copyInto(c, copy.get(t));
                        upsert.get(t).executeUpdate();
                    }
                    c.commit();
                    consumer.commitSync();
                    count += polled.count();
                }
            }
            nanos = System.nanoTime() - start;
        }
        return new long[] {count, nanos};
    }

    static long[] jdbcToJson(String jdbcUrl, Path out) throws Exception {
        DatabaseDialect dialect = DatabaseDialect.forUrl(jdbcUrl);
        long rows = 0;
        long start = System.nanoTime();
        try (Connection c = Database.connect(jdbcUrl, null, null);
             OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
             JsonGenerator g = Json.MAPPER.createGenerator(os)) {
            c.setAutoCommit(false);
            g.writeStartObject();
            for (RawTable t : RawTable.all()) {
                g.writeArrayFieldStart(t.tableName());
                try (Statement st = c.createStatement()) {
                    st.setFetchSize(5000);
                    try (ResultSet rs = st.executeQuery(dialect.buildSelectStatement(t.tableName(), t.fields(), List.of(), "row_id"))) {
                        int n = t.fields().size();
                        while (rs.next()) {
                            g.writeStartObject();
                            for (int i = 0; i < n; i++) {
                                String v = rs.getString(i + 1);
                                if (v == null) g.writeNullField(t.fields().get(i));
                                else g.writeStringField(t.fields().get(i), v);
                            }
                            g.writeEndObject();
                            rows++;
                        }
                    }
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        return new long[] {rows, System.nanoTime() - start};
    }
}
