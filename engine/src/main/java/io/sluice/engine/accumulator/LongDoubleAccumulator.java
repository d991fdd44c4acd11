package io.sluice.engine.accumulator;

import java.io.Serializable;

/**
 * A mutable {@code long} and a mutable {@code double}, for example a count and a sum for an
 * average. The {@code long} wraps on overflow; the {@code double} is summed plainly, as in
 * {@link DoubleAccumulator}.
 */
public final class LongDoubleAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private long longValue;
    private double doubleValue;

    /** An accumulator holding two zeros. */
    public LongDoubleAccumulator() {
    }

    /** An accumulator holding the given values. */
    public LongDoubleAccumulator(long longValue, double doubleValue) {
        this.longValue = longValue;
        this.doubleValue = doubleValue;
    }

    /** The {@code long} value. */
    public long getLong() {
        return longValue;
    }

    /** The {@code double} value. */
    public double getDouble() {
        return doubleValue;
    }

    /**
     * Replaces the {@code long} value.
     *
     * @return this accumulator
     */
    public LongDoubleAccumulator setLong(long longValue) {
        this.longValue = longValue;
        return this;
    }

    /**
     * Replaces the {@code double} value.
     *
     * @return this accumulator
     */
    public LongDoubleAccumulator setDouble(double doubleValue) {
        this.doubleValue = doubleValue;
        return this;
    }

    /**
     * Adds {@code delta} to the {@code long} value.
     *
     * @return this accumulator
     */
    public LongDoubleAccumulator addLong(long delta) {
        this.longValue += delta;
        return this;
    }

    /**
     * Adds {@code delta} to the {@code double} value.
     *
     * @return this accumulator
     */
    public LongDoubleAccumulator addDouble(double delta) {
        this.doubleValue += delta;
        return this;
    }

    /**
     * Adds both values of {@code that} to this one's.
     *
     * @return this accumulator
     */
    public LongDoubleAccumulator add(LongDoubleAccumulator that) {
        this.longValue += that.longValue;
        this.doubleValue += that.doubleValue;
        return this;
    }

    /**
     * Subtracts both values of {@code that} from this one's.
     *
     * @return this accumulator
     */
    public LongDoubleAccumulator subtract(LongDoubleAccumulator that) {
        this.longValue -= that.longValue;
        this.doubleValue -= that.doubleValue;
        return this;
    }

    /** Equal when both values are equal, the {@code double} as by {@link Double#compare}. */
    @Override
    public boolean equals(Object o) {
        return o instanceof LongDoubleAccumulator that
                && longValue == that.longValue && Double.compare(doubleValue, that.doubleValue) == 0;
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(longValue) + Double.hashCode(doubleValue);
    }

    @Override
    public String toString() {
        return "LongDoubleAccumulator(" + longValue + ", " + doubleValue + ')';
    }
}
