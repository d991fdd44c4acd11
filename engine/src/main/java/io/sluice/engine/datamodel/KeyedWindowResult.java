package io.sluice.engine.datamodel;

import java.io.Serializable;

/**
 * The result of a keyed window aggregation.
 *
 * @param start   window start (inclusive)
 * @param end     window end (exclusive); the result travels with timestamp {@code end - 1}, so a following
 *                window of the same slide groups it by the same end
 * @param key     the grouping key
 * @param result  the aggregated value
 * @param isEarly whether this is an early (incomplete) result
 * @param <K> key type
 * @param <R> result type
 */
public record KeyedWindowResult<K, R>(long start, long end, K key, R result, boolean isEarly) implements Serializable {
    /** A final result. */
    public KeyedWindowResult(long start, long end, K key, R result) {
        this(start, end, key, result, false);
    }
}
