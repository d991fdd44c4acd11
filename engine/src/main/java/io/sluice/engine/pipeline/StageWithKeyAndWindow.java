package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.function.BiFunctionEx;

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

    /**
     * Joins this keyed stream (left) with another stream keyed the same way: every left item with
     * every right item of the same key in the same tumbling window, each pair once. See
     * {@link StageWithWindow#join} for emission, watermarks and state.
     * <pre>{@code
     * orders.groupingKey(Order::id)
     *       .window(WindowDefinition.tumbling(60_000))
     *       .join(payments.groupingKey(Payment::orderId), (order, payment) -> order.amount() - payment.amount())
     * }</pre>
     *
     * @param right         the right stream with its key (from {@code groupingKey}); must have timestamps
     * @param mapToOutputFn {@code (left, right) -> output}, {@code null} drops the pair; stateless
     * @return the newly attached stage
     * @throws IllegalArgumentException if the window is not tumbling or has early results
     */
    <T1, R> StreamStage<R> join(StreamStageWithKey<T1, K> right, BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);

    /**
     * Like {@link #join(StreamStageWithKey, BiFunctionEx)}, and a left item that joined nothing in
     * its window is emitted as {@code mapToOutputFn(left, null)} when the watermark passes the
     * window's end.
     *
     * @return the newly attached stage
     */
    <T1, R> StreamStage<R> leftOuterJoin(StreamStageWithKey<T1, K> right,
                                         BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);
}
