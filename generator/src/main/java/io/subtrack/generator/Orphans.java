package io.subtrack.generator;

import java.util.function.LongFunction;

/**
 * Makes references to parents that were never generated, for one referencing field: the ids just
 * above the parent table's count, a new one per orphan.
 */
final class Orphans {
    private final LongFunction<String> parentId;
    private final long parents;
    private long serial;

    Orphans(LongFunction<String> parentId, long parents) {
        this.parentId = parentId;
        this.parents = parents;
    }

    String next() {
        return parentId.apply(parents + ++serial);
    }
}
