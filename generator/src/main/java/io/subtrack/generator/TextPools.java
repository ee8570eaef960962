package io.subtrack.generator;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import net.datafaker.Faker;

/**
 * Names, streets, towns, companies and text drawn once from a seeded French Datafaker and then
 * picked per record. (The original also mixed in English; loading Datafaker's English locale costs
 * two seconds of start-up, more than generating 100,000 records, so only the French one is used.) A Datafaker call costs
 * microseconds; picking from a pool costs nanoseconds, which is what ten million records need.
 */
final class TextPools {
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

    /**
     * Builds the pools on two threads of {@code executor}: Datafaker loads each provider's locale
     * data on first use (about half a second each for names and addresses), so names and
     * addresses come from two fakers, each with its own seed, in parallel.
     */
    static CompletableFuture<TextPools> build(long seed, Executor executor) {
        CompletableFuture<Names> names = CompletableFuture.supplyAsync(() -> names(seed), executor);
        CompletableFuture<Places> places = CompletableFuture.supplyAsync(() -> places(seed), executor);
        return names.thenCombine(places, TextPools::new);
    }

    private record Names(String[] firstNames, String[] lastNames, String[] companies) {}

    private record Places(String[] streets, String[] postcodeTowns, String[] catchPhrases, String[] sentences,
                          String[] paragraphs, String[] words) {}

    private static Faker french(long seed, String purpose) {
        return new Faker(new Locale("fr", "FR"), new Random(Seeds.derive(seed, purpose)));
    }

    private static Names names(long seed) {
        Faker fr = french(seed, "pools-names");
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
        return new Names(first, last, companies);
    }

    private static Places places(long seed) {
        Faker fr = french(seed, "pools-places");
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
        return new Places(streets, towns, catchPhrases, sentences, paragraphs, words);
    }

    private TextPools(Names names, Places places) {
        firstNames = names.firstNames();
        lastNames = names.lastNames();
        companies = names.companies();
        companySlugs = Arrays.stream(companies).map(TextPools::slug).toArray(String[]::new);
        streets = places.streets();
        postcodeTowns = places.postcodeTowns();
        catchPhrases = places.catchPhrases();
        sentences = places.sentences();
        paragraphs = places.paragraphs();
        words = places.words();
        mailDomains = new String[] {"example.com", "example.net", "example.org", "company.fr", "orange.fr", "free.fr",
            "laposte.net", "gmail.com", "sfr.fr", "outlook.fr"};
    }

    static String pick(String[] pool, SplittableRandom r) {
        return pool[r.nextInt(pool.length)];
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
