package io.subtrack.common.db;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every text column of sql/ is NVARCHAR: source text carries accents and the euro sign, and the
 * driver sends string parameters as Unicode (SqlServerDialect.DRIVER_DEFAULTS), so a VARCHAR column
 * would both lose characters outside its code page and force a conversion on every comparison.
 */
class SqlTextColumnsAreUnicodeTest {
    /** A column definition line: [name] TYPE ... */
    private static final Pattern COLUMN = Pattern.compile("^\\s*\\[([^\\]]+)\\]\\s+([A-Z]+)", Pattern.MULTILINE);
    private static final List<String> NON_UNICODE_TEXT = List.of("VARCHAR", "CHAR", "TEXT", "NCHAR", "NTEXT");

    @Test
    void everyTextColumnOfEveryScriptIsNvarchar() {
        List<String> offenders = new ArrayList<>();
        int columns = 0;
        for (String script : Stream.concat(SchemaApplier.scripts(new SqlServerDialect(), SchemaApplier.Layer.RAW).stream(), SchemaApplier.scripts(new SqlServerDialect(), SchemaApplier.Layer.PROCESSED).stream()).toList()) {
            Matcher m = COLUMN.matcher(SchemaApplier.read(script));
            while (m.find()) {
                columns++;
                if (NON_UNICODE_TEXT.contains(m.group(2))) offenders.add(script + ": [" + m.group(1) + "] " + m.group(2));
            }
        }
        assertTrue(columns > 100, "found only " + columns + " column definitions; did the script format change?");
        assertTrue(offenders.isEmpty(), "non-NVARCHAR text columns: " + offenders);
    }
}
