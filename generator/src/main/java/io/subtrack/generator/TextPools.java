package io.subtrack.generator;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.SplittableRandom;
import net.datafaker.Faker;

/**
 * Names, streets, towns, companies and text drawn once from seeded Datafaker instances (French
 * first, some English as in the source) and then picked per record. A Datafaker call costs
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

    TextPools(long seed) {
        Faker fr = new Faker(new Locale("fr", "FR"), new Random(Seeds.derive(seed, "pools-fr")));
        Faker en = new Faker(Locale.US, new Random(Seeds.derive(seed, "pools-en")));
        List<String> first = new ArrayList<>();
        List<String> last = new ArrayList<>();
        for (int i = 0; i < 1500; i++) {
            first.add(Formats.capitalise(fr.name().firstName()));
            last.add(Formats.capitalise(fr.name().lastName()));
        }
        for (int i = 0; i < 500; i++) {
            first.add(Formats.capitalise(en.name().firstName()));
            last.add(Formats.capitalise(en.name().lastName()));
        }
        firstNames = first.toArray(String[]::new);
        lastNames = last.toArray(String[]::new);

        List<String> street = new ArrayList<>();
        List<String> town = new ArrayList<>();
        for (int i = 0; i < 800; i++) {
            street.add(withoutHouseNumber(fr.address().streetAddress()));
            town.add(fr.address().zipCode() + " " + fr.address().city());
        }
        for (int i = 0; i < 200; i++) {
            street.add(withoutHouseNumber(en.address().streetAddress()));
            town.add(en.address().city() + ", " + en.address().stateAbbr() + " " + en.address().zipCode());
        }
        streets = street.toArray(String[]::new);
        postcodeTowns = town.toArray(String[]::new);

        // Only names already in canonical capitalisation: an upper-cased one must be restorable exactly.
        // Datafaker's French company names ("Marty et Fournier") are not, so French ones are built from surnames.
        String[] trades = {"Services", "Conseil", "Distribution", "Télécom", "Digital", "Médias", "Énergie", "Solutions"};
        List<String> company = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String surname = Formats.capitalise(fr.name().lastName());
            switch (i % 4) {
                case 0 -> company.add(surname);
                case 1 -> company.add(surname + "-" + Formats.capitalise(fr.name().lastName()));
                case 2 -> company.add(surname + " " + trades[i % trades.length]);
                default -> {
                    String name = en.company().name();
                    company.add(name.equals(Formats.capitalise(name)) ? name : surname);
                }
            }
        }
        companies = company.toArray(String[]::new);
        companySlugs = company.stream().map(TextPools::slug).toArray(String[]::new);

        catchPhrases = new String[500];
        for (int i = 0; i < catchPhrases.length; i++) catchPhrases[i] = fr.company().catchPhrase();
        sentences = new String[1000];
        for (int i = 0; i < sentences.length; i++) sentences[i] = (i % 3 == 2 ? en : fr).lorem().sentence();
        paragraphs = new String[500];
        for (int i = 0; i < paragraphs.length; i++) paragraphs[i] = fr.lorem().paragraph();
        words = new String[300];
        for (int i = 0; i < words.length; i++) words[i] = fr.lorem().word();
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
