package io.sluice.engine.pipeline;

import java.util.Enumeration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Factories of {@link Traverser}s, with Hazelcast Jet's names.
 *
 * <pre>{@code
 * stage.flatMap(line -> Traversers.traverseArray(line.split(" ")))
 * }</pre>
 *
 * <p><b>Null elements.</b> A traverser ends at its first {@code null}, so the factories over
 * arrays, iterables, iterators, spliterators, streams and enumerations <em>skip</em> {@code null}
 * elements rather than ending early. (Jet skips them in arrays but fails on them elsewhere;
 * {@link #traverseIterator(Iterator, boolean) traverseIterator(iterator, false)} fails as Jet does.)
 * A traverser reads its source lazily, one element per {@code next()}, and is used by one thread at
 * a time. Every argument must be non-null unless its description says otherwise.
 */
public final class Traversers {
    private static final Traverser<Object> EMPTY = () -> null;

    private Traversers() {
    }

    /**
     * A traverser over no items.
     *
     * <pre>{@code
     * stage.flatMap(order -> order.isCancelled() ? Traversers.empty() : Traversers.traverseIterable(order.lines()))
     * }</pre>
     *
     * @param <T> item type
     * @return a traverser whose {@code next()} always returns {@code null}
     */
    @SuppressWarnings("unchecked")
    public static <T> Traverser<T> empty() {
        return (Traverser<T>) EMPTY;
    }

    /**
     * A traverser over one item.
     *
     * <pre>{@code
     * Traverser<String> one = Traversers.singleton("only");
     * }</pre>
     *
     * @param item the item; nullable, {@code null} gives an empty traverser
     * @param <T>  item type
     * @return the new traverser
     */
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

    /**
     * A traverser over the given items; {@code null} items are skipped. The same as
     * {@link #traverseItems}.
     *
     * <pre>{@code
     * Traverser<String> t = Traversers.of("a", "b");
     * }</pre>
     *
     * @param items the items, read in order; the array is not copied
     * @param <T>   item type
     * @return the new traverser
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // traverseArray only reads the array
    public static <T> Traverser<T> of(T... items) {
        return traverseArray(items);
    }

    /**
     * A traverser over the given items; {@code null} items are skipped.
     *
     * <pre>{@code
     * stage.flatMap(i -> Traversers.traverseItems(i, -i))
     * }</pre>
     *
     * @param items the items, read in order; the array is not copied
     * @param <T>   item type
     * @return the new traverser
     */
    @SafeVarargs
    @SuppressWarnings("varargs") // traverseArray only reads the array
    public static <T> Traverser<T> traverseItems(T... items) {
        return traverseArray(items);
    }

    /**
     * A traverser over an array's elements; {@code null} elements are skipped. The array is read as
     * the traverser advances, not copied.
     *
     * <pre>{@code
     * stage.flatMap(line -> Traversers.traverseArray(line.split(" ")))
     * }</pre>
     *
     * @param array the elements
     * @param <T>   item type
     * @return the new traverser
     */
    public static <T> Traverser<T> traverseArray(T[] array) {
        Objects.requireNonNull(array, "array must not be null");
        return new Traverser<>() {
            private int i;

            @Override
            public T next() {
                while (i < array.length) {
                    T t = array[i++];
                    if (t != null) {
                        return t;
                    }
                }
                return null;
            }
        };
    }

    /**
     * A traverser over an iterable's elements; {@code null} elements are skipped. The iterator is
     * obtained now.
     *
     * <pre>{@code
     * stage.flatMap(order -> Traversers.traverseIterable(order.lines()))
     * }</pre>
     *
     * @param iterable the elements
     * @param <T>      item type
     * @return the new traverser
     */
    public static <T> Traverser<T> traverseIterable(Iterable<? extends T> iterable) {
        Objects.requireNonNull(iterable, "iterable must not be null");
        return traverseIterator(iterable.iterator());
    }

    /**
     * A traverser over an iterator's remaining elements; {@code null} elements are skipped.
     *
     * <pre>{@code
     * Traverser<String> t = Traversers.traverseIterator(names.iterator());
     * }</pre>
     *
     * @param iterator the elements
     * @param <T>      item type
     * @return the new traverser
     */
    public static <T> Traverser<T> traverseIterator(Iterator<? extends T> iterator) {
        return traverseIterator(iterator, true);
    }

    /**
     * A traverser over an iterator's remaining elements, which either skips {@code null} elements
     * or fails on them.
     *
     * <pre>{@code
     * Traverser<String> strict = Traversers.traverseIterator(names.iterator(), false);
     * }</pre>
     *
     * @param iterator    the elements
     * @param ignoreNulls {@code true} to skip {@code null} elements; {@code false} to fail with a
     *                    {@link NullPointerException} on the first one (as Jet's
     *                    {@code traverseIterator(iterator)} does)
     * @param <T>         item type
     * @return the new traverser
     */
    public static <T> Traverser<T> traverseIterator(Iterator<? extends T> iterator, boolean ignoreNulls) {
        Objects.requireNonNull(iterator, "iterator must not be null");
        if (!ignoreNulls) {
            return () -> {
                if (!iterator.hasNext()) {
                    return null;
                }
                T t = iterator.next();
                if (t == null) {
                    throw new NullPointerException("the iterator returned a null element: a traverser ends at null; "
                            + "use traverseIterator(iterator, true) to skip nulls");
                }
                return t;
            };
        }
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

    /**
     * A traverser over a spliterator's remaining elements, one {@code tryAdvance} per element;
     * {@code null} elements are skipped.
     *
     * <pre>{@code
     * Traverser<String> t = Traversers.traverseSpliterator(names.spliterator());
     * }</pre>
     *
     * @param spliterator the elements
     * @param <T>         item type
     * @return the new traverser
     */
    public static <T> Traverser<T> traverseSpliterator(Spliterator<? extends T> spliterator) {
        Objects.requireNonNull(spliterator, "spliterator must not be null");
        return new SpliteratorTraverser<>(spliterator);
    }

    /**
     * A traverser over a stream's elements; {@code null} elements are skipped. It reads the stream
     * through its spliterator, obtained now, and closes the stream when the elements are used up.
     *
     * <pre>{@code
     * stage.flatMap(dir -> Traversers.traverseStream(Files.list(dir)))
     * }</pre>
     *
     * @param stream the elements; this traverser takes it over (the stream's terminal operation)
     * @param <T>    item type
     * @return the new traverser
     */
    public static <T> Traverser<T> traverseStream(Stream<? extends T> stream) {
        Objects.requireNonNull(stream, "stream must not be null");
        Traverser<T> elements = traverseSpliterator(stream.spliterator());
        return elements.onFirstNull(stream::close);
    }

    /**
     * A traverser over an enumeration's remaining elements; {@code null} elements are skipped.
     *
     * <pre>{@code
     * Traverser<ZipEntry> entries = Traversers.traverseEnumeration(zipFile.entries());
     * }</pre>
     *
     * @param enumeration the elements
     * @param <T>         item type
     * @return the new traverser
     */
    public static <T> Traverser<T> traverseEnumeration(Enumeration<? extends T> enumeration) {
        Objects.requireNonNull(enumeration, "enumeration must not be null");
        return () -> {
            while (enumeration.hasMoreElements()) {
                T t = enumeration.nextElement();
                if (t != null) {
                    return t;
                }
            }
            return null;
        };
    }

    /**
     * A traverser that gets its items from the traverser {@code supplier} returns, calling it once,
     * on the first {@code next()}: to defer work (opening a file, a query) until items are wanted.
     *
     * <pre>{@code
     * Traverser<String> lines = Traversers.lazy(() -> Traversers.traverseIterable(loadLines()));
     * }</pre>
     *
     * @param supplier supplies the traverser; may return {@code null} for an empty one
     * @param <T>      item type
     * @return the new traverser
     */
    public static <T> Traverser<T> lazy(Supplier<? extends Traverser<? extends T>> supplier) {
        Objects.requireNonNull(supplier, "supplier must not be null");
        return new Traverser<>() {
            private Supplier<? extends Traverser<? extends T>> pending = supplier;
            private Traverser<? extends T> traverser;

            @Override
            public T next() {
                if (pending != null) {
                    Traverser<? extends T> t = pending.get();
                    pending = null;
                    traverser = t != null ? t : empty();
                }
                return traverser.next();
            }
        };
    }

    /** Holds the element {@code tryAdvance} hands over; one allocation per traverser, not per element. */
    private static final class SpliteratorTraverser<T> implements Traverser<T>, Consumer<T> {
        private final Spliterator<? extends T> spliterator;
        private T element;

        SpliteratorTraverser(Spliterator<? extends T> spliterator) {
            this.spliterator = spliterator;
        }

        @Override
        public T next() {
            while (spliterator.tryAdvance(this)) {
                T t = element;
                element = null;
                if (t != null) {
                    return t;
                }
            }
            return null;
        }

        @Override
        public void accept(T t) {
            element = t;
        }
    }
}
