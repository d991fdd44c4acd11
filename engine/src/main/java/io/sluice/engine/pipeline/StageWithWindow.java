package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.BiFunctionEx;

/**
 * A stream stage with a window definition (non-keyed: one aggregate per window).
 *
 * <p><i>Emits when:</i> the watermark passes a window's end (and every early-results period for
 * open windows). <i>Watermarks:</i> forwarded after the results they close; results carry the
 * timestamp {@code end - 1}, so a following window stage puts them into the window with the same
 * end. <i>Snapshot state:</i> the open windows' accumulators.
 *
 * @param <T> item type
 */
public interface StageWithWindow<T> {

    /** The window definition. */
    WindowDefinition windowDefinition();

    /**
     * Aggregates each window's items. Items behind the watermark (late) are dropped and counted,
     * or sent to the sink given to {@link #lateItemsTo}.
     *
     * @return the newly attached stage
     */
    <A, R> StreamStage<WindowResult<R>> aggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp);

    /**
     * Aggregates this stream and {@code stage1} together, window by window (co-aggregation):
     * {@code aggrOp} must have arity 2; input 0 is this stage.
     *
     * @return the newly attached stage
     */
    <T1, A, R> StreamStage<WindowResult<R>> aggregate2(StreamStage<T1> stage1, AggregateOperation<A, ? extends R> aggrOp);

    /** Co-aggregates three streams; {@code aggrOp} must have arity 3. */
    <T1, T2, A, R> StreamStage<WindowResult<R>> aggregate3(StreamStage<T1> stage1, StreamStage<T2> stage2,
                                                          AggregateOperation<A, ? extends R> aggrOp);

    /** Sends late items to {@code sink} instead of dropping them. */
    StageWithWindow<T> lateItemsTo(Sink<? super T> sink);

    /**
     * Joins this stream (left) with {@code right} on the keys of {@code joinClause}: every left
     * item with every right item whose key is equal and that falls into the same window. The
     * window must be tumbling (with sliding windows a pair would share several windows; for
     * "within N ms of each other" use {@link StreamStageWithKey#intervalJoin}). Each pair is joined
     * once; {@code mapToOutputFn} may return {@code null} to drop a pair.
     * <pre>{@code
     * StreamStage<Tuple2<Order, Payment>> paid = orders
     *         .window(WindowDefinition.tumbling(60_000))
     *         .join(payments, JoinClause.onKeys(Order::id, Payment::orderId), Tuple2::tuple2);
     * }</pre>
     * <p><i>Emits when:</i> as soon as the second item of a pair arrives, stamped with the left
     * item's timestamp. <i>Watermarks:</i> the input watermark, held back to the oldest left item
     * that may still join (at most one window), so no result is late downstream. <i>Late
     * items</i> (behind the watermark) are dropped and counted. <i>Snapshot state:</i> the items of
     * the open windows, per key; a window's items are released when the watermark passes its end.
     *
     * @param right         the right stream; must have timestamps
     * @param joinClause    the left and right keys and what is kept of a right item
     * @param mapToOutputFn {@code (left, right) -> output}; stateless
     * @return the newly attached stage
     * @throws IllegalArgumentException if the window is not tumbling or has early results
     */
    <K, T1_IN, T1, R> StreamStage<R> join(StreamStage<T1_IN> right,
                                          JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                          BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);

    /**
     * Like {@link #join(StreamStage, JoinClause, BiFunctionEx)}, and a left item that joined no
     * right item in its window is emitted once as {@code mapToOutputFn(left, null)} when the
     * watermark passes the window's end (or when a finite stream ends).
     * <pre>{@code
     * orders.window(WindowDefinition.tumbling(60_000))
     *       .leftOuterJoin(payments, JoinClause.onKeys(Order::id, Payment::orderId),
     *                      (order, payment) -> payment == null ? "unpaid " + order.id() : null)
     * }</pre>
     *
     * @return the newly attached stage
     */
    <K, T1_IN, T1, R> StreamStage<R> leftOuterJoin(StreamStage<T1_IN> right,
                                                   JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                   BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);
}
