package io.sluice.engine.impl.pipeline;

import io.sluice.engine.impl.stream.FrameEntry;

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

    /** The grouping key of a window frame's partial accumulator. */
    static Object frameKey(Object frameEntry) {
        return ((FrameEntry) frameEntry).key();
    }
}
