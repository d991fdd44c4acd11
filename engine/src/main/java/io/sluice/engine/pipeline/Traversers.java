package io.sluice.engine.pipeline;

import java.util.Iterator;
import java.util.stream.Stream;

/** Factories of {@link Traverser}s. */
public final class Traversers {
    private static final Traverser<Object> EMPTY = () -> null;

    private Traversers() {
    }

    /** A traverser over no items. */
    @SuppressWarnings("unchecked")
    public static <T> Traverser<T> empty() {
        return (Traverser<T>) EMPTY;
    }

    /** A traverser over one item; {@code null} gives an empty traverser. */
    public static <T> Traverser<T> singleton(T item) {
        return new Traverser<>() {
            private T next = item;

            @Override
            public T next() {
                T t = next;
                next = null;
                return t;
            }
        };
    }

    /** A traverser over the array's elements; {@code null} elements are skipped. */
    @SafeVarargs
    public static <T> Traverser<T> of(T... items) {
        return new Traverser<>() {
            private int i;

            @Override
            public T next() {
                while (i < items.length) {
                    T t = items[i++];
                    if (t != null) {
                        return t;
                    }
                }
                return null;
            }
        };
    }

    /** A traverser over an iterable's elements; {@code null} elements are skipped. */
    public static <T> Traverser<T> traverseIterable(Iterable<? extends T> iterable) {
        return traverseIterator(iterable.iterator());
    }

    /** A traverser over an iterator's remaining elements; {@code null} elements are skipped. */
    public static <T> Traverser<T> traverseIterator(Iterator<? extends T> iterator) {
        return () -> {
            while (iterator.hasNext()) {
                T t = iterator.next();
                if (t != null) {
                    return t;
                }
            }
            return null;
        };
    }

    /** A traverser over a stream's elements; {@code null} elements are skipped. */
    public static <T> Traverser<T> traverseStream(Stream<? extends T> stream) {
        return traverseIterator(stream.iterator());
    }
}
