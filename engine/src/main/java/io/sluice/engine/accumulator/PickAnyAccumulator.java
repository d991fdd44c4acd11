package io.sluice.engine.accumulator;

import java.io.Serializable;
import java.util.Objects;

/**
 * Keeps one of the items it was given (the first one it saw) and counts all of them. To be
 * serializable, the kept item must be.
 *
 * <p>There is deliberately no {@code deduct}: after removing some items, the kept one may be among
 * those removed, and no other item is left to replace it.
 *
 * @param <T> item type
 */
public final class PickAnyAccumulator<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private T value;
    private long count;

    /** An empty accumulator. */
    public PickAnyAccumulator() {
    }

    /**
     * Creates an accumulator holding {@code value} that has seen {@code count} items; the
     * state a codec restores (as Jet's constructor of the same shape).
     * <pre>{@code
     * PickAnyAccumulator<String> acc = new PickAnyAccumulator<>("a", 3);
     * }</pre>
     *
     * @param value the picked item, {@code null} only when {@code count} is 0
     * @param count how many items were accumulated, not negative
     */
    public PickAnyAccumulator(T value, long count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, but was " + count);
        }
        this.value = value;
        this.count = count;
    }

    /**
     * Offers one item; keeps it if none is kept yet.
     *
     * @param item the item, not null
     * @return this accumulator
     * @throws NullPointerException if {@code item} is null
     */
    public PickAnyAccumulator<T> accumulate(T item) {
        Objects.requireNonNull(item, "item must not be null");
        if (value == null) {
            value = item;
        }
        count++;
        return this;
    }

    /**
     * Adds the contents of {@code that}: keeps this one's item, or takes that one's if this is empty.
     *
     * @return this accumulator
     */
    public PickAnyAccumulator<T> combine(PickAnyAccumulator<T> that) {
        if (value == null) {
            value = that.value;
        }
        count += that.count;
        return this;
    }

    /** The kept item, or {@code null} if no item was accumulated. */
    public T get() {
        return value;
    }

    /** How many items were accumulated, including those combined in. */
    public long count() {
        return count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PickAnyAccumulator<?> that && count == that.count && Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hashCode(value) + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "PickAnyAccumulator(" + value + ", count=" + count + ')';
    }
}
