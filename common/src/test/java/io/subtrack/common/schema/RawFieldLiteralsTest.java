package io.subtrack.common.schema;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Raw fields are reached through the declaration (RawFields), not by string literals scattered
 * through the stages (at most 30 in main code outside common/.../schema).
 * Reads every module's main sources from the checkout, as text.
 */
class RawFieldLiteralsTest {
    private static final Pattern LITERAL = Pattern.compile("\"([A-Za-z_\u00e9]+)\"");
    private static final int MOST = 30;

    @Test
    void rawFieldNamesAreSpeltOnceInTheDeclaration() throws IOException {
        Set<String> fields = new HashSet<>();
        for (RawTable t : RawTable.all()) fields.addAll(t.fields());
        Path root = Path.of("").toAbsolutePath().getParent(); // the build runs in common/
        assertTrue(Files.isDirectory(root.resolve("transformer")), "not in a checkout: " + root);
        List<String> found = new ArrayList<>();
        List<Path> sources;
        try (Stream<Path> files = Files.walk(root)) {
            sources = files.filter(p -> p.toString().endsWith(".java"))
                .filter(p -> p.toString().contains("/src/main/java/"))
                .filter(p -> !p.toString().contains("/common/src/main/java/io/subtrack/common/schema/"))
                .filter(p -> !p.toString().contains("/bench/work/"))
                .toList();
        }
        for (Path p : sources) {
            String text = Files.readString(p);
            Matcher m = LITERAL.matcher(text);
            while (m.find()) if (fields.contains(m.group(1))) found.add(root.relativize(p) + ": \"" + m.group(1) + "\"");
        }
        assertTrue(sources.size() > 100, "read only " + sources.size() + " main source files");
        assertTrue(found.size() <= MOST, found.size() + " raw-field literals outside the declaration:\n" + String.join("\n", found));
    }
}
