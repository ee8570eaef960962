package io.subtrack.common.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The declaration against the repository around it: every declared program is a module of the
 * build whose jar runs the declared command, has its bin/ launcher, and bin/run-pipeline starts and
 * runs exactly the declared programs in the declared order.
 */
class DeclaredProgramsTest {
    /** The repository root: the tests run in common/. */
    static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void everyDeclaredProgramIsAModuleWhoseJarRunsTheDeclaredCommand() throws IOException {
        String rootPom = Files.readString(ROOT.resolve("pom.xml"));
        Pattern mainClass = Pattern.compile("<main\\.class>([^<]+)</main\\.class>");
        for (PipelineProgram p : PipelineStages.programs()) {
            assertTrue(rootPom.contains("<module>" + p.name() + "</module>"), p.name() + " is a module of the build");
            Matcher m = mainClass.matcher(Files.readString(ROOT.resolve(p.name()).resolve("pom.xml")));
            assertTrue(m.find(), p.name() + "/pom.xml names its main class");
            assertEquals(p.commandClass(), m.group(1), p.name() + "'s jar runs the declared command");
        }
    }

    @Test
    void everyDeclaredProgramHasItsLauncher() throws IOException {
        for (PipelineProgram p : PipelineStages.programs()) {
            Path launcher = ROOT.resolve("bin").resolve(p.name());
            assertTrue(Files.isSymbolicLink(launcher), "bin/" + p.name() + " links to bin/_stage");
            assertEquals(Path.of("_stage"), Files.readSymbolicLink(launcher), "bin/" + p.name());
        }
    }

    @Test
    void runPipelineStartsAndRunsTheDeclaredProgramsInTheDeclaredOrder() throws Exception {
        Result r = printStages(ROOT);
        assertEquals(0, r.code(), r.err());
        List<String> declared = PipelineStages.programs().stream()
            .map(p -> p.kind().name().toLowerCase(java.util.Locale.ROOT) + " " + p.name()).toList();
        assertEquals(declared, r.out().lines().toList());
    }

    /** The script refuses, before it runs anything, a declaration it has no arguments for: a stage added in one place only. */
    @Test
    void runPipelineRefusesADeclaredStageItHasNoStepFor(@TempDir Path copy) throws Exception {
        Files.createDirectories(copy.resolve("bin"));
        Files.copy(ROOT.resolve("bin/run-pipeline"), copy.resolve("bin/run-pipeline"));
        Path declaration = copy.resolve(PipelineStages.SOURCE_PATH);
        Files.createDirectories(declaration.getParent());
        String text = Files.readString(ROOT.resolve(PipelineStages.SOURCE_PATH));
        String last = PipelineStages.stages().get(PipelineStages.stages().size() - 1).writes().toString();
        Files.writeString(declaration, text + "stage exporter io.subtrack.exporter.ExporterCommand " + last + " file:export.json\n");
        Result r = printStages(copy);
        assertNotEquals(0, r.code());
        assertEquals("", r.out());
        assertTrue(r.err().contains("declares stage exporter, but this script has no stage_exporter"), r.err());
    }

    record Result(int code, String out, String err) {}

    static Result printStages(Path root) throws Exception {
        Process p = new ProcessBuilder("bash", root.resolve("bin/run-pipeline").toString(), "--print-stages").start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bin/run-pipeline --print-stages ended");
        return new Result(p.exitValue(), out, err);
    }
}
