package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.KeyedWindowResult;

/**
 * A keyed stream stage with a window definition: one aggregate per key and window, computed in
 * two stages (each instance accumulates per slide frame, then frames are combined on the
 * instance owning the key). See {@link StageWithWindow} for emission and watermark rules.
 *
 * @param <T> item type
 * @param <K> key type
 */
public interface StageWithKeyAndWindow<T, K> {

    /** The window definition. */
    WindowDefinition windowDefinition();

    /**
     * Aggregates each key's items per window.
     * <pre>{@code
     * trades.groupingKey(Trade::symbol)
     *       .window(WindowDefinition.sliding(10_000, 1_000))
     *       .aggregate(AggregateOperations.summingLong(Trade::quantity))
     * }</pre>
     *
     * @return the newly attached stage
     */
    <A, R> StreamStage<KeyedWindowResult<K, R>> aggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp);

    /**
     * Co-aggregates with another keyed stream ({@code aggrOp} of arity 2; input 0 is this stage).
     *
     * @return the newly attached stage
     */
    <T1, A, R> StreamStage<KeyedWindowResult<K, R>> aggregate2(StreamStageWithKey<T1, K> stage1,
                                                               AggregateOperation<A, ? extends R> aggrOp);

    /** Co-aggregates three keyed streams; {@code aggrOp} must have arity 3. */
    <T1, T2, A, R> StreamStage<KeyedWindowResult<K, R>> aggregate3(StreamStageWithKey<T1, K> stage1,
                                                                   StreamStageWithKey<T2, K> stage2,
                                                                   AggregateOperation<A, ? extends R> aggrOp);

    /** Sends late items to {@code sink} instead of dropping them. */
    StageWithKeyAndWindow<T, K> lateItemsTo(Sink<? super T> sink);
}
