package io.sluice.engine.accumulator;

import java.io.Serializable;
import java.util.Objects;

/**
 * A mutable reference to a value, which may be {@code null}. To be serializable, the value must be.
 *
 * @param <T> value type
 */
public final class MutableReference<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private T value;

    /** A reference holding {@code null}. */
    public MutableReference() {
    }

    /** A reference holding {@code value} (nullable). */
    public MutableReference(T value) {
        this.value = value;
    }

    /** The current value, possibly {@code null}. */
    public T get() {
        return value;
    }

    /**
     * Replaces the value.
     *
     * @param value the new value, nullable
     * @return this reference
     */
    public MutableReference<T> set(T value) {
        this.value = value;
        return this;
    }

    /** Whether the value is {@code null}. */
    public boolean isNull() {
        return value == null;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MutableReference<?> that && Objects.equals(value, that.value);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(value);
    }

    @Override
    public String toString() {
        return "MutableReference(" + value + ')';
    }
}
