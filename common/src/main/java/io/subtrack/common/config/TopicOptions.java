package io.subtrack.common.config;

import picocli.CommandLine.Option;

/** Topic names (SPEC section 5); configurable, these are the defaults. */
public class TopicOptions {
    public static final String RAW = "subscriptions_raw";
    public static final String PROCESSED = "subscriptions_processed_data";
    public static final String ERRORS = "subscriptions_errors";

    @Option(names = "--errors-topic", defaultValue = ERRORS, paramLabel = "TOPIC",
        description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    public String errorsTopic;

    @Option(names = "--partitions", defaultValue = "3", paramLabel = "N",
        description = "Partitions of a topic created because it was absent (default: ${DEFAULT-VALUE}).")
    public int partitions;
}
