package io.sluice.engine.impl.stream;

import java.io.Serializable;

/**
 * The event-time condition of a stream-to-stream join ({@link StreamJoinP}): which timestamps of a
 * left and a right item may be joined, and, for each item, the highest timestamp an item of the
 * other side may have and still match it (its expiry: once the watermark passes it, the item is
 * released). For both kinds the left expiry never decreases with the left timestamp, which the
 * processor relies on to hold its output watermark back cheaply.
 */
public abstract sealed class JoinCondition implements Serializable {
    private JoinCondition() {
    }

    /** Right timestamps {@code [leftTs + lowerBound, leftTs + upperBound]} (both inclusive). */
    public static JoinCondition interval(long lowerBound, long upperBound) {
        return new Interval(lowerBound, upperBound);
    }

    /** Both items in the same tumbling window {@code [k * size, (k + 1) * size)}. */
    public static JoinCondition tumbling(long windowSize) {
        return new Tumbling(windowSize);
    }

    /** Whether a left item at {@code leftTs} and a right item at {@code rightTs} join. */
    abstract boolean matches(long leftTs, long rightTs);

    /** The highest right timestamp that can still join a left item at {@code leftTs}. */
    abstract long leftExpiry(long leftTs);

    /** The highest left timestamp that can still join a right item at {@code rightTs}. */
    abstract long rightExpiry(long rightTs);

    /** The event-time frame watermarks should hit exactly (a tumbling window's size), or 0. */
    public long watermarkFrame() {
        return 0;
    }

    static long addClamped(long a, long b) {
        long r = a + b;
        if (((a ^ r) & (b ^ r)) < 0) {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return r;
    }

    static final class Interval extends JoinCondition {
        private final long lower;
        private final long upper;

        Interval(long lower, long upper) {
            if (lower > upper) {
                throw new IllegalArgumentException("lowerBound must not be greater than upperBound, but "
                        + lower + " > " + upper);
            }
            this.lower = lower;
            this.upper = upper;
        }

        @Override
        boolean matches(long leftTs, long rightTs) {
            // rightTs - leftTs in [lower, upper], without overflow
            return rightTs >= addClamped(leftTs, lower) && rightTs <= addClamped(leftTs, upper);
        }

        @Override
        long leftExpiry(long leftTs) {
            return addClamped(leftTs, upper);
        }

        @Override
        long rightExpiry(long rightTs) {
            return lower == Long.MIN_VALUE ? Long.MAX_VALUE : addClamped(rightTs, -lower);
        }

        @Override
        public String toString() {
            return "interval[" + lower + ", " + upper + "]";
        }
    }

    static final class Tumbling extends JoinCondition {
        private final long size;

        Tumbling(long size) {
            if (size <= 0) {
                throw new IllegalArgumentException("windowSize must be positive, but was " + size);
            }
            this.size = size;
        }

        @Override
        public long watermarkFrame() {
            return size;
        }

        private long start(long ts) {
            return Math.floorDiv(ts, size) * size;
        }

        @Override
        boolean matches(long leftTs, long rightTs) {
            return Math.floorDiv(leftTs, size) == Math.floorDiv(rightTs, size);
        }

        @Override
        long leftExpiry(long leftTs) {
            return addClamped(start(leftTs), size - 1);
        }

        @Override
        long rightExpiry(long rightTs) {
            return addClamped(start(rightTs), size - 1);
        }

        @Override
        public String toString() {
            return "tumbling(" + size + ")";
        }
    }
}
