package io.sluice.engine.pipeline;

/**
 * Where a {@link SourceBuilder} source's {@code fillBufferFn} puts items.
 *
 * @param <T> item type
 */
public interface SourceBuffer<T> {
    /** Adds an item ({@code null} not allowed). */
    void add(T item);

    /** Signals that the source is exhausted; {@code fillBufferFn} will not be called again. */
    void close();

    /** The number of items added in the current call. */
    int size();
}
