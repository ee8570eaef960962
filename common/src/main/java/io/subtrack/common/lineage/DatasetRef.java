package io.subtrack.common.lineage;

import java.util.Objects;

/**
 * A dataset as OpenLineage identifies it: a namespace naming the data source and a name unique
 * within it (the naming conventions, docs/lineage.md). Make them with {@link Datasets}.
 */
public record DatasetRef(String namespace, String name) {
    public DatasetRef {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return namespace + " " + name;
    }
}
