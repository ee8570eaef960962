package io.subtrack.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.pipeline.Endpoint;
import io.subtrack.common.pipeline.PipelineProgram;
import io.subtrack.common.pipeline.PipelineStages;
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

    /** Every declared program: the servers and the stages (the pipeline declaration). */
    static Stream<Program> programs() {
        return PipelineStages.programs().stream().map(CliContractIT::program);
    }

    private static Program program(PipelineProgram p) {
        return new Program(p.name(), p::newCommand);
    }

    private static boolean uses(PipelineProgram p, Endpoint.Medium medium) {
        return p.reads().medium() == medium || p.writes().medium() == medium;
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

    /** The stages that read or write a topic. */
    static Stream<Program> kafkaPrograms() {
        return PipelineStages.stages().stream().filter(p -> uses(p, Endpoint.Medium.TOPIC)).map(CliContractIT::program);
    }

    /** The stages that read or write tables. */
    static Stream<Program> databasePrograms() {
        return PipelineStages.stages().stream().filter(p -> uses(p, Endpoint.Medium.TABLES)).map(CliContractIT::program);
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
