package io.subtrack.common.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.common.config.TopicOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineStagesTest {
    @Test
    void theServersComeFirstThenTheStagesEachReadingWhatTheOneBeforeWrites() {
        List<PipelineProgram> programs = PipelineStages.programs();
        assertEquals(PipelineStages.servers().size() + PipelineStages.stages().size(), programs.size());
        assertEquals(PipelineStages.servers(), programs.subList(0, PipelineStages.servers().size()));
        List<PipelineProgram> stages = PipelineStages.stages();
        assertEquals(Endpoint.NONE, stages.get(0).reads(), "the first stage reads nothing another stage wrote");
        for (int i = 1; i < stages.size(); i++) {
            assertEquals(stages.get(i - 1).writes(), stages.get(i).reads(), stages.get(i).name());
        }
    }

    @Test
    void theDeclaredTopicsAreTheOnesTheStagesUseByDefault() {
        List<String> topics = PipelineStages.stages().stream().map(PipelineProgram::writes)
            .filter(e -> e.medium() == Endpoint.Medium.TOPIC).map(Endpoint::name).toList();
        assertEquals(List.of(TopicOptions.RAW, TopicOptions.PROCESSED), topics);
    }

    @Test
    void aStageIsFoundByNameAndAnUnknownNameIsRefusedWithTheStages() {
        assertEquals("io.subtrack.transformer.TransformerCommand", PipelineStages.stage("transformer").commandClass());
        assertEquals(new Endpoint(Endpoint.Medium.TABLES, "raw"), PipelineStages.stage("transformer").reads());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PipelineStages.stage("dev-db"));
        assertTrue(e.getMessage().contains(PipelineStages.stageNames().toString()), e.getMessage());
    }

    @Test
    void aCommandOffTheClassPathIsNamedWithItsProgram() {
        PipelineProgram absent = new PipelineProgram(PipelineProgram.Kind.STAGE, "absent", "io.subtrack.absent.AbsentCommand",
            Endpoint.NONE, Endpoint.NONE);
        IllegalStateException e = assertThrows(IllegalStateException.class, absent::newCommand);
        assertTrue(e.getMessage().startsWith("absent: cannot create its command io.subtrack.absent.AbsentCommand"), e.getMessage());
    }

    @Test
    void aStageThatDoesNotReadWhatTheOneBeforeWritesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PipelineStages.parse(List.of(
            "stage a x.A - file:a.json",
            "stage b x.B topic:t tables:raw")));
        assertEquals("pipeline declaration line 2: b reads topic:t but the stage before it, a, writes file:a.json", e.getMessage());
    }

    @Test
    void malformedDeclarationsAreRefusedWithTheirLine() {
        assertRefused("line 1: kind program command reads writes, got 4 columns", "stage a x.A -");
        assertRefused("line 1: kind is server or stage, got job", "job a x.A - -");
        assertRefused("line 1: unknown medium in queue:q (file, topic or tables)", "stage a x.A - queue:q");
        assertRefused("line 3: a is declared twice", "stage a x.A - file:a", "# a comment", "stage a x.A file:a file:a");
        assertRefused("line 2: server s after the stages: the servers come first", "stage a x.A - -", "server s x.S - -");
        assertRefused("the pipeline declaration has no stage", "server s x.S - -");
    }

    private static void assertRefused(String message, String... lines) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PipelineStages.parse(List.of(lines)));
        assertTrue(e.getMessage().endsWith(message), e.getMessage());
    }
}
