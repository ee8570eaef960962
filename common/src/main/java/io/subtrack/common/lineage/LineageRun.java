package io.subtrack.common.lineage;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineage.RunEvent.EventType;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.Transport;
import io.openlineage.client.transports.TransportFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One stage run's OpenLineage events: {@link #start} emits START, then {@link #complete} emits
 * COMPLETE or {@link #fail} emits FAIL, all with the same run id, job and datasets. Emitting never
 * fails the stage: a failure (endpoint down, directory not writable, anything else) prints one
 * warning line for the run and the stage carries on. See docs/lineage.md.
 *
 * <pre>{@code
 * LineageRun run = LineageRun.start(lineage, "producer-raw", runId, List.of(Datasets.file(input)), List.of(topicDs));
 * try { long n = publish(); run.complete(Map.of(topicDs, n)); } catch (Exception e) { run.fail(e); throw e; }
 * }</pre>
 */
public final class LineageRun {
    /** The OpenLineage client version (from its jar), for the processing_engine facet. */
    static final String CLIENT_VERSION = versionOf(OpenLineage.class, "unknown");
    static final String SUBTRACK_VERSION = versionOf(LineageRun.class, "dev");
    /** The producer URI of every event and facet. */
    public static final URI PRODUCER = URI.create("urn:subtrack:pipeline:" + SUBTRACK_VERSION);

    static {
        // the client logs "Disabled facets: []" at INFO whenever one is made; the stages log through
        // slf4j-simple (to stderr), which reads a logger's level when the logger is made: keep the
        // client's loggers to warnings unless the user set their level
        String key = "org.slf4j.simpleLogger.log.io.openlineage";
        try {
            if (System.getProperty(key) == null) System.setProperty(key, "warn");
        } catch (SecurityException ignored) {
            // a little noise then
        }
    }

    private final LineageOptions options;
    private final OpenLineageClient client;
    private final String target;
    private final OpenLineage ol = new OpenLineage(PRODUCER);
    private final String jobName;
    private final UUID runId;
    private final List<DatasetRef> inputs;
    private final List<DatasetRef> outputs;
    private boolean warned;
    private boolean ended;

    private LineageRun(LineageOptions options, OpenLineageClient client, String target, String jobName, UUID runId,
                       List<DatasetRef> inputs, List<DatasetRef> outputs) {
        this.options = options;
        this.client = client;
        this.target = target;
        this.jobName = jobName;
        this.runId = runId;
        this.inputs = inputs;
        this.outputs = outputs;
    }

    /**
     * Emits the run's START event and returns the run.
     *
     * @param options the stage's {@link LineageOptions} mixin (null: emit nothing)
     * @param jobName the stage, e.g. "producer-raw": the job name within the namespace "subtrack"
     * @param runId the stage's run id, a UUID (anything else is turned into a name-based UUID,
     *     with a warning; null: a new random UUID)
     * @param inputs datasets the run reads
     * @param outputs datasets the run writes
     */
    public static LineageRun start(LineageOptions options, String jobName, String runId, List<DatasetRef> inputs,
                                   List<DatasetRef> outputs) {
        List<DatasetRef> in = inputs == null ? List.of() : List.copyOf(inputs);
        List<DatasetRef> out = outputs == null ? List.of() : List.copyOf(outputs);
        if (options == null) options = LineageOptions.none();
        UUID id = runUuid(options, runId);
        if (!options.enabled()) return new LineageRun(options, null, "none", jobName, id, in, out);
        OpenLineageClient client = null;
        String target = options.target();
        try {
            // its own meter registry: the default, a global one, warns on stderr when a second client registers its gauge
            client = OpenLineageClient.builder()
                .transport(transport(options, ZonedDateTime.now(ZoneOffset.UTC).toLocalDate()))
                .meterRegistry(new SimpleMeterRegistry())
                .build();
        } catch (Exception | LinkageError e) {
            warn(options, jobName, id, "START", target, e);
        }
        LineageRun run = new LineageRun(options, client, target, jobName, id, in, out);
        run.warned = client == null;
        run.emit(EventType.START, run.event(EventType.START, null, null));
        return run;
    }

    /** The run id the events carry. */
    public UUID runId() {
        return runId;
    }

    /** True once COMPLETE or FAIL was emitted (or would have been, with lineage off). */
    public boolean ended() {
        return ended;
    }

    /** Emits COMPLETE with an outputStatistics facet on each output named in {@code outputRowCounts}. */
    public void complete(Map<DatasetRef, Long> outputRowCounts) {
        complete(outputRowCounts, LineageFacets.none());
    }

    /** Emits COMPLETE with output statistics and the extra facets (sizes, data quality). */
    public void complete(Map<DatasetRef, Long> outputRowCounts, LineageFacets extra) {
        if (ended) return;
        ended = true;
        if (client == null) return;
        try {
            emit(EventType.COMPLETE, event(EventType.COMPLETE, outputRowCounts == null ? Map.of() : outputRowCounts,
                extra == null ? LineageFacets.none() : extra));
        } finally {
            close();
        }
    }

    /** Emits FAIL with an errorMessage run facet holding the error's message and stack trace. */
    public void fail(Throwable error) {
        StringWriter trace = new StringWriter();
        if (error != null) error.printStackTrace(new PrintWriter(trace));
        fail(message(error), trace.toString());
    }

    /** Emits FAIL with an errorMessage run facet holding {@code message}. */
    public void fail(String message) {
        fail(message, null);
    }

    private void fail(String message, String stackTrace) {
        if (ended) return;
        ended = true;
        if (client == null) return;
        try {
            emit(EventType.FAIL, () -> {
                OpenLineage.RunFacets facets = ol.newRunFacetsBuilder()
                    .processing_engine(processingEngine())
                    .errorMessage(ol.newErrorMessageRunFacetBuilder()
                        .message(message == null ? "failed" : message)
                        .programmingLanguage("Java")
                        .stackTrace(stackTrace == null || stackTrace.isEmpty() ? null : stackTrace)
                        .build())
                    .build();
                return build(EventType.FAIL, facets, plainInputs(), plainOutputs());
            });
        } finally {
            close();
        }
    }

    // ---- events

    private interface EventSupplier {
        OpenLineage.RunEvent get();
    }

    private EventSupplier event(EventType type, Map<DatasetRef, Long> rowCounts, LineageFacets extra) {
        return () -> {
            OpenLineage.RunFacets facets = ol.newRunFacetsBuilder().processing_engine(processingEngine()).build();
            if (type != EventType.COMPLETE) return build(type, facets, plainInputs(), plainOutputs());
            return build(type, facets, completeInputs(extra), completeOutputs(rowCounts, extra));
        };
    }

    private OpenLineage.RunEvent build(EventType type, OpenLineage.RunFacets runFacets,
                                       List<OpenLineage.InputDataset> in, List<OpenLineage.OutputDataset> out) {
        return ol.newRunEventBuilder()
            .eventType(type)
            .eventTime(ZonedDateTime.now(ZoneOffset.UTC))
            .run(ol.newRunBuilder().runId(runId).facets(runFacets).build())
            .job(ol.newJobBuilder()
                .namespace(options.namespace == null || options.namespace.isBlank() ? LineageOptions.DEFAULT_NAMESPACE : options.namespace)
                .name(jobName)
                .facets(ol.newJobFacetsBuilder()
                    .jobType(ol.newJobTypeJobFacetBuilder().processingType("BATCH").integration("SUBTRACK").jobType("STAGE").build())
                    .build())
                .build())
            .inputs(in)
            .outputs(out)
            .build();
    }

    private OpenLineage.ProcessingEngineRunFacet processingEngine() {
        return ol.newProcessingEngineRunFacetBuilder()
            .name("subtrack").version(SUBTRACK_VERSION).openlineageAdapterVersion(CLIENT_VERSION).build();
    }

    private List<OpenLineage.InputDataset> plainInputs() {
        List<OpenLineage.InputDataset> list = new ArrayList<>();
        for (DatasetRef d : inputs) list.add(ol.newInputDatasetBuilder().namespace(d.namespace()).name(d.name()).build());
        return list;
    }

    private List<OpenLineage.OutputDataset> plainOutputs() {
        List<OpenLineage.OutputDataset> list = new ArrayList<>();
        for (DatasetRef d : outputs) list.add(ol.newOutputDatasetBuilder().namespace(d.namespace()).name(d.name()).build());
        return list;
    }

    private List<OpenLineage.InputDataset> completeInputs(LineageFacets extra) {
        Set<DatasetRef> all = new LinkedHashSet<>(inputs);
        all.addAll(extra.qualityRules.keySet());
        List<OpenLineage.InputDataset> list = new ArrayList<>();
        for (DatasetRef d : all) {
            OpenLineage.InputDatasetBuilder b = ol.newInputDatasetBuilder().namespace(d.namespace()).name(d.name());
            List<QualityRule> rules = extra.qualityRules.get(d);
            if (rules != null) b.inputFacets(qualityFacets(extra.qualityTables.get(d), rules));
            list.add(b.build());
        }
        return list;
    }

    private OpenLineage.InputDatasetInputFacets qualityFacets(Map<String, Long> tables, List<QualityRule> rules) {
        boolean qualify = tables.size() > 1;
        Long rowCount = null;
        for (Long n : tables.values()) {
            if (n == null) { rowCount = null; break; }
            rowCount = rowCount == null ? n : rowCount + n;
        }
        Map<String, Long> countByColumn = new LinkedHashMap<>();
        List<OpenLineage.DataQualityAssertionsDatasetFacetAssertions> assertions = new ArrayList<>();
        for (QualityRule r : rules) {
            String column = r.field() == null || r.field().isEmpty() ? null : (qualify ? r.table() + "." + r.field() : r.field());
            if (column != null) countByColumn.merge(column, r.evaluated(), Math::max);
            assertions.add(ol.newDataQualityAssertionsDatasetFacetAssertionsBuilder()
                .assertion(r.ruleId())
                .success(r.failed() == 0)
                .column(column)
                .expected("0")
                .actual(Long.toString(r.failed()))
                .build());
        }
        OpenLineage.DataQualityMetricsInputDatasetFacetColumnMetricsBuilder columns =
            ol.newDataQualityMetricsInputDatasetFacetColumnMetricsBuilder();
        countByColumn.forEach((c, n) -> columns.put(c,
            ol.newDataQualityMetricsInputDatasetFacetColumnMetricsAdditionalBuilder().count((double) n).build()));
        return ol.newInputDatasetInputFacetsBuilder()
            .dataQualityMetrics(ol.newDataQualityMetricsInputDatasetFacetBuilder()
                .rowCount(rowCount)
                .columnMetrics(columns.build())
                .build())
            .dataQualityAssertions(ol.newDataQualityAssertionsDatasetFacetBuilder().assertions(assertions).build())
            .build();
    }

    private List<OpenLineage.OutputDataset> completeOutputs(Map<DatasetRef, Long> rowCounts, LineageFacets extra) {
        Set<DatasetRef> all = new LinkedHashSet<>(outputs);
        all.addAll(rowCounts.keySet());
        List<OpenLineage.OutputDataset> list = new ArrayList<>();
        for (DatasetRef d : all) {
            Long rows = rowCounts.get(d);
            Long size = extra.outputSizes.containsKey(d) ? extra.outputSizes.get(d) : fileSize(d);
            OpenLineage.OutputDatasetBuilder b = ol.newOutputDatasetBuilder().namespace(d.namespace()).name(d.name());
            if (rows != null || size != null) {
                b.outputFacets(ol.newOutputDatasetOutputFacetsBuilder()
                    .outputStatistics(ol.newOutputStatisticsOutputDatasetFacetBuilder().rowCount(rows).size(size).build())
                    .build());
            }
            list.add(b.build());
        }
        return list;
    }

    private static Long fileSize(DatasetRef d) {
        if (!Datasets.FILE_NAMESPACE.equals(d.namespace())) return null;
        try {
            Path p = Path.of(d.name());
            return Files.isRegularFile(p) ? Files.size(p) : null;
        } catch (Exception e) {
            return null;
        }
    }

    // ---- emitting

    private void emit(EventType type, EventSupplier event) {
        if (client == null) return;
        try {
            client.emit(event.get());
        } catch (Exception | LinkageError e) {
            if (!warned) {
                warned = true;
                warn(options, jobName, runId, type.name(), target, e);
            }
        }
    }

    private void close() {
        try {
            client.close();
        } catch (Exception | LinkageError e) {
            // nothing was lost: every event was emitted (or warned about) synchronously
        }
    }

    static Transport transport(LineageOptions options, LocalDate day) throws Exception {
        if (options.url != null && !options.url.isBlank()) {
            HttpConfig http = new HttpConfig();
            http.setUrl(URI.create(options.url.strip()));
            http.setTimeoutInMillis(options.timeoutMillis > 0 ? options.timeoutMillis : 5000);
            return new TransportFactory(http).build();
        }
        return new JsonLinesTransport(options.directory().resolve("lineage-" + day + ".jsonl"));
    }

    private static void warn(LineageOptions options, String jobName, UUID runId, String event, String target, Throwable e) {
        try {
            (options.warnings != null ? options.warnings : System.err).println(
                "lineage: warning: cannot emit the " + event + " event of " + jobName + " run " + runId + " to " + target
                    + " (" + message(e) + "); the stage carries on");
        } catch (RuntimeException ignored) {
            // a warning is all this was
        }
    }

    private static String message(Throwable e) {
        if (e == null) return null;
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && (root.getMessage() == null
            || root instanceof io.openlineage.client.OpenLineageClientException)) root = root.getCause();
        String m = root.getMessage();
        String s = root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        return s.replace('\n', ' ').replace('\r', ' ');
    }

    private static UUID runUuid(LineageOptions options, String runId) {
        if (runId == null || runId.isBlank()) return UUID.randomUUID();
        try {
            UUID u = UUID.fromString(runId.strip());
            if (u.toString().equalsIgnoreCase(runId.strip())) return u;
        } catch (IllegalArgumentException notAUuid) {
            // below
        }
        UUID u = UUID.nameUUIDFromBytes(runId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (options.enabled()) {
            (options.warnings != null ? options.warnings : System.err).println(
                "lineage: warning: run id '" + runId.replaceAll("\\p{Cntrl}", "?") + "' is not a UUID; its lineage events use " + u);
        }
        return u;
    }

    private static String versionOf(Class<?> c, String fallback) {
        Package p = c.getPackage();
        String v = p == null ? null : p.getImplementationVersion();
        return v == null || v.isBlank() ? fallback : v;
    }
}
