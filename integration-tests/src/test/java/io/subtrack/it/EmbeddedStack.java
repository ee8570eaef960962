package io.subtrack.it;

import io.subtrack.common.cli.Cli;
import io.subtrack.devbroker.DevBroker;
import io.subtrack.devdb.DevDb;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The embedded stack the integration tests run on: a real dev broker on free ports inside the test
 * JVM, and the real PostgreSQL server of dev-db (one per test JVM, {@link DevDb#forTests}), where
 * each stack's tests take databases of their own; child processes reach both over TCP.
 */
final class EmbeddedStack implements AutoCloseable {
    private static final AtomicInteger STACKS = new AtomicInteger();
    final Path dir;
    final DevBroker broker;
    final DevDb db;
    /** Keeps two stacks' databases apart on the one server: tests of different classes reuse names. */
    private final String databasePrefix;

    EmbeddedStack(Path dir) throws Exception {
        this.dir = dir;
        this.broker = DevBroker.onFreePorts(dir.resolve("kafka")).start();
        this.db = DevDb.forTests();
        this.databasePrefix = "it" + STACKS.incrementAndGet() + "_";
    }

    String bootstrap() {
        return broker.bootstrapServers();
    }

    /** What the programs running in this JVM print goes to the real streams and to the buffer of the run that printed it. */
    private static final InheritableThreadLocal<ByteArrayOutputStream> OUT = new InheritableThreadLocal<>();
    private static final InheritableThreadLocal<ByteArrayOutputStream> ERR = new InheritableThreadLocal<>();

    static {
        System.setOut(new PrintStream(new PerRunStream(System.out, OUT), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new PerRunStream(System.err, ERR), true, StandardCharsets.UTF_8));
    }

    /**
     * Runs a program in this JVM as its main would; returns the exit code and what it printed
     * (stdout and stderr). Runs may overlap (a consumer in one thread while a producer publishes
     * in another): each keeps what its own threads print, and threads it starts inherit it.
     */
    static Run run(Object command, String... args) {
        return runAsGiven(command, FieldKeys.withKey(command, args));
    }

    /** As {@link #run}, without the test field key added (a stage given no key). */
    static Run runAsGiven(Object command, String... args) {
        Printed printed = printedBy(command, args);
        return new Run(printed.exitCode(), printed.out() + "\n" + printed.err());
    }

    /** Exit code, standard output and standard error of one run, kept apart. */
    record Printed(int exitCode, String out, String err) {}

    /**
     * Runs a program in this JVM as its main would, with what it prints to each stream kept apart;
     * safe while other runs print at the same time (each keeps its own threads' output).
     */
    static Printed printedBy(Object command, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream(); // apart, so no log line splits a SUMMARY line
        ByteArrayOutputStream outerOut = OUT.get();
        ByteArrayOutputStream outerErr = ERR.get();
        OUT.set(out);
        ERR.set(err);
        try {
            int code = Cli.execute(command, args);
            System.out.flush();
            System.err.flush();
            synchronized (out) {
                synchronized (err) {
                    return new Printed(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
                }
            }
        } finally {
            OUT.set(outerOut);
            ERR.set(outerErr);
        }
    }

    record Run(int exitCode, String output) {
        /** A number from the SUMMARY line, e.g. summary("out"). */
        long summary(String key) {
            for (String line : output.split("\n")) {
                if (line.startsWith("SUMMARY ")) {
                    for (String kv : line.split(" ")) {
                        if (kv.startsWith(key + "=")) return Long.parseLong(kv.substring(key.length() + 1));
                    }
                }
            }
            throw new AssertionError("no " + key + " in summary:\n" + output);
        }
    }

    /** A database of its own per test (created on first use), so tests sharing the servers never see each other's rows. */
    String jdbcUrl(String database) {
        try {
            return db.createDatabase(databasePrefix + database.toLowerCase(java.util.Locale.ROOT));
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + database + ": " + e.getMessage(), e);
        }
    }

    /** A plain connection with the URL alone, as any client would open it. */
    Connection db(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database));
    }

    long count(String database, String table) throws SQLException {
        try (Connection c = db(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Every message of a topic as it stands: read from the beginning of each partition to the end
     * offset it had when the read began (what a finished producer left; aborted and uncommitted
     * records included). A topic that does not exist reads as empty.
     */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        p.put("enable.auto.commit", "false");
        p.put("allow.auto.create.topics", "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo info : c.partitionsFor(topic, Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(topic, info.partition()));
            }
            c.assign(partitions);
            c.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = c.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end + " within 60 s");
                }
                for (var r : c.poll(Duration.ofMillis(200))) out.add(r);
            }
        }
        return out;
    }

    @Override
    public void close() {
        broker.close();
    }

    /** Copies what is printed to the real stream and to the current thread's run buffer, if any. */
    private static final class PerRunStream extends java.io.OutputStream {
        private final java.io.OutputStream real;
        private final ThreadLocal<ByteArrayOutputStream> buffer;

        PerRunStream(java.io.OutputStream real, ThreadLocal<ByteArrayOutputStream> buffer) {
            this.real = real;
            this.buffer = buffer;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            write(new byte[] {(byte) x}, 0, 1);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            real.write(buf, off, len);
            ByteArrayOutputStream b = buffer.get();
            if (b != null) {
                synchronized (b) {
                    b.write(buf, off, len);
                }
            }
        }

        @Override
        public void flush() throws java.io.IOException {
            real.flush();
        }
    }
}
