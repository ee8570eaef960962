package io.subtrack.transformer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.subtrack.transformer.rules.DataQualityDoc;
import io.subtrack.transformer.rules.Rule;
import io.subtrack.transformer.rules.Rules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DataQualityDocTest {
    static Path repoFile(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("transformer/pom.xml"))) return d.resolve(relative);
        }
        throw new AssertionError("repository root not found");
    }

    @Test
    void committedDocumentIsWhatTheRegistryGenerates() throws Exception {
        Path doc = repoFile("docs/data-quality.md");
        assertTrue(Files.isRegularFile(doc), "docs/data-quality.md is missing: run DataQualityDoc");
        assertEquals(DataQualityDoc.render(), Files.readString(doc),
            "docs/data-quality.md drifted from the rule registry: regenerate it with "
                + "java -cp transformer/target/transformer.jar io.subtrack.transformer.rules.DataQualityDoc docs/data-quality.md");
    }

    @Test
    void everyRuleIsDescribedWithAnExample() {
        for (Rule r : Rules.all()) {
            assertTrue(r.id().matches("[A-Z]{3}(-[A-Z0-9]+)+"), r.id());
            assertTrue(!r.description().isBlank() && !r.examples().isEmpty(), r.id());
            assertTrue(DataQualityDoc.render().contains("`" + r.id() + "`"));
        }
    }
}
