package io.subtrack.it;

import io.subtrack.common.cli.Cli;
import io.subtrack.devbroker.DevBroker;
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
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The embedded stack the integration tests run on: a real dev broker on free ports inside the test
 * JVM and an H2 file database (MSSQLServer mode, AUTO_SERVER so child processes can share it).
 */
final class EmbeddedStack implements AutoCloseable {
    final Path dir;
    final DevBroker broker;

    EmbeddedStack(Path dir) throws Exception {
        this.dir = dir;
        this.broker = DevBroker.onFreePorts(dir.resolve("kafka")).start();
    }

    String bootstrap() {
        return broker.bootstrapServers();
    }

    /** Runs a program in this JVM as its main would; returns the exit code and what it printed (stdout and stderr). */
    static Run run(Object command, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream(); // apart, so no log line splits a SUMMARY line
        System.setOut(new PrintStream(new TeeStream(out, oldOut), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new TeeStream(err, oldErr), true, StandardCharsets.UTF_8));
        try {
            int code = Cli.execute(command, args);
            return new Run(code, out.toString(StandardCharsets.UTF_8) + "\n" + err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
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

    /** A database of its own per test, so tests sharing the broker never see each other's rows. */
    String jdbcUrl(String database) {
        return "jdbc:h2:file:" + dir.resolve("db").resolve(database).toAbsolutePath() + ";MODE=MSSQLServer;AUTO_SERVER=TRUE";
    }

    Connection db(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "sa", "");
    }

    long count(String database, String table) throws SQLException {
        try (Connection c = db(database); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every message of a topic, read from the beginning until it stays quiet. */
    List<ConsumerRecord<byte[], byte[]>> readAll(String topic, Duration quiet) {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap());
        p.put("group.id", "it-reader-" + System.nanoTime());
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            c.subscribe(List.of(topic));
            long lastData = System.nanoTime();
            while (System.nanoTime() - lastData < quiet.toNanos()) {
                var polled = c.poll(Duration.ofMillis(300));
                for (var r : polled) out.add(r);
                if (!polled.isEmpty()) lastData = System.nanoTime();
            }
        }
        return out;
    }

    @Override
    public void close() {
        broker.close();
    }

    /** Copies what a program prints to the test log as well as into the buffer. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
