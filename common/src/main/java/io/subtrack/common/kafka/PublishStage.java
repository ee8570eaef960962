package io.subtrack.common.kafka;

import io.subtrack.common.cli.StageFailure;
import io.subtrack.common.cli.StageSummary;
import io.subtrack.common.config.KafkaOptions;
import io.subtrack.common.config.TopicOptions;
import io.subtrack.common.extract.Extract;
import io.subtrack.common.extract.ExtractDates;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** The whole run of a producer stage: create topics, publish the file, print the summary, fail on any unacknowledged record. */
public final class PublishStage {
    private PublishStage() {}

    public static StageSummary run(String stage, KafkaOptions kafka, TopicOptions topics, String topic, Path input,
                                   String runId, Function<String, List<String>> keyFieldsOfTable, PrintStream out)
        throws IOException {
        return run(stage, kafka, topics, topic, input, runId, keyFieldsOfTable, null, out);
    }

    /** As above; with an extract, the file is published as that extract, all or nothing (TablePublisher#extract). */
    public static StageSummary run(String stage, KafkaOptions kafka, TopicOptions topics, String topic, Path input,
                                   String runId, Function<String, List<String>> keyFieldsOfTable, Extract extract,
                                   PrintStream out) throws IOException {
        return run(stage, kafka, topics, topic, input, runId, keyFieldsOfTable, extract, null, Map.of(), out);
    }

    /** As above; records of the tables {@code rewriter} names are rewritten before they are sent; {@code details} join the summary. */
    public static StageSummary run(String stage, KafkaOptions kafka, TopicOptions topics, String topic, Path input,
                                   String runId, Function<String, List<String>> keyFieldsOfTable, Extract extract,
                                   Envelope.Rewriter rewriter, Map<String, String> details, PrintStream out) throws IOException {
        if (!Files.isReadable(input)) throw new StageFailure("cannot read input file " + input);
        StageSummary summary = new StageSummary(stage);
        KafkaClients.ensureTopics(kafka, List.of(topic, topics.errorsTopic), topics.partitions);
        TablePublisher publisher = new TablePublisher(KafkaClients.producerConfig(kafka), topic,
            runId != null ? runId : UUID.randomUUID().toString(), keyFieldsOfTable);
        if (extract != null) publisher.extract(extract);
        if (rewriter != null) publisher.rewriter(rewriter);
        TablePublisher.Result r = publisher.publish(input);
        // out: the messages a consumer will read, the records and an extract's end markers
        summary.in(r.read()).out(r.acknowledged() + r.markers()).rejected(r.failed())
            .detail("topic", topic).detail("sent", r.sent()).detail("acknowledged", r.acknowledged());
        if (extract != null) {
            summary.detail("extract", extract.id()).detail("extract date", ExtractDates.format(extract.date()))
                .detail("mode", extract.mode().code());
            summary.detail("end markers", r.markers() + " (one per partition, counted in out)");
        }
        details.forEach(summary::detail);
        summary.finish();
        summary.print(out);
        if (r.failed() > 0 || r.acknowledged() != r.read() || (extract != null && r.markers() == 0)) {
            if (extract != null) {
                throw new StageFailure(r.failed() + " of " + r.sent() + " records were not acknowledged by Kafka; nothing of extract "
                    + extract.id() + " was published (its Kafka transaction was aborted): publish the file again once Kafka is back"
                    + (r.firstFailure() == null ? "" : " (first error: " + r.firstFailure() + ")"));
            }
            throw new StageFailure(TablePublisher.stoppedEarly(r)
                + (r.firstFailure() == null ? "" : " (first error: " + r.firstFailure() + ")"));
        }
        return summary;
    }
}
