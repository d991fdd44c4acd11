package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.FunctionEx;

/**
 * A keyed stream stage with a window definition: one aggregate per key and window, computed in
 * two stages (each instance accumulates per slide frame, then frames are combined on the
 * instance owning the key); with early results, session windows or an operation without
 * {@code combineFn}, in one stage on the instance owning the key. See {@link StageWithWindow} for
 * emission and watermark rules.
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

    /** The stage the grouping key and window definition were applied to (input 0 of the aggregation to come). */
    StreamStage<T> streamStage();

    /** The grouping key function. */
    FunctionEx<? super T, ? extends K> keyFn();

    /**
     * Emits one item per distinct key per window, as {@code KeyedWindowResult(start, end, key,
     * item)}; which of the key's items in the window is emitted is unspecified.
     * <pre>{@code
     * StreamStage<KeyedWindowResult<String, Login>> firstLoginPerUserAndHour = logins
     *         .groupingKey(Login::user)
     *         .window(WindowDefinition.tumbling(3_600_000))
     *         .distinct();
     * }</pre>
     *
     * @return the newly attached stage
     */
    StreamStage<KeyedWindowResult<K, T>> distinct();

    /**
     * Aggregates this stream with {@code aggrOp0} and the keyed {@code stage1} with
     * {@code aggrOp1}, per key and window, and emits both results together: {@code
     * KeyedWindowResult(start, end, key, (r0, r1))}. A key is emitted for a window if either
     * stream has items of it there (the other's result is then that of an empty accumulator).
     * <pre>{@code
     * StreamStage<KeyedWindowResult<Long, Tuple2<Long, Long>>> bidsAndPrices = bids
     *         .groupingKey(Bid::auction)
     *         .window(WindowDefinition.tumbling(10_000))
     *         .aggregate2(counting(), auctions.groupingKey(Auction::id), summingLong(Auction::reserve));
     * }</pre>
     *
     * @param aggrOp0 the operation on this stage's items
     * @param stage1  the other keyed stream (keys of the same type); must have timestamps
     * @param aggrOp1 the operation on {@code stage1}'s items
     * @return the newly attached stage
     */
    <T1, R0, R1> StreamStage<KeyedWindowResult<K, Tuple2<R0, R1>>> aggregate2(
            AggregateOperation1<? super T, ?, ? extends R0> aggrOp0,
            StreamStageWithKey<T1, K> stage1,
            AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1);

    /**
     * Aggregates this keyed stream and two more, each with its own operation, per key and window,
     * and emits the three results together: {@code KeyedWindowResult(start, end, key, (r0, r1, r2))}.
     * <pre>{@code
     * visits.groupingKey(Visit::user).window(WindowDefinition.tumbling(60_000))
     *       .aggregate3(counting(), carts.groupingKey(Cart::user), counting(),
     *                   payments.groupingKey(Payment::user), summingLong(Payment::cents));
     * }</pre>
     *
     * @return the newly attached stage
     */
    <T1, T2, R0, R1, R2> StreamStage<KeyedWindowResult<K, Tuple3<R0, R1, R2>>> aggregate3(
            AggregateOperation1<? super T, ?, ? extends R0> aggrOp0,
            StreamStageWithKey<T1, K> stage1,
            AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1,
            StreamStageWithKey<T2, K> stage2,
            AggregateOperation1<? super T2, ?, ? extends R2> aggrOp2);

    /**
     * A builder for a keyed windowed co-aggregation of any number of keyed streams, each with its
     * own operation; this stage is input 0, aggregated with {@code aggrOp0}. Results come as
     * {@code KeyedWindowResult(start, end, key, itemsByTag)}.
     * <pre>{@code
     * WindowGroupAggregateBuilder<String, Long> b = visits.groupingKey(Visit::user)
     *         .window(WindowDefinition.tumbling(1_000))
     *         .aggregateBuilder(AggregateOperations.counting());
     * Tag<Long> visitsTag = b.tag0();
     * Tag<Long> cartsTag = b.add(carts.groupingKey(Cart::user), AggregateOperations.counting());
     * StreamStage<KeyedWindowResult<String, ItemsByTag>> perUser = b.build();
     * }</pre>
     *
     * @param aggrOp0 the operation on this stage's items
     * @param <R0>    its result type
     * @return a new builder
     */
    <R0> WindowGroupAggregateBuilder<K, R0> aggregateBuilder(AggregateOperation1<? super T, ?, ? extends R0> aggrOp0);

    /**
     * A builder for a keyed windowed co-aggregation of any number of keyed streams with one
     * multi-input operation, whose input {@code i} is the stage whose tag has index {@code i}
     * (this stage is input 0). The operation's arity must equal the number of stages.
     * <pre>{@code
     * WindowGroupAggregateBuilder1<Visit, String> b = visits.groupingKey(Visit::user)
     *         .window(WindowDefinition.tumbling(1_000))
     *         .aggregateBuilder();
     * Tag<Cart> cartTag = b.add(carts.groupingKey(Cart::user));
     * StreamStage<KeyedWindowResult<String, Long>> events = b.build(AggregateOperation
     *         .withCreate(LongAccumulator::new)
     *         .<Visit>andAccumulate0((acc, v) -> acc.add(1))
     *         .<Cart>andAccumulate1((acc, c) -> acc.add(1))
     *         .andCombine(LongAccumulator::add)
     *         .andExportFinish(LongAccumulator::get));
     * }</pre>
     *
     * @return a new builder
     */
    WindowGroupAggregateBuilder1<T, K> aggregateBuilder();

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
