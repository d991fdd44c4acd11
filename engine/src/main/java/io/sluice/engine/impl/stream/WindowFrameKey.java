package io.sluice.engine.impl.stream;

import io.sluice.engine.core.SnapshotKeys;

import java.io.Serializable;
import java.util.Objects;

/**
 * The snapshot key of one key's accumulator of one frame. Its hash code is the grouping key's, so
 * it is restored to the instance that owns the grouping key's partition.
 *
 * @param frameEnd the frame's end
 * @param key      the grouping key
 */
public record WindowFrameKey(long frameEnd, Object key) implements Serializable, SnapshotKeys.Partitioned {
    @Override
    public Object partitionKey() {
        return key;
    }

    @Override
    public int hashCode() {
        return key.hashCode();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WindowFrameKey k && k.frameEnd == frameEnd && Objects.equals(k.key, key);
    }
}
