package io.sluice.engine.core;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * An ordered group of items travelling together on an edge: the unit of work of the data plane.
 * Per-item work is a plain method call inside a loop over a batch; per-batch work is one stream
 * element. A batch is never modified after it has been emitted, so it can be handed to another
 * thread (or serialized) without copying.
 *
 * <p>Create one with {@link #of(Object...)} or {@link #wrap(Object[], int)}.
 */
public final class Batch extends AbstractList<Object> implements RandomAccess, EdgeItem {
    private static final Object[] NO_ITEMS = new Object[0];
    /** The empty batch (used by idle sources to keep time moving). */
    public static final Batch EMPTY = new Batch(NO_ITEMS, 0);

    private final Object[] items;
    private final int size;

    private Batch(Object[] items, int size) {
        this.items = items;
        this.size = size;
    }

    /**
     * Wraps the first {@code size} elements of {@code items} without copying. The caller must
     * not modify the array afterwards.
     */
    public static Batch wrap(Object[] items, int size) {
        if (size < 0 || size > items.length) {
            throw new IllegalArgumentException("size must be in 0.." + items.length + ", but was " + size);
        }
        return size == 0 ? EMPTY : new Batch(items, size);
    }

    /** A batch holding the given items (copied). */
    public static Batch of(Object... items) {
        return wrap(items.clone(), items.length);
    }

    /** A batch holding the items of the given list (copied). */
    public static Batch ofList(List<?> items) {
        return wrap(items.toArray(), items.size());
    }

    @Override
    public Object get(int index) {
        if (index >= size) {
            throw new IndexOutOfBoundsException("index " + index + ", size " + size);
        }
        return items[index];
    }

    @Override
    public int size() {
        return size;
    }

    /** The backing array; only the first {@link #size()} elements are valid. Do not modify. */
    public Object[] array() {
        return items;
    }

    @Override
    public Object[] toArray() {
        return Arrays.copyOf(items, size);
    }

    @Override
    public String toString() {
        return "Batch" + super.toString();
    }
}
