package io.subtrack.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/** What one child JVM (a stage, a baseline) reported, and what the bench measured around it ({@link ChildJvms}). */
final class ChildRun {
    String name;
    long in = -1;
    long out = -1;
    long rejected = -1;
    double seconds = -1;
    long peakKb = -1;
    long cpuMs = -1;
    double wall;
    /** The SUMMARY's detail lines (e.g. the transformer's new/changed/deleted/unchanged). */
    final Map<String, String> details = new LinkedHashMap<>();
    String load;
    /** The dev-db server's processes while this JVM ran: peaks of the sampled sums. */
    DevDbServer.Memory db = DevDbServer.Memory.NONE;
    int dbSamples;
    /** CPU time the dev-db server used while this JVM ran; -1 unknown. */
    long dbCpuMs = -1;

    double rps() {
        return seconds > 0 ? in / seconds : 0;
    }
}
