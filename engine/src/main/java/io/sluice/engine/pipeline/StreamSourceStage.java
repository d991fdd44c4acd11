package io.sluice.engine.pipeline;

import io.sluice.engine.function.ToLongFunctionEx;

/**
 * The stage right after a stream source: say where event time comes from before anything else.
 *
 * <pre>{@code
 * StreamStage<Trade> trades = p.readFrom(tradeSource).withTimestamps(Trade::time, 50);
 * }</pre>
 *
 * @param <T> item type
 */
public interface StreamSourceStage<T> {

    /**
     * Event time is {@code timestampFn(item)}; the watermark trails the highest timestamp seen
     * by {@code allowedLag} (per runner), so items up to that much out of order are on time.
     *
     * @param timestampFn stateless, serializable timestamp extractor (milliseconds)
     * @param allowedLag  how far behind the highest timestamp an item may be; not negative
     * @return the stream stage
     */
    StreamStage<T> withTimestamps(ToLongFunctionEx<? super T> timestampFn, long allowedLag);

    /**
     * Event time is the timestamp the source attaches to each item.
     *
     * @throws IllegalArgumentException if the source has no native timestamps, or {@code allowedLag} is negative
     */
    StreamStage<T> withNativeTimestamps(long allowedLag);

    /** Event time is the wall-clock time when the source emitted the item (no disorder). */
    StreamStage<T> withIngestionTimestamps();

    /** No event time: windows are not available until {@code withTimestamps} is added later. */
    StreamStage<T> withoutTimestamps();
}
