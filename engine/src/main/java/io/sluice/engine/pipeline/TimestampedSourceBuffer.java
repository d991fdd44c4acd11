package io.sluice.engine.pipeline;

/**
 * Where the {@code fillBufferFn} of a {@link SourceBuilder#timestampedStream timestamped stream
 * source} puts items, each with its own (native) event timestamp. The timestamps become the
 * items' event time when the source stage says {@code withNativeTimestamps(allowedLag)}; other
 * event-time choices ignore them.
 *
 * <pre>{@code
 * (consumer, buf) -> {
 *     for (Message m : consumer.poll()) {
 *         buf.add(m.payload(), m.publishTimeMillis());
 *     }
 * }
 * }</pre>
 *
 * @param <T> item type
 */
public interface TimestampedSourceBuffer<T> extends SourceBuffer<T> {

    /**
     * Adds an item with its event timestamp.
     *
     * @param item            the item, not {@code null}
     * @param timestampMillis the item's event time in milliseconds
     */
    void add(T item, long timestampMillis);

    /**
     * Not for items with native timestamps when the stage uses them: a source stage with
     * {@code withNativeTimestamps} fails the job if an item arrives without a timestamp. With any
     * other event-time choice it adds the item like {@link SourceBuffer#add}.
     */
    @Override
    void add(T item);
}
