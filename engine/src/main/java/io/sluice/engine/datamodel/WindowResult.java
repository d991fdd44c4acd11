package io.sluice.engine.datamodel;

import java.io.Serializable;

/**
 * The result of a non-keyed window aggregation.
 *
 * @param start   window start (inclusive)
 * @param end     window end (exclusive); the result travels with timestamp {@code end - 1}, so a following
 *                window of the same slide groups it by the same end
 * @param result  the aggregated value
 * @param isEarly whether this is an early (incomplete) result
 * @param <R> result type
 */
public record WindowResult<R>(long start, long end, R result, boolean isEarly) implements Serializable {
    /** A final result. */
    public WindowResult(long start, long end, R result) {
        this(start, end, result, false);
    }
}
