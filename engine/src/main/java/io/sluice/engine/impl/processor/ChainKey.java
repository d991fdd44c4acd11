package io.sluice.engine.impl.processor;

import io.sluice.engine.core.SnapshotKeys;

import java.io.Serializable;
import java.util.Objects;

/**
 * A snapshot key of one member of a fused chain (0 = head, {@code i + 1} = step {@code i}), so
 * that two stateful members of one vertex cannot overwrite each other's keys. Its hash code is
 * the wrapped key's, so the key maps to the same partition as the bare key would: state of a
 * combine step is restored to the instance that the partitioned edge sends that key to. It is placed
 * by the member's key ({@link SnapshotKeys.Partitioned}), so a member's instance-local key stays local.
 *
 * @param member index of the chain member
 * @param key    the member's own key
 */
public record ChainKey(int member, Object key) implements Serializable, SnapshotKeys.Partitioned {
    @Override
    public Object partitionKey() {
        return key;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChainKey k && k.member == member && Objects.equals(k.key, key);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(key);
    }
}
