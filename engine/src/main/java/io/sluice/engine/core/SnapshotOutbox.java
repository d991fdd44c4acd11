package io.sluice.engine.core;

/** Receives a processor's state while a snapshot is taken: one call per key. */
public interface SnapshotOutbox {
    /** Saves {@code value} under {@code key}; the key decides the partition it is restored to. */
    void save(Object key, Object value);
}
