package io.subtrack.transformer.rules;

import io.subtrack.common.schema.RawTable;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A value rule whose check and repair is one of the shared normalisers (Normalize, DateTimes, Cards): the rules of
 * several tables that read the same kind of value (emails, phones, amounts, dates) differ only by their field and doc.
 */
public final class NormalisedValue extends ValueRule {
    private final Function<String, Cleaned> normaliser;
    private final Supplier<Rule> unusable;

    /** {@code unusable} null: this rule answers for an unusable value too (unless its field has an UnusableValue rule). */
    public NormalisedValue(Function<String, Cleaned> normaliser, Supplier<Rule> unusable, String id, RawTable table, String field,
                           Action action, boolean formatOnly, String description, String... examples) {
        super(id, table, field, action, formatOnly, description, examples);
        this.normaliser = normaliser;
        this.unusable = unusable;
    }

    @Override
    public Cleaned clean(String raw) {
        return normaliser.apply(raw);
    }

    @Override
    public Rule unusable() {
        return unusable == null ? this : unusable.get();
    }
}
