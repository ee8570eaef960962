package io.subtrack.generator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import net.datafaker.Faker;

/**
 * Draws the French text pools from Datafaker (a test-scope dependency) and writes them in the
 * resource format {@link TextPools} reads. The generator ships the committed result instead of
 * Datafaker because loading Datafaker's fr_FR locale cost more CPU than generating 100,000
 * records; {@code TextPoolsDriftTest} keeps the committed file equal to what this class draws.
 * Regenerate after a Datafaker upgrade with
 * {@code mvn -B -ntp -pl generator -am verify -Dtest=TextPoolsDriftTest -Dsurefire.failIfNoSpecifiedTests=false -Dsubtrack.regenerate-pools=true}.
 */
final class TextPoolsSource {
    /** The pools are those seed 42 (the default --seed) drew before they were committed, so its output did not change. */
    static final long POOL_SEED = 42L;
    static final Path COMMITTED = Path.of("src/main/resources").resolve(TextPools.RESOURCE);

    private TextPoolsSource() {}

    private static Faker french(String purpose) {
        return new Faker(new Locale("fr", "FR"), new Random(Seeds.derive(POOL_SEED, purpose)));
    }

    /** The pools in resource order (the order {@link TextPools} reads them). */
    static Map<String, String[]> draw() {
        Map<String, String[]> pools = new LinkedHashMap<>();
        Faker fr = french("pools-names");
        String[] first = new String[2000];
        String[] last = new String[2000];
        for (int i = 0; i < first.length; i++) {
            first[i] = Formats.capitalise(fr.name().firstName());
            last[i] = Formats.capitalise(fr.name().lastName());
        }
        // Only names already in canonical capitalisation: an upper-cased one must be restorable exactly.
        // Datafaker's French company names ("Marty et Fournier") are not, so they are built from surnames.
        String[] trades = {"Services", "Conseil", "Distribution", "Télécom", "Digital", "Médias", "Énergie", "Solutions"};
        String[] companies = new String[400];
        for (int i = 0; i < companies.length; i++) {
            String surname = Formats.capitalise(fr.name().lastName());
            companies[i] = switch (i % 4) {
                case 0 -> surname;
                case 1 -> surname + "-" + Formats.capitalise(fr.name().lastName());
                case 2 -> surname + " " + trades[i % trades.length];
                default -> surname + " & " + Formats.capitalise(fr.name().lastName());
            };
        }
        pools.put("firstNames", first);
        pools.put("lastNames", last);
        pools.put("companies", companies);
        // Precomputed because java.text.Normalizer loads its Unicode tables, a noticeable part of a short run's start-up.
        String[] slugs = new String[companies.length];
        for (int i = 0; i < companies.length; i++) slugs[i] = slug(companies[i]);
        pools.put("companySlugs", slugs);

        fr = french("pools-places");
        String[] streets = new String[1000];
        String[] towns = new String[1000];
        for (int i = 0; i < streets.length; i++) {
            streets[i] = withoutHouseNumber(fr.address().streetAddress());
            towns[i] = fr.address().zipCode() + " " + fr.address().city();
        }
        String[] catchPhrases = new String[500];
        for (int i = 0; i < catchPhrases.length; i++) catchPhrases[i] = fr.company().catchPhrase();
        String[] sentences = new String[1000];
        for (int i = 0; i < sentences.length; i++) sentences[i] = fr.lorem().sentence();
        String[] paragraphs = new String[500];
        for (int i = 0; i < paragraphs.length; i++) paragraphs[i] = fr.lorem().paragraph();
        String[] words = new String[300];
        for (int i = 0; i < words.length; i++) words[i] = fr.lorem().word();
        pools.put("streets", streets);
        pools.put("postcodeTowns", towns);
        pools.put("catchPhrases", catchPhrases);
        pools.put("sentences", sentences);
        pools.put("paragraphs", paragraphs);
        pools.put("words", words);
        return pools;
    }

    private static String withoutHouseNumber(String streetAddress) {
        int i = 0;
        while (i < streetAddress.length() && (Character.isDigit(streetAddress.charAt(i)) || streetAddress.charAt(i) == ','
            || streetAddress.charAt(i) == ' ')) i++;
        return i < streetAddress.length() ? streetAddress.substring(i) : streetAddress;
    }

    /** "Marty et Fournier" -> "marty-et-fournier", for a plausible supplier mail domain. */
    static String slug(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        String s = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        s = s.replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "fournisseur" : s;
    }

    /** The resource text: per pool a line {@code @name count}, then one value per line. */
    static String render(Map<String, String[]> pools) {
        StringBuilder sb = new StringBuilder(1 << 18);
        sb.append("# French text pools of the generator, drawn from Datafaker fr_FR by TextPoolsSource (test sources).\n");
        sb.append("# Do not edit: TextPoolsDriftTest compares this file with a fresh draw.\n");
        for (Map.Entry<String, String[]> e : pools.entrySet()) {
            sb.append('@').append(e.getKey()).append(' ').append(e.getValue().length).append('\n');
            for (String v : e.getValue()) {
                if (v.isEmpty() || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
                    throw new IllegalStateException("pool " + e.getKey() + " got a value a line cannot hold: [" + v + "]");
                }
                sb.append(v).append('\n');
            }
        }
        return sb.toString();
    }

    /** Writes the resource into the module's sources (run from the generator directory). */
    static void writeCommitted() throws IOException {
        Files.writeString(COMMITTED, render(draw()), StandardCharsets.UTF_8);
    }
}
