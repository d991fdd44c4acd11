package io.sluice.engine.pipeline;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A one-pass sequence of non-null items, ended by {@code null}: what a {@code flatMap} function
 * returns. Cheaper than an {@code Iterator} (one call per item) and easy to write as a lambda.
 * Once {@link #next()} has returned {@code null}, it must keep returning {@code null}.
 *
 * <pre>{@code
 * stage.flatMap(line -> Traversers.traverseArray(line.split(" ")).filter(w -> !w.isEmpty()).map(String::toLowerCase))
 * }</pre>
 *
 * <p>The combinators ({@link #map}, {@link #filter}, {@link #flatMap}, {@link #takeWhile},
 * {@link #dropWhile}, {@link #append}, {@link #prepend}, {@link #peek}, {@link #onFirstNull}) have
 * Hazelcast Jet's names and semantics. They are lazy: they consume nothing when called, and each
 * {@code next()} of the returned traverser pulls from this one only as far as it needs. They take
 * over this traverser: use the returned one and stop calling this one. A traverser is used by one
 * thread at a time and is not serializable; its functions are plain {@code java.util.function}
 * types for that reason. Every argument must be non-null ({@link NullPointerException} naming it
 * otherwise).
 *
 * @param <T> item type
 */
@FunctionalInterface
public interface Traverser<T> {
    /** The next item, or {@code null} when there are no more. */
    T next();

    /**
     * A traverser of {@code mapFn} applied to each item; an item for which {@code mapFn} returns
     * {@code null} is skipped, so {@code mapFn} can filter as well.
     *
     * <pre>{@code
     * Traverser<Integer> lengths = Traversers.traverseItems("a", "bb").map(String::length);   // 1, 2
     * }</pre>
     *
     * @param mapFn maps one item; may return {@code null} to drop it
     * @param <R>   result item type
     * @return the new traverser
     */
    default <R> Traverser<R> map(Function<? super T, ? extends R> mapFn) {
        Objects.requireNonNull(mapFn, "mapFn must not be null");
        return () -> {
            for (T t; (t = next()) != null; ) {
                R r = mapFn.apply(t);
                if (r != null) {
                    return r;
                }
            }
            return null;
        };
    }

    /**
     * A traverser of the items that match {@code filterFn}.
     *
     * <pre>{@code
     * Traverser<String> nonEmpty = Traversers.traverseItems("a", "", "b").filter(s -> !s.isEmpty());   // a, b
     * }</pre>
     *
     * @param filterFn whether to keep an item
     * @return the new traverser
     */
    default Traverser<T> filter(Predicate<? super T> filterFn) {
        Objects.requireNonNull(filterFn, "filterFn must not be null");
        return () -> {
            for (T t; (t = next()) != null; ) {
                if (filterFn.test(t)) {
                    return t;
                }
            }
            return null;
        };
    }

    /**
     * A traverser of all the items of the traversers that {@code flatMapFn} returns for each item,
     * in order. As in a {@code flatMap} stage, a {@code null} traverser counts as an empty one.
     *
     * <pre>{@code
     * Traverser<String> words = Traversers.traverseItems("a b", "c").flatMap(l -> Traversers.traverseArray(l.split(" ")));
     * }</pre>
     *
     * @param flatMapFn the traverser of one item's results; may return {@code null} for none
     * @param <R>       result item type
     * @return the new traverser
     */
    default <R> Traverser<R> flatMap(Function<? super T, ? extends Traverser<? extends R>> flatMapFn) {
        Objects.requireNonNull(flatMapFn, "flatMapFn must not be null");
        return new Traverser<>() {
            private Traverser<? extends R> current = Traversers.empty();

            @Override
            public R next() {
                for (;;) {
                    R r = current.next();
                    if (r != null) {
                        return r;
                    }
                    T t = Traverser.this.next();
                    if (t == null) {
                        current = Traversers.empty();
                        return null;
                    }
                    Traverser<? extends R> inner = flatMapFn.apply(t);
                    current = inner != null ? inner : Traversers.empty();
                }
            }
        };
    }

    /**
     * A traverser of the items up to, not including, the first one that fails {@code predicate};
     * that item and all after it are dropped.
     *
     * <pre>{@code
     * Traverser<Integer> head = Traversers.traverseItems(1, 2, 5, 1).takeWhile(i -> i < 3);   // 1, 2
     * }</pre>
     *
     * @param predicate whether to go on
     * @return the new traverser
     */
    default Traverser<T> takeWhile(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate must not be null");
        return new Traverser<>() {
            private boolean taking = true;

            @Override
            public T next() {
                if (!taking) {
                    return null;
                }
                T t = Traverser.this.next();
                taking = t != null && predicate.test(t);
                return taking ? t : null;
            }
        };
    }

    /**
     * A traverser that skips the items before the first one that fails {@code predicate}, and
     * returns that one and all after it.
     *
     * <pre>{@code
     * Traverser<Integer> tail = Traversers.traverseItems(1, 2, 5, 1).dropWhile(i -> i < 3);   // 5, 1
     * }</pre>
     *
     * @param predicate whether to keep skipping
     * @return the new traverser
     */
    default Traverser<T> dropWhile(Predicate<? super T> predicate) {
        Objects.requireNonNull(predicate, "predicate must not be null");
        return new Traverser<>() {
            private boolean dropping = true;

            @Override
            public T next() {
                if (!dropping) {
                    return Traverser.this.next();
                }
                for (T t; (t = Traverser.this.next()) != null; ) {
                    if (!predicate.test(t)) {
                        dropping = false;
                        return t;
                    }
                }
                return null;
            }
        };
    }

    /**
     * A traverser of this one's items followed by {@code item}.
     *
     * <pre>{@code
     * Traverser<String> lines = Traversers.traverseIterable(body).append("-- end");
     * }</pre>
     *
     * @param item the item to add at the end; not {@code null}
     * @return the new traverser
     */
    default Traverser<T> append(T item) {
        Objects.requireNonNull(item, "item must not be null");
        return new Traverser<>() {
            private T appended = item;

            @Override
            public T next() {
                T t = Traverser.this.next();
                if (t != null) {
                    return t;
                }
                t = appended;
                appended = null;
                return t;
            }
        };
    }

    /**
     * A traverser of {@code item} followed by this one's items.
     *
     * <pre>{@code
     * Traverser<String> csv = Traversers.traverseIterable(rows).prepend("id,name");
     * }</pre>
     *
     * @param item the item to add at the start; not {@code null}
     * @return the new traverser
     */
    default Traverser<T> prepend(T item) {
        Objects.requireNonNull(item, "item must not be null");
        return new Traverser<>() {
            private T prepended = item;

            @Override
            public T next() {
                if (prepended == null) {
                    return Traverser.this.next();
                }
                T t = prepended;
                prepended = null;
                return t;
            }
        };
    }

    /**
     * A traverser of the same items that passes each one to {@code action} as it is returned.
     *
     * <pre>{@code
     * Traverser<String> logged = words.peek(w -> System.err.println("word " + w));
     * }</pre>
     *
     * @param action called with each item just before it is returned
     * @return the new traverser
     */
    default Traverser<T> peek(Consumer<? super T> action) {
        Objects.requireNonNull(action, "action must not be null");
        return () -> {
            T t = next();
            if (t != null) {
                action.accept(t);
            }
            return t;
        };
    }

    /**
     * A traverser of the same items that runs {@code action} once, the first time it returns
     * {@code null}: to release a resource when the items are used up.
     *
     * <pre>{@code
     * Stream<String> lines = Files.lines(path);
     * Traverser<String> traverser = Traversers.traverseIterator(lines.iterator()).onFirstNull(lines::close);
     * }</pre>
     *
     * @param action runs once, at the end
     * @return the new traverser
     */
    default Traverser<T> onFirstNull(Runnable action) {
        Objects.requireNonNull(action, "action must not be null");
        return new Traverser<>() {
            private boolean ran;

            @Override
            public T next() {
                T t = Traverser.this.next();
                if (t == null && !ran) {
                    ran = true;
                    action.run();
                }
                return t;
            }
        };
    }
}
