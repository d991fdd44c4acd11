package io.sluice.engine.datamodel;

import java.io.Serializable;
import java.util.Objects;

/**
 * The result of a window aggregation: the window and the aggregated value. A keyed window
 * aggregation emits its subclass {@link KeyedWindowResult}, so code that only needs the window and
 * the value can take any {@code WindowResult}.
 *
 * <pre>{@code
 * StreamStage<WindowResult<Long>> counts = trades.window(WindowDefinition.tumbling(1_000)).aggregate(counting());
 * counts.map(r -> r.end() + ": " + r.result());
 * }</pre>
 *
 * <p>Two window results are equal when they are of the same class and have equal components
 * ({@code start}, {@code end}, {@code result}, {@code isEarly}, and the key of a
 * {@code KeyedWindowResult}); so a {@code WindowResult} never equals a {@code KeyedWindowResult}.
 * The serialized form is the four fields below (and {@code key} in the subclass), under
 * {@code serialVersionUID} 1.
 *
 * @param <R> result type
 */
public class WindowResult<R> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long start;
    private final long end;
    private final R result;
    private final boolean isEarly;

    /**
     * A window result.
     *
     * @param start   window start (inclusive)
     * @param end     window end (exclusive); the result travels with timestamp {@code end - 1}, so a
     *                following window of the same slide groups it by the same end
     * @param result  the aggregated value; nullable (some operations, such as {@code minBy} of no
     *                items, have a {@code null} result)
     * @param isEarly whether this is an early (incomplete) result, to be followed by the final one
     */
    public WindowResult(long start, long end, R result, boolean isEarly) {
        this.start = start;
        this.end = end;
        this.result = result;
        this.isEarly = isEarly;
    }

    /** A final (not early) result; see {@link #WindowResult(long, long, Object, boolean)}. */
    public WindowResult(long start, long end, R result) {
        this(start, end, result, false);
    }

    /** The window start (inclusive), in milliseconds of event time. */
    public long start() {
        return start;
    }

    /** The window end (exclusive), in milliseconds of event time. */
    public long end() {
        return end;
    }

    /** The aggregated value; nullable. */
    public R result() {
        return result;
    }

    /** Whether this is an early result, to be followed by the final one. */
    public boolean isEarly() {
        return isEarly;
    }

    /** Equal to a window result of the same class with equal components. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (o == null || o.getClass() != getClass()) {
            return false;
        }
        WindowResult<?> that = (WindowResult<?>) o;
        return start == that.start && end == that.end && isEarly == that.isEarly
                && Objects.equals(result, that.result);
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(start);
        h = 31 * h + Long.hashCode(end);
        h = 31 * h + Objects.hashCode(result);
        return 31 * h + Boolean.hashCode(isEarly);
    }

    /** For example {@code WindowResult[start=0, end=1000, result=42, isEarly=false]}. */
    @Override
    public String toString() {
        return "WindowResult[start=" + start + ", end=" + end + ", result=" + result + ", isEarly=" + isEarly + ']';
    }
}
