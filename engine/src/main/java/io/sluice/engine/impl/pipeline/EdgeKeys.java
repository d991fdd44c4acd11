package io.sluice.engine.impl.pipeline;

import java.util.Map;

/** Partitioning key functions of the edges the planner adds (static methods: serializable as method references). */
final class EdgeKeys {
    private EdgeKeys() {
    }

    /** The key of a {@code Map.Entry} (a partial accumulator emitted as {@code KeyedResult(key, acc)}). */
    static Object entryKey(Object entry) {
        return ((Map.Entry<?, ?>) entry).getKey();
    }

    /** The item itself. */
    static Object itself(Object item) {
        return item;
    }
}
