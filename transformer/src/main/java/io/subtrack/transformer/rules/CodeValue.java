package io.subtrack.transformer.rules;

import io.subtrack.common.schema.RawTable;
import java.util.Map;

/** A code column's value: a source spelling mapped to the column's code set (CodeVariants). */
public final class CodeValue extends ValueRule {
    private final Map<String, String> variants;

    public CodeValue(Map<String, String> variants, String id, RawTable table, String field, Action action, boolean formatOnly,
                     String description, String... examples) {
        super(id, table, field, action, formatOnly, description, examples);
        this.variants = variants;
    }

    /** The source spellings (by lookup key) and the code each one means. */
    public Map<String, String> variants() {
        return variants;
    }

    @Override
    public Cleaned clean(String raw) {
        return CodeVariants.code(raw, variants);
    }
}
