package io.subtrack.it;

import java.util.stream.Stream;

/** The generator and the transformer, for the tests that cover all seven programs. */
final class StagePrograms {
    private StagePrograms() {}

    static Stream<CliContractIT.Program> others() {
        return Stream.of(new CliContractIT.Program("generator", io.subtrack.generator.GeneratorCommand::new),
            new CliContractIT.Program("transformer", io.subtrack.transformer.TransformerCommand::new));
    }

    /** Programs that read a database, beyond the consumers. */
    static Stream<CliContractIT.Program> databaseReaders() {
        return Stream.of(new CliContractIT.Program("transformer", io.subtrack.transformer.TransformerCommand::new));
    }
}
