package io.subtrack.generator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped text pools are exactly what Datafaker draws for them: a Datafaker upgrade that changes them fails here. */
class TextPoolsDriftTest {

    @Test
    void committedPoolsEqualAFreshDatafakerDraw() throws IOException {
        if (Boolean.getBoolean("subtrack.regenerate-pools")) TextPoolsSource.writeCommitted();
        String fresh = TextPoolsSource.render(TextPoolsSource.draw());
        String committed = Files.readString(TextPoolsSource.COMMITTED, StandardCharsets.UTF_8);
        assertEquals(fresh, committed, TextPoolsSource.COMMITTED + " differs from a fresh Datafaker draw; if the change "
            + "is intended, regenerate it (see TextPoolsSource) and note that every seed's output changes");
    }

    @Test
    void loadedPoolsAreTheDrawnOnes() {
        // The class path holds the copy made before the regeneration: checked on the next build.
        assumeFalse(Boolean.getBoolean("subtrack.regenerate-pools"));
        Map<String, String[]> drawn = TextPoolsSource.draw();
        TextPools loaded = TextPools.load();
        assertArrayEquals(drawn.get("firstNames"), loaded.firstNames);
        assertArrayEquals(drawn.get("lastNames"), loaded.lastNames);
        assertArrayEquals(drawn.get("companies"), loaded.companies);
        assertArrayEquals(drawn.get("companySlugs"), loaded.companySlugs);
        assertArrayEquals(drawn.get("streets"), loaded.streets);
        assertArrayEquals(drawn.get("postcodeTowns"), loaded.postcodeTowns);
        assertArrayEquals(drawn.get("catchPhrases"), loaded.catchPhrases);
        assertArrayEquals(drawn.get("sentences"), loaded.sentences);
        assertArrayEquals(drawn.get("paragraphs"), loaded.paragraphs);
        assertArrayEquals(drawn.get("words"), loaded.words);
    }
}
