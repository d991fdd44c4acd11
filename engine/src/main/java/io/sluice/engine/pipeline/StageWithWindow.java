package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.FunctionEx;

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

    /** The stage this window definition was applied to (input 0 of the aggregation to come). */
    StreamStage<T> streamStage();

    /**
     * Adds a grouping key after the window definition, as Jet allows: {@code
     * stage.window(def).groupingKey(fn)} is the same as {@code stage.groupingKey(fn).window(def)}
     * and gives the same results. A sink given to {@link #lateItemsTo} before is kept.
     * <pre>{@code
     * trades.window(WindowDefinition.tumbling(1_000))
     *       .groupingKey(Trade::symbol)
     *       .aggregate(AggregateOperations.counting())
     * }</pre>
     *
     * @param keyFn extracts the grouping key; must be stateless, must not return {@code null}
     * @param <K>   key type
     * @return the keyed windowed stage
     */
    <K> StageWithKeyAndWindow<T, K> groupingKey(FunctionEx<? super T, ? extends K> keyFn);

    /**
     * Emits each distinct item of each window once, as {@code WindowResult(start, end, item)}:
     * items are equal by {@code equals}; which one of several equal items is emitted is
     * unspecified. Runs keyed by the whole item, so it spreads over all instances; with session
     * windows, as in Jet, each distinct item therefore has sessions of its own.
     * <pre>{@code
     * StreamStage<WindowResult<String>> usersPerMinute =
     *         logins.map(Login::user).window(WindowDefinition.tumbling(60_000)).distinct();
     * }</pre>
     *
     * @return the newly attached stage
     */
    StreamStage<WindowResult<T>> distinct();

    /**
     * Aggregates this stream with {@code aggrOp0} and {@code stage1} with {@code aggrOp1}, window
     * by window, and emits both results together: {@code WindowResult(start, end, (r0, r1))}. A
     * window is emitted if either stream has items in it (the other's result is then that of an
     * empty accumulator). Late items of {@code stage1} are dropped.
     * <pre>{@code
     * StreamStage<WindowResult<Tuple2<Long, Long>>> visitsAndCarts = pageVisits
     *         .window(WindowDefinition.sliding(60_000, 1_000))
     *         .aggregate2(AggregateOperations.counting(), addToCarts, AggregateOperations.counting());
     * }</pre>
     *
     * @param aggrOp0 the operation on this stage's items
     * @param stage1  the other stream; must have timestamps
     * @param aggrOp1 the operation on {@code stage1}'s items
     * @return the newly attached stage
     */
    <T1, R0, R1> StreamStage<WindowResult<Tuple2<R0, R1>>> aggregate2(
            AggregateOperation1<? super T, ?, ? extends R0> aggrOp0,
            StreamStage<T1> stage1,
            AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1);

    /**
     * Aggregates this stream and two more, each with its own operation, window by window, and
     * emits the three results together: {@code WindowResult(start, end, (r0, r1, r2))}.
     * <pre>{@code
     * StreamStage<WindowResult<Tuple3<Long, Long, Long>>> funnel = pageVisits
     *         .window(WindowDefinition.tumbling(60_000))
     *         .aggregate3(counting(), addToCarts, counting(), payments, counting());
     * }</pre>
     *
     * @return the newly attached stage
     */
    <T1, T2, R0, R1, R2> StreamStage<WindowResult<Tuple3<R0, R1, R2>>> aggregate3(
            AggregateOperation1<? super T, ?, ? extends R0> aggrOp0,
            StreamStage<T1> stage1,
            AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1,
            StreamStage<T2> stage2,
            AggregateOperation1<? super T2, ?, ? extends R2> aggrOp2);

    /**
     * A builder for a windowed co-aggregation of any number of streams, each with its own
     * operation; this stage is input 0, aggregated with {@code aggrOp0}. Results come as
     * {@code WindowResult(start, end, itemsByTag)}.
     * <pre>{@code
     * WindowAggregateBuilder<Long> b = visits.window(WindowDefinition.tumbling(1_000))
     *         .aggregateBuilder(AggregateOperations.counting());
     * Tag<Long> visitsTag = b.tag0();
     * Tag<Long> cartsTag = b.add(carts, AggregateOperations.counting());
     * Tag<Long> paidTag = b.add(payments, AggregateOperations.summingLong(Payment::cents));
     * StreamStage<WindowResult<ItemsByTag>> funnel = b.build();
     * }</pre>
     *
     * @param aggrOp0 the operation on this stage's items
     * @param <R0>    its result type
     * @return a new builder
     */
    <R0> WindowAggregateBuilder<R0> aggregateBuilder(AggregateOperation1<? super T, ?, ? extends R0> aggrOp0);

    /**
     * A builder for a windowed co-aggregation of any number of streams with one multi-input
     * operation, whose input {@code i} is the stage whose tag has index {@code i} (this stage is
     * input 0).
     * <pre>{@code
     * WindowAggregateBuilder1<Visit> b = visits.window(WindowDefinition.tumbling(1_000)).aggregateBuilder();
     * Tag<Visit> visitTag = b.tag0();
     * Tag<Cart> cartTag = b.add(carts);
     * StreamStage<WindowResult<Long>> weighted = b.build(AggregateOperation
     *         .withCreate(LongAccumulator::new)
     *         .<Visit>andAccumulate0((acc, v) -> acc.add(1))
     *         .<Cart>andAccumulate1((acc, c) -> acc.add(10))
     *         .andCombine(LongAccumulator::add)
     *         .andExportFinish(LongAccumulator::get));
     * }</pre>
     * The operation's arity must equal the number of stages (this one and those added); its
     * {@code accumulateFn(tag)} takes the items of the stage with that tag.
     *
     * @return a new builder
     */
    WindowAggregateBuilder1<T> aggregateBuilder();

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
