package io.subtrack.common.lineage;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Where a stage sends its OpenLineage run events (picocli mixin, docs/lineage.md). By default one
 * JSON line per event, appended to a file per day under {@code --lineage-dir}; {@code --lineage-url}
 * posts them to an OpenLineage HTTP endpoint (Marquez) instead; {@code --lineage none} emits nothing.
 * Like every option, each can also come from the environment ({@code SUBTRACK_LINEAGE=none},
 * {@code SUBTRACK_LINEAGE_URL}, ...) or the properties file.
 */
public class LineageOptions {
    /** {@code --lineage} values. */
    public enum Mode { on, none }

    /** The job namespace of every SubTrack stage. */
    public static final String DEFAULT_NAMESPACE = "subtrack";

    @Option(names = "--lineage", paramLabel = "on|none", defaultValue = "on",
        description = "OpenLineage run events: on (to --lineage-url if given, else to files in --lineage-dir) "
            + "or none (default: ${DEFAULT-VALUE}).")
    public Mode mode = Mode.on;

    @Option(names = "--lineage-dir", paramLabel = "DIR",
        description = "Directory of the lineage JSON-lines files, one per day (default: $SUBTRACK_DATA_DIR/lineage "
            + "if that variable is set, else data/lineage).")
    public Path dir;

    @Option(names = "--lineage-url", paramLabel = "URL",
        description = "Send the lineage events over HTTP to this OpenLineage endpoint instead of files, e.g. "
            + "http://marquez:5000 (posts to /api/v1/lineage when the URL has no path).")
    public String url;

    @Option(names = "--lineage-namespace", paramLabel = "NAMESPACE", defaultValue = DEFAULT_NAMESPACE, hidden = true,
        description = "Job namespace of the lineage events (default: ${DEFAULT-VALUE}).")
    public String namespace = DEFAULT_NAMESPACE;

    @Option(names = "--lineage-timeout", paramLabel = "MILLIS", defaultValue = "5000", hidden = true,
        description = "Connect, request and response timeout of --lineage-url, in milliseconds (default: ${DEFAULT-VALUE}).")
    public int timeoutMillis = 5000;

    /** Where a failure to emit is reported, one line (not an option). */
    public PrintStream warnings = System.err;

    /** The environment {@link #directory()} reads (not an option; tests replace it). */
    public Map<String, String> env = System.getenv();

    /** Options that emit nothing, for a caller that has no command line. */
    public static LineageOptions none() {
        LineageOptions o = new LineageOptions();
        o.mode = Mode.none;
        return o;
    }

    /** Options that write JSON-lines files to {@code dir}. */
    public static LineageOptions toDirectory(Path dir) {
        LineageOptions o = new LineageOptions();
        o.dir = dir;
        return o;
    }

    /** Options that post to {@code url}. */
    public static LineageOptions toUrl(String url) {
        LineageOptions o = new LineageOptions();
        o.url = url;
        return o;
    }

    public boolean enabled() {
        return mode != Mode.none;
    }

    /** The files' directory: --lineage-dir, else $SUBTRACK_DATA_DIR/lineage, else data/lineage (relative to the working dir). */
    public Path directory() {
        if (dir != null) return dir;
        String data = env == null ? null : env.get("SUBTRACK_DATA_DIR");
        if (data != null && !data.isBlank()) return Path.of(data, "lineage");
        return Path.of("data", "lineage");
    }

    /** Where the events go, for a person: the URL or the directory, or "none". */
    public String target() {
        if (!enabled()) return "none";
        return url != null && !url.isBlank() ? url : directory().toString();
    }
}
