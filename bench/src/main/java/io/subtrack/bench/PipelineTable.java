package io.subtrack.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The whole-pipeline bench's result, in markdown: per stage its records/s against its baseline's,
 * peak RSS of its JVM and of the dev-db server while it ran, CPU and wall time; the end-to-end wall
 * time; then the dev-db server's memory and CPU per child JVM.
 */
final class PipelineTable {
    private PipelineTable() {}

    static String of(List<StageSteps.Row> rows, long records, String argLine, double benchWall, String stamp, String heapNote, Path dbDataDir) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "## Pipeline bench %s: %,d raw records%n%n", stamp, records));
        sb.append("Command: `bench/run ").append(argLine).append("`  \n");
        sb.append(String.format(Locale.ROOT, "Stage JVM heap: %s; %d cores; load average at start/end of each stage in the last column.%n%n",
            heapNote, Runtime.getRuntime().availableProcessors()));
        sb.append("| stage | records | seconds | records/s | baseline records/s | ratio | peak RSS MB | baseline RSS MB | dev-db RSS MB | baseline dev-db RSS MB | JVM wall s | CPU s | baseline CPU s | load |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        double e2e = 0;
        for (StageSteps.Row r : rows) {
            ChildRun s = r.run();
            ChildRun b = r.baseline();
            e2e += s.wall;
            double ratio = b != null && b.rps() > 0 ? s.rps() / b.rps() : Double.NaN;
            sb.append(String.format(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %s | %s | %.0f | %s | %.0f | %s | %.2f | %.1f | %s | %s |%n",
                r.stage(), s.in, s.seconds, s.rps(),
                b == null ? "–" : String.format(Locale.ROOT, "%,.0f", b.rps()),
                Double.isNaN(ratio) ? "–" : String.format(Locale.ROOT, "**%.2f**", ratio),
                s.peakKb / 1024.0, b == null ? "–" : String.format(Locale.ROOT, "%.0f", b.peakKb / 1024.0),
                s.db.rssKb() / 1024.0, b == null ? "–" : String.format(Locale.ROOT, "%.0f", b.db.rssKb() / 1024.0),
                s.wall, s.cpuMs / 1000.0, b == null ? "–" : String.format(Locale.ROOT, "%.1f", b.cpuMs / 1000.0), s.load));
        }
        sb.append(String.format(Locale.ROOT, "%n**End-to-end wall time of the stages: %.1f s** (sum of the stage JVMs' wall times, start-up included, "
            + "as bin/run-pipeline runs them one after another); whole bench incl. broker and baselines: %.1f s.%n%n", e2e, benchWall));
        sb.append("Baselines (same run, same broker and database, child JVMs with the same heap):\n\n");
        for (StageSteps.Row r : rows) {
            if (r.baseline() != null) {
                sb.append(String.format(Locale.ROOT, "- %s: %s — %,d records in %.2f s%n", r.stage(), r.baselineName(),
                    r.baseline().in, r.baseline().seconds));
            }
        }
        sb.append("\nrecords/s = the stage's SUMMARY in= / seconds= (start-up excluded); the ratio is against its baseline's records/s.\n");
        sb.append(String.format(Locale.ROOT, "peak RSS = VmHWM of the stage's (baseline's) JVM. dev-db RSS = the PostgreSQL server's own memory while that JVM ran:"
            + " the postmaster (pid in %s/postmaster.pid) and all its child processes, /proc/<pid>/status VmRSS summed over them, sampled every %d ms,"
            + " peak sample (the dev-db launcher JVM not counted). A summed VmRSS counts the shared buffers once per process that touched them;"
            + " the PSS column below (/proc/<pid>/smaps_rollup Pss summed) counts shared pages once. dev-db CPU s = the server's"
            + " utime+stime over the JVM's run (its processes, and the postmaster's exited children).%n%n", dbDataDir == null ? "pg" : dbDataDir, ChildJvms.DB_SAMPLE_MS));
        sb.append("| JVM | records/s | JVM CPU s | dev-db CPU s | dev-db peak sum VmRSS MB | dev-db peak sum Pss MB | sum of VmHWM MB (upper bound) | processes (max) | samples |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (StageSteps.Row r : rows) {
            for (ChildRun x : r.baseline() == null ? List.of(r.run()) : List.of(r.run(), r.baseline())) {
                if (x.dbSamples == 0 && x.db.processes() == 0) continue;
                sb.append(String.format(Locale.ROOT, "| %s | %,.0f | %.1f | %s | %.0f | %.0f | %.0f | %d | %d |%n", x.name, x.rps(), x.cpuMs / 1000.0,
                    x.dbCpuMs < 0 ? "?" : String.format(Locale.ROOT, "%.1f", x.dbCpuMs / 1000.0), x.db.rssKb() / 1024.0,
                    x.db.pssKb() / 1024.0, x.db.hwmKb() / 1024.0, x.db.processes(), x.dbSamples));
            }
        }
        return sb.toString();
    }
}
