package io.sluice.engine.accumulator;

import java.io.Serializable;

/**
 * A mutable {@code double}. Sums are plain (not compensated) floating-point additions, so the
 * last bits of a sum can depend on the order in which partial sums were combined.
 */
public final class DoubleAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private double value;

    /** An accumulator holding zero. */
    public DoubleAccumulator() {
    }

    /** An accumulator holding {@code value}. */
    public DoubleAccumulator(double value) {
        this.value = value;
    }

    /** The current value. */
    public double get() {
        return value;
    }

    /**
     * Replaces the value.
     *
     * @return this accumulator
     */
    public DoubleAccumulator set(double value) {
        this.value = value;
        return this;
    }

    /**
     * Adds {@code value}.
     *
     * @return this accumulator
     */
    public DoubleAccumulator add(double value) {
        this.value += value;
        return this;
    }

    /**
     * Adds the value of {@code that}.
     *
     * @return this accumulator
     */
    public DoubleAccumulator add(DoubleAccumulator that) {
        this.value += that.value;
        return this;
    }

    /**
     * Subtracts {@code value}.
     *
     * @return this accumulator
     */
    public DoubleAccumulator subtract(double value) {
        this.value -= value;
        return this;
    }

    /**
     * Subtracts the value of {@code that}.
     *
     * @return this accumulator
     */
    public DoubleAccumulator subtract(DoubleAccumulator that) {
        this.value -= that.value;
        return this;
    }

    /** Equal when the values are equal as by {@link Double#compare} (so {@code NaN} equals {@code NaN}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof DoubleAccumulator that && Double.compare(value, that.value) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(value);
    }

    @Override
    public String toString() {
        return "DoubleAccumulator(" + value + ')';
    }
}
