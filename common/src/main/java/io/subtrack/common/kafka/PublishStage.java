package io.subtrack.common.kafka;

import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.cli.StageSummary;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.config.TopicOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

/** The whole run of a producer stage: create topics, publish the file, print the summary, fail on any unacknowledged record. */
public final class PublishStage {
    private PublishStage() {}

    public static StageSummary run(String stage, KafkaOptions kafka, TopicOptions topics, String topic, Path input,
                                   String runId, Function<String, List<String>> keyFieldsOfTable, PrintStream out)
        throws IOException {
        if (!Files.isReadable(input)) throw new StageFailure("cannot read input file " + input);
        StageSummary summary = new StageSummary(stage);
        KafkaClients.ensureTopics(kafka, List.of(topic, topics.errorsTopic), topics.partitions);
        TablePublisher publisher = new TablePublisher(KafkaClients.producerConfig(kafka), topic,
            runId != null ? runId : UUID.randomUUID().toString(), keyFieldsOfTable);
        TablePublisher.Result r = publisher.publish(input);
        summary.in(r.read()).out(r.acknowledged()).rejected(r.failed())
            .detail("topic", topic).detail("sent", r.sent()).detail("acknowledged", r.acknowledged()).finish();
        summary.print(out);
        if (r.failed() > 0 || r.acknowledged() != r.read()) {
            throw new StageFailure(TablePublisher.stoppedEarly(r)
                + (r.firstFailure() == null ? "" : " (first error: " + r.firstFailure() + ")"));
        }
        return summary;
    }
}
