package io.subtrack.common.pipeline;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The pipeline declaration: the servers a run starts and the stages in the order they run, read
 * from {@code stages.txt} next to this class. That plain file is the one place the order is written:
 * bin/run-pipeline reads it with awk, the integration tests and the bench through this class.
 */
public final class PipelineStages {
    /** The declaration's path in the source tree, from the repository root (where bin/run-pipeline reads it). */
    public static final String SOURCE_PATH = "common/src/main/resources/io/subtrack/common/pipeline/stages.txt";

    private static final List<PipelineProgram> DECLARED = load();

    private PipelineStages() {}

    /** Every program: the servers, then the stages, in declaration order. */
    public static List<PipelineProgram> programs() {
        return DECLARED;
    }

    /** The servers a run starts, in the order it starts them. */
    public static List<PipelineProgram> servers() {
        return DECLARED.stream().filter(p -> p.kind() == PipelineProgram.Kind.SERVER).toList();
    }

    /** The stages, in the order they run. */
    public static List<PipelineProgram> stages() {
        return DECLARED.stream().filter(p -> p.kind() == PipelineProgram.Kind.STAGE).toList();
    }

    /** The stages' names, in the order they run. */
    public static List<String> stageNames() {
        return stages().stream().map(PipelineProgram::name).toList();
    }

    /** The declared stage of that name. */
    public static PipelineProgram stage(String name) {
        return stages().stream().filter(s -> s.name().equals(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("no stage " + name + "; stages: " + stageNames()));
    }

    private static List<PipelineProgram> load() {
        try (InputStream in = PipelineStages.class.getResourceAsStream("stages.txt")) {
            if (in == null) throw new IllegalStateException("stages.txt is missing next to " + PipelineStages.class.getName());
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses the declaration's lines. Refuses a line without its five columns, an unknown kind, a
     * program declared twice, a server after a stage, and a stage that does not read what the stage
     * before it writes: the order is the chain of what each stage hands on.
     */
    static List<PipelineProgram> parse(List<String> lines) {
        List<PipelineProgram> programs = new java.util.ArrayList<>();
        Set<String> names = new HashSet<>();
        PipelineProgram previousStage = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) continue;
            String where = "pipeline declaration line " + (i + 1) + ": ";
            String[] c = line.split("\\s+");
            if (c.length != 5) throw new IllegalArgumentException(where + "kind program command reads writes, got " + c.length + " columns");
            PipelineProgram.Kind kind = switch (c[0]) {
                case "server" -> PipelineProgram.Kind.SERVER;
                case "stage" -> PipelineProgram.Kind.STAGE;
                default -> throw new IllegalArgumentException(where + "kind is server or stage, got " + c[0]);
            };
            PipelineProgram p;
            try {
                p = new PipelineProgram(kind, c[1], c[2], Endpoint.parse(c[3]), Endpoint.parse(c[4]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + e.getMessage(), e);
            }
            if (!names.add(p.name())) throw new IllegalArgumentException(where + p.name() + " is declared twice");
            if (kind == PipelineProgram.Kind.SERVER && previousStage != null) {
                throw new IllegalArgumentException(where + "server " + p.name() + " after the stages: the servers come first");
            }
            if (kind == PipelineProgram.Kind.STAGE) {
                if (previousStage != null && !p.reads().equals(previousStage.writes())) {
                    throw new IllegalArgumentException(where + p.name() + " reads " + p.reads() + " but the stage before it, "
                        + previousStage.name() + ", writes " + previousStage.writes());
                }
                previousStage = p;
            }
            programs.add(p);
        }
        if (previousStage == null) throw new IllegalArgumentException("the pipeline declaration has no stage");
        return List.copyOf(programs);
    }
}
