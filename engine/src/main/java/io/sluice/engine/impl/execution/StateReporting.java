package io.sluice.engine.impl.execution;

/**
 * Implemented by processors (and fused steps) that accumulate records, so the node's heap
 * watchdog can tell which job holds the most state. The count is the same one that
 * {@code JobConfig.setMaxProcessorAccumulatedRecords} limits.
 *
 * <p>Threading: called from the watchdog's thread while the processor runs on its own, without
 * synchronization. Implementations only read a counter field or a collection's {@code size()},
 * never iterate, and the caller accepts a stale value.
 */
public interface StateReporting {
    /** How many records (keys, frame entries, buffered items, ...) this processor holds now. */
    long accumulatedRecords();
}
