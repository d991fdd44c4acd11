package io.sluice.engine.accumulator;

import java.io.Serializable;

/**
 * Two mutable {@code long}s, for example a count and a sum for an average. Arithmetic wraps on
 * overflow, like {@link LongAccumulator}.
 */
public final class LongLongAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private long value1;
    private long value2;

    /** An accumulator holding two zeros. */
    public LongLongAccumulator() {
    }

    /** An accumulator holding the given values. */
    public LongLongAccumulator(long value1, long value2) {
        this.value1 = value1;
        this.value2 = value2;
    }

    /** The first value. */
    public long get1() {
        return value1;
    }

    /** The second value. */
    public long get2() {
        return value2;
    }

    /**
     * Replaces the first value.
     *
     * @return this accumulator
     */
    public LongLongAccumulator set1(long value1) {
        this.value1 = value1;
        return this;
    }

    /**
     * Replaces the second value.
     *
     * @return this accumulator
     */
    public LongLongAccumulator set2(long value2) {
        this.value2 = value2;
        return this;
    }

    /**
     * Adds {@code delta} to the first value.
     *
     * @return this accumulator
     */
    public LongLongAccumulator add1(long delta) {
        this.value1 += delta;
        return this;
    }

    /**
     * Adds {@code delta} to the second value.
     *
     * @return this accumulator
     */
    public LongLongAccumulator add2(long delta) {
        this.value2 += delta;
        return this;
    }

    /**
     * Adds both values of {@code that} to this one's.
     *
     * @return this accumulator
     */
    public LongLongAccumulator add(LongLongAccumulator that) {
        this.value1 += that.value1;
        this.value2 += that.value2;
        return this;
    }

    /**
     * Subtracts both values of {@code that} from this one's.
     *
     * @return this accumulator
     */
    public LongLongAccumulator subtract(LongLongAccumulator that) {
        this.value1 -= that.value1;
        this.value2 -= that.value2;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LongLongAccumulator that && value1 == that.value1 && value2 == that.value2;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(value1) + Long.hashCode(value2);
    }

    @Override
    public String toString() {
        return "LongLongAccumulator(" + value1 + ", " + value2 + ')';
    }
}
