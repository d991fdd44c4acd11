package io.sluice.engine.accumulator;

import java.io.Serializable;

/**
 * A mutable {@code long}. Arithmetic wraps on overflow, like {@link java.util.stream.LongStream#sum()};
 * wrapping also means that subtracting what was added always restores the previous value.
 */
public final class LongAccumulator implements Serializable {
    private static final long serialVersionUID = 1L;

    private long value;

    /** An accumulator holding zero. */
    public LongAccumulator() {
    }

    /** An accumulator holding {@code value}. */
    public LongAccumulator(long value) {
        this.value = value;
    }

    /** The current value. */
    public long get() {
        return value;
    }

    /**
     * Replaces the value.
     *
     * @return this accumulator
     */
    public LongAccumulator set(long value) {
        this.value = value;
        return this;
    }

    /**
     * Adds {@code value}.
     *
     * @return this accumulator
     */
    public LongAccumulator add(long value) {
        this.value += value;
        return this;
    }

    /**
     * Adds the value of {@code that}.
     *
     * @return this accumulator
     */
    public LongAccumulator add(LongAccumulator that) {
        this.value += that.value;
        return this;
    }

    /**
     * Subtracts {@code value}.
     *
     * @return this accumulator
     */
    public LongAccumulator subtract(long value) {
        this.value -= value;
        return this;
    }

    /**
     * Subtracts the value of {@code that}.
     *
     * @return this accumulator
     */
    public LongAccumulator subtract(LongAccumulator that) {
        this.value -= that.value;
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LongAccumulator that && value == that.value;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(value);
    }

    @Override
    public String toString() {
        return "LongAccumulator(" + value + ')';
    }
}
