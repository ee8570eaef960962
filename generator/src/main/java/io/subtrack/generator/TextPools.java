package io.subtrack.generator;

import io.subtrack.common.schema.RawTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Names, streets, towns, companies and text, picked per record from fixed French pools. The pools
 * were drawn once from Datafaker's fr_FR locale and are shipped as a resource
 * ({@value #RESOURCE}, written by the test class TextPoolsSource and kept equal to a fresh draw by
 * TextPoolsDriftTest): loading Datafaker's locale data at run time cost 1-2 CPU seconds, more than
 * generating 100,000 records. (The original also mixed in English; only French is used.) Picking
 * from a pool costs nanoseconds, which is what ten million records need.
 */
final class TextPools {
    static final String RESOURCE = "io/subtrack/generator/text-pools-fr.txt";

    final String[] firstNames;
    final String[] lastNames;
    final String[] streets;
    final String[] postcodeTowns;
    final String[] companies;
    final String[] companySlugs;
    final String[] catchPhrases;
    final String[] sentences;
    final String[] paragraphs;
    final String[] words;
    final String[] mailDomains;

    private static volatile CompletableFuture<TextPools> preloaded;

    /**
     * Starts reading the pools, and loading the classes a run needs, on a second thread while the
     * main one parses the command line (which takes a good part of a short run's start-up).
     */
    static void preload() {
        CompletableFuture<TextPools> pools = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                RawTable.all();
                EnumeratedField.ROLE.toString();
                pools.complete(load());
            } catch (Throwable e) {
                pools.completeExceptionally(e);
            }
        }, "generator-preload");
        t.setDaemon(true);
        t.start();
        preloaded = pools;
    }

    /** The preloaded pools if {@link #preload()} ran, else read now. */
    static TextPools shared() {
        CompletableFuture<TextPools> pools = preloaded;
        if (pools != null) {
            try {
                return pools.join();
            } catch (CompletionException e) {
                // Read again below, so that the failure is reported from this thread.
            }
        }
        return load();
    }

    /** Reads the shipped pools; they are the same for every seed (the seed decides the picks). */
    static TextPools load() {
        Map<String, String[]> pools = new HashMap<>();
        InputStream in = TextPools.class.getClassLoader().getResourceAsStream(RESOURCE);
        if (in == null) throw new IllegalStateException("text pools missing from the class path: " + RESOURCE);
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            for (String line; (line = r.readLine()) != null; ) {
                if (line.startsWith("#")) continue;
                if (!line.startsWith("@")) throw new IllegalStateException(RESOURCE + ": expected '@pool count', got " + line);
                int space = line.indexOf(' ');
                String[] values = new String[Integer.parseInt(line.substring(space + 1))];
                for (int i = 0; i < values.length; i++) {
                    values[i] = r.readLine();
                    if (values[i] == null) throw new IllegalStateException(RESOURCE + " is truncated in " + line);
                }
                pools.put(line.substring(1, space), values);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return new TextPools(pools);
    }

    private static String[] pool(Map<String, String[]> pools, String name) {
        String[] p = pools.get(name);
        if (p == null || p.length == 0) throw new IllegalStateException(RESOURCE + " has no pool " + name);
        return p;
    }

    private TextPools(Map<String, String[]> pools) {
        firstNames = pool(pools, "firstNames");
        lastNames = pool(pools, "lastNames");
        companies = pool(pools, "companies");
        companySlugs = pool(pools, "companySlugs");
        streets = pool(pools, "streets");
        postcodeTowns = pool(pools, "postcodeTowns");
        catchPhrases = pool(pools, "catchPhrases");
        sentences = pool(pools, "sentences");
        paragraphs = pool(pools, "paragraphs");
        words = pool(pools, "words");
        mailDomains = new String[] {"example.com", "example.net", "example.org", "company.fr", "orange.fr", "free.fr",
            "laposte.net", "gmail.com", "sfr.fr", "outlook.fr"};
    }

    static String pick(String[] pool, SplittableRandom r) {
        return pool[r.nextInt(pool.length)];
    }

    /** Mail local part from a name: lower case, letters and digits kept (accents too, as the source does). */
    static String localPart(String first, String last) {
        StringBuilder sb = new StringBuilder(first.length() + last.length() + 1);
        appendLetters(sb, first);
        sb.append('.');
        appendLetters(sb, last);
        return sb.toString();
    }

    private static void appendLetters(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetterOrDigit(c)) sb.append(Character.toLowerCase(c));
        }
    }
}
