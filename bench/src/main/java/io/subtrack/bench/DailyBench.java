package io.subtrack.bench;

import io.subtrack.common.pipeline.PipelineStages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run --daily}: the pipeline day after day on one database.
 *
 * <ol>
 *   <li>Day 1, the history: the generator's day 1 ({@code --records} of it), loaded through the five stages after
 *       the generator into an empty database, exactly as {@code bin/run-pipeline --day 1} does.</li>
 *   <li>One day per {@code --daily-modes} entry (default {@code delta,snapshot}: day 2 a delta, day 3 a snapshot),
 *       each generated ({@code generator --day N --extract-mode M}, timed but not part of the day-run) and run
 *       through the five stages on top of the earlier days: producer-raw with {@code --extract-mode M}, consumer-raw,
 *       the transformer (the oldest complete extract not transformed yet: the day), producer-processed,
 *       consumer-processed.</li>
 *   <li>For the modes in {@code --empty-db} (default all; {@code none} = {@code --no-empty-db}): after the history database is stopped, each day's file (day 2 on) loaded the
 *       same way, same mode, into a fresh empty dev-db (its own topics on the same broker): the "same number of
 *       records into an empty database" the day is compared with.</li>
 * </ol>
 * Each stage's seconds (SUMMARY, start-up excluded), JVM wall seconds, share of the day, peak RSS, JVM and server
 * CPU; per day the ratio of the day-run to the empty-db load, the day's records/s, the transformer's
 * new/changed/deleted/unchanged counts and the database's size afterwards.
 */
final class DailyBench {
    static final List<String> FIVE = PipelineStages.stageNames().subList(1, PipelineStages.stageNames().size());

    /** One day's five stages (or the generator alone: {@link #generator}). */
    static final class Day {
        int day;
        String mode;
        Path raw;
        Path truth;
        ChildRun generator;
        final Map<String, ChildRun> stages = new LinkedHashMap<>();
        /** The same file loaded into an empty database (null: not run). */
        Map<String, ChildRun> empty;
        long dbBytesAfter = -1;
        long emptyDbBytesAfter = -1;
        String note = "";

        long fileRecords() {
            ChildRun p = stages.get("producer-raw");
            return p == null ? -1 : p.in;
        }
    }

    private final PipelineBench b;

    DailyBench(PipelineBench b) {
        this.b = b;
    }

    void run(String argLine) throws Exception {
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        if (b.workDir == null) b.workDir = Path.of("bench", "work", stamp);
        b.workDir = b.workDir.toAbsolutePath();
        if (Files.exists(b.workDir)) PipelineBench.deleteTree(b.workDir);
        b.children = new ChildJvms(Files.createDirectories(b.workDir), b.xmx);
        double scale = b.records / PipelineBench.RECORDS_AT_SCALE_ONE;
        System.out.printf(Locale.ROOT, "daily bench: day 1 = %,d raw records of history (generator --scale %.4f), then days %s on top;"
                + " empty-db loads %s; stage JVM heap %s; work dir %s%n",
            b.records, scale, b.dailyModes, b.emptyDbModes.isEmpty() ? "none" : b.emptyDbModes, b.children.heapNote(), b.workDir);

        List<Day> days = new ArrayList<>();
        long benchStart = System.nanoTime();
        Process broker = b.children.startBroker();
        String failure = null;
        try {
            String bootstrap = b.children.awaitBroker(broker);
            b.children.db = DevDbServer.start(b.children.java, b.workDir.resolve("pg"), b.children.logs.resolve("dev-db.log"));
            System.out.println("dev-db (history): " + b.children.db.url());
            try {
                for (int d = 1; d <= 1 + b.dailyModes.size(); d++) {
                    Day day = new Day();
                    day.day = d;
                    day.mode = d == 1 ? "snapshot" : b.dailyModes.get(d - 2);
                    days.add(day);
                    Path dir = b.workDir.resolve("day" + d);
                    Files.createDirectories(dir);
                    day.raw = dir.resolve("raw_data_output.json");
                    day.truth = dir.resolve("ground_truth.jsonl");
                    List<String> gen = new ArrayList<>(List.of("--scale", String.format(Locale.ROOT, "%.6f", scale),
                        "--seed", String.valueOf(b.seed), "--day", String.valueOf(d), "--output", day.raw.toString(),
                        "--ground-truth", day.truth.toString()));
                    if (d > 1) gen.addAll(List.of("--extract-mode", day.mode));
                    System.out.printf(Locale.ROOT, "%n-- day %d (%s) on the history database%n", d, day.mode);
                    day.generator = b.children.stage("generator.d" + d, PipelineStages.stage("generator").commandClass(), gen.toArray(String[]::new));
                    fiveStages(day, "d" + d, bootstrap, null, null, day.stages, dir);
                    day.dbBytesAfter = dbBytes(b.children.db.url());
                }
            } finally {
                b.children.db.close();
                b.children.db = null;
            }
            {
                for (Day day : days) {
                    // day 1 is itself a load into an empty database
                    if (day.day == 1 || !b.emptyDbModes.contains(day.mode)) continue;
                    System.out.printf(Locale.ROOT, "%n-- day %d's file (%s) into an empty database%n", day.day, day.mode);
                    Path pg = b.workDir.resolve("pg-empty-d" + day.day);
                    b.children.db = DevDbServer.start(b.children.java, pg, b.children.logs.resolve("dev-db-empty-d" + day.day + ".log"));
                    try {
                        day.empty = new LinkedHashMap<>();
                        Path dir = b.workDir.resolve("day" + day.day + "-empty");
                        Files.createDirectories(dir);
                        fiveStages(day, "d" + day.day + "-empty", bootstrap, "bench_empty_d" + day.day + "_raw",
                            "bench_empty_d" + day.day + "_processed", day.empty, dir);
                        day.emptyDbBytesAfter = dbBytes(b.children.db.url());
                    } finally {
                        b.children.db.close();
                        b.children.db = null;
                    }
                    if (!b.keep) PipelineBench.deleteTree(pg);
                }
            }
        } catch (IllegalStateException stageFailed) {
            failure = stageFailed.getMessage();
            System.out.println("FAILED: " + failure);
        } finally {
            if (b.children.db != null) b.children.db.close();
            broker.destroy();
            if (!broker.waitFor(30, TimeUnit.SECONDS)) broker.destroyForcibly();
        }
        double benchWall = (System.nanoTime() - benchStart) / 1e9;
        String table = table(days, argLine, benchWall, stamp) + (failure == null ? "" : "\n**Run incomplete:** " + failure + "\n");
        System.out.println();
        System.out.print(table);
        Files.createDirectories(b.resultsDir);
        Path result = b.resultsDir.resolve(stamp + "-daily.md");
        Files.writeString(result, table);
        System.out.println("written to " + result);
        if (failure != null) System.exit(1);
        if (!b.keep) {
            try (var s = Files.list(b.workDir)) {
                for (Path p : (Iterable<Path>) s::iterator) {
                    if (!p.getFileName().toString().equals("logs")) PipelineBench.deleteTree(p);
                }
            }
        }
    }

    /**
     * The declared stages after the generator, in their order, on {@code b.children.db}: producer-raw (the day's
     * file, the day's mode), consumer-raw, transformer, producer-processed, consumer-processed; topics null = the
     * defaults. Child names are {@code <stage>.<tag>} (logs/<stage>.<tag>.log).
     */
    private void fiveStages(Day day, String tag, String bootstrap, String rawTopic, String processedTopic,
                            Map<String, ChildRun> out, Path dir) throws Exception {
        for (String stage : FIVE) {
            String[] args = arguments(stage, day, bootstrap, rawTopic, processedTopic, out, dir);
            if (args != null) out.put(stage, b.children.stage(stage + "." + tag, PipelineStages.stage(stage).commandClass(), args));
        }
        if (!b.keep) Files.deleteIfExists(dir.resolve("cleaned_data_output.json"));
    }

    /** A stage's arguments on the day; null when it has nothing to do (consumer-processed after a day that changed nothing). */
    private String[] arguments(String stage, Day day, String bootstrap, String rawTopic, String processedTopic,
                               Map<String, ChildRun> before, Path dir) {
        String jdbc = b.children.db.url();
        List<String> rt = rawTopic == null ? List.of() : List.of("--topic", rawTopic);
        List<String> pt = processedTopic == null ? List.of() : List.of("--topic", processedTopic);
        Path cleaned = dir.resolve("cleaned_data_output.json");
        return switch (stage) {
            case "producer-raw" -> args(List.of("--bootstrap-server", bootstrap, "--input", day.raw.toString(), "--extract-mode", day.mode), rt);
            case "consumer-raw" -> args(List.of("--bootstrap-server", bootstrap, "--jdbc-url", jdbc,
                "--max-messages", String.valueOf(before.get("producer-raw").out), "--idle-timeout", "20s"), rt);
            case "transformer" -> {
                List<String> t = new ArrayList<>(List.of("--jdbc-url", jdbc, "--output", cleaned.toString(),
                    "--rejected", dir.resolve("rejected_records.json").toString(), "--report", dir.resolve("quality-report").toString()));
                if (b.scoring) t.addAll(List.of("--ground-truth", day.truth.toString()));
                yield t.toArray(String[]::new);
            }
            case "producer-processed" -> args(List.of("--bootstrap-server", bootstrap, "--input", cleaned.toString()), pt);
            case "consumer-processed" -> before.get("producer-processed").out > 0
                ? args(List.of("--bootstrap-server", bootstrap, "--jdbc-url", jdbc,
                    "--max-messages", String.valueOf(before.get("producer-processed").out), "--idle-timeout", "20s"), pt)
                : null;
            default -> throw new IllegalStateException("the daily bench has no arguments for the declared stage " + stage);
        };
    }

    private static String[] args(List<String> a, List<String> more) {
        List<String> all = new ArrayList<>(a);
        all.addAll(more);
        return all.toArray(String[]::new);
    }

    /** pg_database_size of the database: what the history costs on disk. */
    private static long dbBytes(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pg_database_size(current_database())")) {
            return r.next() ? r.getLong(1) : -1;
        } catch (Exception e) {
            System.out.println("(database size not read: " + e.getMessage() + ")");
            return -1;
        }
    }

    private static double sum(Map<String, ChildRun> m, java.util.function.ToDoubleFunction<ChildRun> f) {
        double s = 0;
        for (ChildRun r : m.values()) s += f.applyAsDouble(r);
        return s;
    }

    private static double wall(Map<String, ChildRun> m) {
        return sum(m, r -> r.wall);
    }

    private static double seconds(Map<String, ChildRun> m) {
        return sum(m, r -> r.seconds);
    }

    private static double dbCpu(Map<String, ChildRun> m) {
        return sum(m, r -> Math.max(0, r.dbCpuMs) / 1000.0);
    }

    private static double jvmCpu(Map<String, ChildRun> m) {
        return sum(m, r -> Math.max(0, r.cpuMs) / 1000.0);
    }

    private static String detail(Day d, String key) {
        ChildRun t = d.stages.get("transformer");
        String v = t == null ? null : t.details.get(key);
        return v == null ? "–" : String.format(Locale.ROOT, "%,d", Long.parseLong(v));
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String mb(ChildRun r) {
        return r == null ? "–" : String.format(Locale.ROOT, "%.0f", r.peakKb / 1024.0);
    }

    private String table(List<Day> days, String argLine, double benchWall, String stamp) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "## Daily bench %s: %,d records of history (day 1), then %s%n%n", stamp, b.records,
            String.join(", ", b.dailyModes)));
        sb.append("Command: `bench/run ").append(argLine).append("`  \n");
        sb.append(String.format(Locale.ROOT, "Stage JVM heap: %s; %d cores; transformer %s.%n%n", b.children.heapNote(),
            Runtime.getRuntime().availableProcessors(), b.scoring ? "scored against each day's ground truth" : "not scored (--no-scoring)"));

        sb.append("### Days: the five stages after the generator, against the same file into an empty database\n\n");
        sb.append("| day | mode | records in the day's file | day-run wall s | day-run stage s | empty-db wall s | empty-db stage s"
            + " | ratio (wall) | ratio (stage s) | day records/s (wall) | day records/s (stage s) | dev-db CPU s | empty-db dev-db CPU s"
            + " | JVM CPU s | empty-db JVM CPU s | ratio (JVM + dev-db CPU) | new | changed | deleted | unchanged | processed messages | database MB after |\n");
        sb.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Day d : days) {
            double w = wall(d.stages);
            double s = seconds(d.stages);
            long n = d.fileRecords();
            Map<String, ChildRun> e = d.empty;
            double ew = e == null ? Double.NaN : wall(e);
            double es = e == null ? Double.NaN : seconds(e);
            ChildRun pp = d.stages.get("producer-processed");
            double cpu = jvmCpu(d.stages) + dbCpu(d.stages);
            double ecpu = e == null ? Double.NaN : jvmCpu(e) + dbCpu(e);
            sb.append(String.format(Locale.ROOT, "| %d | %s | %,d | %.1f | %.1f | %s | %s | %s | %s | %,.0f | %,.0f | %.1f | %s | %.1f | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                d.day, d.mode + (d.day == 1 ? " (history, empty db)" : ""), n, w, s,
                e == null ? "–" : f1(ew), e == null ? "–" : f1(es),
                e == null ? "–" : String.format(Locale.ROOT, "**%.2f**", w / ew), e == null ? "–" : String.format(Locale.ROOT, "%.2f", s / es),
                n / w, n / s, dbCpu(d.stages), e == null ? "–" : f1(dbCpu(e)), jvmCpu(d.stages),
                e == null ? "–" : f1(jvmCpu(e)), e == null ? "–" : String.format(Locale.ROOT, "%.2f", cpu / ecpu),
                detail(d, "new"), detail(d, "changed"), detail(d, "deleted"), detail(d, "unchanged"),
                pp == null ? "–" : String.format(Locale.ROOT, "%,d", pp.out),
                d.dbBytesAfter < 0 ? "?" : String.format(Locale.ROOT, "%.0f", d.dbBytesAfter / 1048576.0)));
        }
        sb.append("\nday-run wall s = the five stage JVMs' wall times summed (start-up included, as bin/run-pipeline runs them);"
            + " stage s = their SUMMARY seconds summed (start-up excluded). ratio = day-run / empty-db (target <= 2). day records/s ="
            + " records in the day's file / day-run time. dev-db CPU s = the PostgreSQL server's CPU over the five stages."
            + " ratio (JVM + dev-db CPU): the five stage JVMs' and the server's CPU seconds, day / empty-db (less load-dependent than time)."
            + " new/changed/deleted/unchanged: the transformer's day against the stored state (changed includes back).\n\n");

        for (Day d : days) {
            sb.append(String.format(Locale.ROOT, "### Day %d (%s): each stage%n%n", d.day, d.mode));
            if (d.generator != null) {
                sb.append(String.format(Locale.ROOT, "Generator (not part of the day-run): %,d records in %.2f s, %.2f s wall, %.0f MB.%n%n",
                    d.generator.out, d.generator.seconds, d.generator.wall, d.generator.peakKb / 1024.0));
            }
            double w = wall(d.stages);
            sb.append("| stage | records in | seconds | wall s | share of the day | records/s | peak RSS MB | JVM CPU s | dev-db CPU s"
                + " | dev-db PSS MB | empty-db seconds | empty-db wall s | empty-db peak RSS MB | empty-db JVM CPU s | empty-db dev-db CPU s | load | empty-db load |\n");
            sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            for (String st : FIVE) {
                ChildRun r = d.stages.get(st);
                ChildRun e = d.empty == null ? null : d.empty.get(st);
                if (r == null && e == null) continue;
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", st,
                    r == null ? "–" : String.format(Locale.ROOT, "%,d", r.in),
                    r == null ? "–" : String.format(Locale.ROOT, "%.2f", r.seconds),
                    r == null ? "–" : String.format(Locale.ROOT, "%.2f", r.wall),
                    r == null ? "–" : String.format(Locale.ROOT, "%.0f %%", 100 * r.wall / w),
                    r == null ? "–" : String.format(Locale.ROOT, "%,.0f", r.rps()),
                    mb(r), r == null ? "–" : f1(r.cpuMs / 1000.0), r == null || r.dbCpuMs < 0 ? "?" : f1(r.dbCpuMs / 1000.0),
                    r == null ? "–" : String.format(Locale.ROOT, "%.0f", r.db.pssKb() / 1024.0),
                    e == null ? "–" : String.format(Locale.ROOT, "%.2f", e.seconds), e == null ? "–" : String.format(Locale.ROOT, "%.2f", e.wall),
                    mb(e), e == null ? "–" : f1(e.cpuMs / 1000.0), e == null || e.dbCpuMs < 0 ? "–" : f1(e.dbCpuMs / 1000.0),
                    r == null ? "–" : r.load, e == null ? "–" : e.load));
            }
            if (d.stages.get("consumer-processed") == null) sb.append("\n(consumer-processed not run: the day sent nothing on.)\n");
            ChildRun pr = d.stages.get("producer-raw");
            ChildRun cr = d.stages.get("consumer-raw");
            ChildRun tr = d.stages.get("transformer");
            if (pr != null && cr != null && tr != null) {
                double whole = pr.wall + cr.wall + tr.wall;
                sb.append(String.format(Locale.ROOT, "%nThe part that reads the whole day's file (producer-raw, consumer-raw, transformer: read,"
                    + " parse, hash, store, compare): %.1f s of %.1f s wall (%.0f %%), %.1f of %.1f server CPU s.%n%n",
                    whole, w, 100 * whole / w, Math.max(0, pr.dbCpuMs + cr.dbCpuMs + tr.dbCpuMs) / 1000.0, dbCpu(d.stages)));
            } else {
                sb.append('\n');
            }
        }
        sb.append(String.format(Locale.ROOT, "Whole bench incl. broker, servers, generators and empty-db loads: %.1f s.%n", benchWall));
        return sb.toString();
    }
}
