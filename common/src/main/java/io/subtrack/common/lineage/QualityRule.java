package io.subtrack.common.lineage;

import java.util.Objects;

/**
 * One data-quality rule's outcome, in plain data so that the lineage code needs none of the
 * transformer's classes: the rule's id, the raw table and field it checks, how many values it
 * evaluated and how many of them failed it.
 */
public record QualityRule(String ruleId, String table, String field, long evaluated, long failed) {
    public QualityRule {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(table, "table");
    }
}
