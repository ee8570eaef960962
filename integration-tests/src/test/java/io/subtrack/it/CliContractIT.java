package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.consumer.processed.ConsumerProcessedCommand;
import io.subtrack.consumer.raw.ConsumerRawCommand;
import io.subtrack.devbroker.DevBrokerCommand;
import io.subtrack.producer.processed.ProducerProcessedCommand;
import io.subtrack.producer.raw.ProducerRawCommand;
import io.subtrack.common.test.Fixtures;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * --help, --version, exit 2 on bad usage, exit 1 with a one-line reason when the broker or database
 * is unreachable. The unreachable cases wait out real timeouts: the broker's is shortened with
 * --connect-timeout, the database's retry window (refused connections are tried again for 10 s, a
 * restarting server's time) is not an option, so those runs overlap.
 */
class CliContractIT {
    record Program(String name, Supplier<Object> command) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Program> programs() {
        return Stream.concat(Stream.of(
            new Program("dev-broker", DevBrokerCommand::new),
            new Program("producer-raw", ProducerRawCommand::new),
            new Program("consumer-raw", ConsumerRawCommand::new),
            new Program("producer-processed", ProducerProcessedCommand::new),
            new Program("consumer-processed", ConsumerProcessedCommand::new)), StagePrograms.others());
    }

    /** Exit code, standard output and standard error of one in-process run. */
    record Result(int code, String out, String err) {}

    static Result run(Object command, String... args) {
        // producer-raw and the transformer get the test field key
        EmbeddedStack.Printed p = EmbeddedStack.printedBy(command, FieldKeys.withKey(command, args));
        return new Result(p.exitCode(), p.out(), p.err());
    }

    @ParameterizedTest
    @MethodSource("programs")
    void helpPrintsUsageAndExitsZero(Program p) {
        Result r = run(p.command().get(), "--help");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("Usage: " + p.name()), r.out());
        assertTrue(r.out().contains("--version"), r.out());
    }

    @ParameterizedTest
    @MethodSource("programs")
    void versionPrintsTheVersionAndExitsZero(Program p) {
        Result r = run(p.command().get(), "--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("SubTrack pipeline "), r.out());
    }

    @ParameterizedTest
    @MethodSource("programs")
    void anUnknownFlagExitsTwoWithAUsageMessage(Program p) {
        Result r = run(p.command().get(), "--no-such-flag");
        assertEquals(2, r.code());
        assertTrue(r.err().startsWith(p.name() + ": Unknown option: '--no-such-flag'"), r.err());
        assertTrue(r.err().contains("Usage: " + p.name()), r.err());
    }

    static Stream<Program> kafkaPrograms() {
        return Stream.of(
            new Program("producer-raw", ProducerRawCommand::new),
            new Program("consumer-raw", ConsumerRawCommand::new),
            new Program("producer-processed", ProducerProcessedCommand::new),
            new Program("consumer-processed", ConsumerProcessedCommand::new));
    }

    static Stream<Program> databasePrograms() {
        return Stream.concat(Stream.of(
            new Program("consumer-raw", ConsumerRawCommand::new),
            new Program("consumer-processed", ConsumerProcessedCommand::new)), StagePrograms.databaseReaders());
    }

    /** Nothing listens on port 1: refused, retried for the connect window, then one line. */
    private static final String UNREACHABLE_DB = "jdbc:postgresql://localhost:1/nowhere?user=postgres";

    /** The consumers set up their tables before they reach for Kafka: a real database, so the broker is what fails. */
    private static String reachableDatabase() {
        try {
            return io.subtrack.devdb.DevDb.forTests().createDatabase("cli_unreachable_broker");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("kafkaPrograms")
    void anUnreachableBrokerExitsOneWithinTheConnectTimeoutWithOneLine(Program p) {
        String[] args = p.name().startsWith("producer")
            ? new String[] {"--bootstrap-server", "localhost:1", "--connect-timeout", "2s", "--input", Fixtures.rawSample().toString()}
            : new String[] {"--bootstrap-server", "localhost:1", "--connect-timeout", "2s", "--jdbc-url", reachableDatabase()};
        long start = System.nanoTime();
        Result r = run(p.command().get(), args);
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(1, r.code(), r.err());
        // the 2 s timeout, and the start-up around it (a consumer sets up its tables first)
        assertTrue(seconds < 12, "took " + seconds + " s");
        List<String> lines = r.err().lines().filter(l -> l.startsWith(p.name() + ":")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains("cannot reach Kafka at localhost:1: no answer within 2 s"), lines.get(0));
        assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
    }

    @ParameterizedTest
    @MethodSource("databasePrograms")
    @Execution(ExecutionMode.CONCURRENT) // each run waits out the 10 s retry window: side by side, not one after another
    void anUnreachableDatabaseExitsOneWithOneLine(Program p) {
        Result r = p.name().startsWith("consumer")
            ? run(p.command().get(), "--bootstrap-server", "localhost:1", "--jdbc-url", UNREACHABLE_DB)
            : run(p.command().get(), "--jdbc-url", UNREACHABLE_DB);
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith(p.name() + ": cannot connect to database " + UNREACHABLE_DB), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace:\n" + r.err());
    }
}
