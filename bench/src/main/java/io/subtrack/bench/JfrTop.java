package io.subtrack.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises the execution samples of a JFR recording (what `jfr print` fails on for some lambda
 * frames): the hottest top frames (self time) and the hottest methods anywhere on the stack
 * (inclusive), by sample count; or, with {@code alloc}, the allocation samples by megabytes (class and
 * allocating frame). Usage: {@code JfrTop <file.jfr> [N] [thread-name-filter|-] [alloc]}.
 */
public final class JfrTop {
    private JfrTop() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 25;
        String threadFilter = args.length > 2 ? args[2] : null;
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        Map<String, Integer> threads = new HashMap<>();
        int total = 0;
        // "alloc" as the fourth argument: allocation samples weighted by megabytes allocated, instead of CPU samples
        boolean alloc = args.length > 3 && args[3].equals("alloc");
        String type = alloc ? "jdk.ObjectAllocationSample" : "jdk.ExecutionSample";
        for (RecordedEvent e : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!e.getEventType().getName().equals(type) || e.getStackTrace() == null) continue;
            String field = alloc ? "eventThread" : "sampledThread";
            String thread = e.getThread(field) == null ? "?" : e.getThread(field).getJavaName();
            if (threadFilter != null && !threadFilter.equals("-") && (thread == null || !thread.contains(threadFilter))) continue;
            int weight = alloc ? (int) Math.max(1, e.getLong("weight") >> 20) : 1;
            total += weight;
            threads.merge(String.valueOf(thread), weight, Integer::sum);
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) continue;
            String top = name(frames.get(0));
            if (alloc) top = e.getClass("objectClass").getName() + " <- " + top;
            self.merge(top, weight, Integer::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame f : frames) {
                String m = name(f);
                if (seen.add(m)) inclusive.merge(m, weight, Integer::sum);
            }
        }
        System.out.println((alloc ? "megabytes allocated (sampled): " : "samples: ") + total);
        print("threads", threads, n, total);
        print("self (top frame)", self, n, total);
        print("inclusive", inclusive, n, total);
    }

    private static String name(RecordedFrame f) {
        return f.getMethod().getType().getName() + "." + f.getMethod().getName();
    }

    private static void print(String title, Map<String, Integer> counts, int n, int total) {
        System.out.println("== " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(n)
            .forEach(e -> System.out.printf("%6d %5.1f%%  %s%n", e.getValue(), 100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
