package io.sluice.engine.pipeline;

/**
 * A one-pass sequence of non-null items, ended by {@code null}: what a {@code flatMap} function
 * returns. Cheaper than an {@code Iterator} (one call per item) and easy to write as a lambda.
 *
 * <pre>{@code
 * stage.flatMap(line -> Traversers.of(line.split(" ")))
 * }</pre>
 *
 * @param <T> item type
 */
@FunctionalInterface
public interface Traverser<T> {
    /** The next item, or {@code null} when there are no more. */
    T next();
}
