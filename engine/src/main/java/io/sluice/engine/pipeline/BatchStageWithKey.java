package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.function.TriPredicate;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import java.util.Objects;

/**
 * A batch stage with a grouping key.
 *
 * @param <T> item type
 * @param <K> key type
 */
public interface BatchStageWithKey<T, K> extends GeneralStageWithKey<T, K> {

    /**
     * Aggregates the items of each key and emits one {@link KeyedResult} per key when the input
     * is exhausted. Runs in two stages: each instance accumulates what it sees, then partial
     * results are sent, partitioned by key, to the instance that combines them.
     * <pre>{@code
     * BatchStage<KeyedResult<String, Long>> counts = words.groupingKey(w -> w).aggregate(AggregateOperations.counting());
     * }</pre>
     *
     * @param aggrOp the aggregate operation
     * @return the newly attached stage
     */
    <A, R> BatchStage<KeyedResult<K, R>> aggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp);

    /**
     * Co-groups this stage's items (input 0) and {@code stage1}'s (input 1) by key, each input
     * grouped by its own key function, and aggregates each key's items of both with one two-input
     * operation; emits one {@link KeyedResult} per key seen in either input when both are exhausted.
     * Input {@code i} is accumulated with {@code aggrOp.accumulateFn(i)}; a key present in only one
     * input gets an accumulator with nothing of the other. Runs in two stages if {@code aggrOp} has
     * a {@code combineFn}, else in one (all items partitioned by key).
     * <pre>{@code
     * BatchStage<KeyedResult<String, Tuple2<Long, Long>>> perUser = visits.groupingKey(Visit::user)
     *         .aggregate2(payments.groupingKey(Payment::user),
     *                 aggregateOperation2(counting(), summingLong(Payment::amount)));
     * }</pre>
     *
     * @param stage1 the other input, a keyed stage of the same pipeline whose keys are compared with
     *               {@code equals} to this stage's keys
     * @param aggrOp an operation of arity 2; serializable
     * @return the newly attached stage
     */
    <T1, A, R> BatchStage<KeyedResult<K, R>> aggregate2(BatchStageWithKey<T1, ? extends K> stage1,
                                                        AggregateOperation<A, ? extends R> aggrOp);

    /**
     * Co-groups this stage, aggregated with {@code aggrOp0}, and {@code stage1}, aggregated with
     * {@code aggrOp1}, by key; emits {@code KeyedResult(key, Tuple2(result0, result1))} per key. See
     * {@link #aggregate2(BatchStageWithKey, AggregateOperation)}.
     * <pre>{@code
     * BatchStage<KeyedResult<String, Tuple2<Long, Long>>> perUser = visits.groupingKey(Visit::user)
     *         .aggregate2(counting(), payments.groupingKey(Payment::user), summingLong(Payment::amount));
     * }</pre>
     *
     * @return the newly attached stage
     */
    default <T1, R0, R1> BatchStage<KeyedResult<K, Tuple2<R0, R1>>> aggregate2(
            AggregateOperation1<? super T, ?, ? extends R0> aggrOp0,
            BatchStageWithKey<T1, ? extends K> stage1, AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1) {
        Objects.requireNonNull(aggrOp0, "aggrOp0 must not be null");
        Objects.requireNonNull(aggrOp1, "aggrOp1 must not be null");
        return aggregate2(stage1, AggregateOperations.<T, T1, Object, Object, R0, R1>aggregateOperation2(
                uncheckedOp(aggrOp0), uncheckedOp(aggrOp1)));
    }

    /**
     * Co-groups this stage (input 0), {@code stage1} (input 1) and {@code stage2} (input 2) by key and
     * aggregates each key's items with one three-input operation; see
     * {@link #aggregate2(BatchStageWithKey, AggregateOperation)}.
     * <pre>{@code
     * BatchStage<KeyedResult<String, Tuple3<Long, Long, Long>>> funnel = visits.groupingKey(Visit::user)
     *         .aggregate3(carts.groupingKey(Cart::user), payments.groupingKey(Payment::user),
     *                 aggregateOperation3(counting(), counting(), counting()));
     * }</pre>
     *
     * @return the newly attached stage
     */
    <T1, T2, A, R> BatchStage<KeyedResult<K, R>> aggregate3(BatchStageWithKey<T1, ? extends K> stage1,
                                                            BatchStageWithKey<T2, ? extends K> stage2,
                                                            AggregateOperation<A, ? extends R> aggrOp);

    /**
     * Co-groups three stages by key, each aggregated with its own operation; emits
     * {@code KeyedResult(key, Tuple3(result0, result1, result2))} per key. See
     * {@link #aggregate2(BatchStageWithKey, AggregateOperation)}.
     * <pre>{@code
     * visits.groupingKey(Visit::user).aggregate3(counting(), carts.groupingKey(Cart::user), counting(),
     *         payments.groupingKey(Payment::user), summingLong(Payment::amount));
     * }</pre>
     *
     * @return the newly attached stage
     */
    default <T1, T2, R0, R1, R2> BatchStage<KeyedResult<K, Tuple3<R0, R1, R2>>> aggregate3(
            AggregateOperation1<? super T, ?, ? extends R0> aggrOp0,
            BatchStageWithKey<T1, ? extends K> stage1, AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1,
            BatchStageWithKey<T2, ? extends K> stage2, AggregateOperation1<? super T2, ?, ? extends R2> aggrOp2) {
        Objects.requireNonNull(aggrOp0, "aggrOp0 must not be null");
        Objects.requireNonNull(aggrOp1, "aggrOp1 must not be null");
        Objects.requireNonNull(aggrOp2, "aggrOp2 must not be null");
        return aggregate3(stage1, stage2,
                AggregateOperations.<T, T1, T2, Object, Object, Object, R0, R1, R2>aggregateOperation3(
                        uncheckedOp(aggrOp0), uncheckedOp(aggrOp1), uncheckedOp(aggrOp2)));
    }

    /**
     * Returns a builder of a stage that co-groups this stage and any number of other keyed stages by
     * key and aggregates them with one multi-input operation; this stage is input {@code tag0()}.
     * See {@link GroupAggregateBuilder1}.
     *
     * @return a new builder
     */
    GroupAggregateBuilder1<T, K> aggregateBuilder();

    /**
     * Returns a builder of a stage that co-groups this stage, aggregated with {@code aggrOp0}, and any
     * number of other keyed stages, each with its own operation, by key into
     * {@code KeyedResult(key, ItemsByTag)}. See {@link GroupAggregateBuilder}.
     * <pre>{@code
     * GroupAggregateBuilder<String, Long> b = visits.groupingKey(Visit::user).aggregateBuilder(counting());
     * Tag<Long> paid = b.add(payments.groupingKey(Payment::user), summingLong(Payment::amount));
     * BatchStage<KeyedResult<String, ItemsByTag>> perUser = b.build();
     * }</pre>
     *
     * @param aggrOp0 the operation on this stage's items
     * @return a new builder
     */
    <R0> GroupAggregateBuilder<K, R0> aggregateBuilder(AggregateOperation1<? super T, ?, ? extends R0> aggrOp0);

    /** Treats an operation with a wildcard accumulator as one over {@code Object}; only for passing it on. */
    @SuppressWarnings("unchecked")
    private static <T, R> AggregateOperation1<T, Object, R> uncheckedOp(AggregateOperation1<? super T, ?, ? extends R> op) {
        return (AggregateOperation1<T, Object, R>) op;
    }

    /**
     * Emits one item per distinct key (the first one seen by the instance owning the key; which
     * one is not defined when several instances see the key).
     *
     * @return the newly attached stage
     */
    BatchStage<T> distinct();

    /**
     * Maps each item using the state of its key, created by {@code createFn} on the key's first
     * item (Jet's keyed {@code mapStateful}); {@code mapFn} may update the state. A {@code null}
     * result drops the item. Items are partitioned by key, so the instances run in parallel and
     * each key's items reach {@code mapFn} in the order the input delivered them.
     * <pre>{@code
     * // the running total of each customer's orders, with each order
     * orders.groupingKey(Order::customer)
     *       .mapStateful(LongAccumulator::new, (sum, customer, o) -> Tuple2.tuple2(o, sum.add(o.amount()).get()))
     * }</pre>
     * <p><i>Emits when:</i> for every item, {@code mapFn}'s result. The states are dropped when the
     * input ends. <i>Snapshot state:</i> the per-key state objects (must be serializable). At most
     * {@code maxProcessorAccumulatedRecords} keys per instance.
     *
     * @param createFn creates a key's state; serializable
     * @param mapFn    stateless, serializable function of (state, key, item); may modify the state
     * @return the newly attached stage
     */
    <S, R> BatchStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                     TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn);

    /**
     * Like {@link #mapStateful(SupplierEx, TriFunction)}, and after each item {@code deleteStateFn}
     * is tested with the key's (updated) state: {@code true} removes the state, so the key's next
     * item starts from a fresh {@code createFn()}. Use it to free the state of keys that are
     * finished, for example orders or sessions closed by an end marker. (Not in Jet, whose only way to drop a key's
     * state is the event-time TTL of the stream form.)
     * <pre>{@code
     * // each order's running total; its state is removed after the order's last line
     * lines.groupingKey(Line::orderId)
     *      .mapStateful(() -> new long[2],                                   // {total, done}
     *                   (st, id, l) -> { st[0] += l.amount(); st[1] = l.last() ? 1 : 0; return st[0]; },
     *                   st -> st[1] == 1)
     * }</pre>
     *
     * @param deleteStateFn stateless, serializable predicate of the state, called after the key's item
     * @return the newly attached stage
     */
    <S, R> BatchStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                     TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn,
                                     PredicateEx<? super S> deleteStateFn);

    /**
     * Keeps the items for which {@code filterFn}, given the state of the item's key, is true; see
     * {@link #mapStateful(SupplierEx, TriFunction)}.
     * <pre>{@code
     * // the first 3 items of each key
     * items.groupingKey(Item::key).filterStateful(LongAccumulator::new, (count, item) -> count.add(1).get() <= 3)
     * }</pre>
     *
     * @param createFn creates a key's state; serializable
     * @param filterFn stateless, serializable predicate of (state, item); may modify the state
     * @return the newly attached stage
     */
    <S> BatchStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn);

    /**
     * Like {@link #filterStateful(SupplierEx, BiPredicateEx)}, removing a key's state when
     * {@code deleteStateFn} is true for it after an item; see
     * {@link #mapStateful(SupplierEx, TriFunction, PredicateEx)}.
     *
     * @return the newly attached stage
     */
    <S> BatchStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn,
                                     PredicateEx<? super S> deleteStateFn);

    /**
     * Flat-maps each item using the state of its key; see {@link #mapStateful(SupplierEx, TriFunction)}.
     * A {@code null} traverser counts as empty.
     * <pre>{@code
     * // after every 10th item of a key, also emit a marker for the key
     * items.groupingKey(Item::key).flatMapStateful(LongAccumulator::new, (count, key, item) ->
     *         count.add(1).get() % 10 == 0 ? Traversers.of(item, "marker " + key) : Traversers.singleton(item))
     * }</pre>
     *
     * @param createFn  creates a key's state; serializable
     * @param flatMapFn stateless, serializable function of (state, key, item); may modify the state
     * @return the newly attached stage
     */
    <S, R> BatchStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                         TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn);

    /**
     * Like {@link #flatMapStateful(SupplierEx, TriFunction)}, removing a key's state when
     * {@code deleteStateFn} is true for it after an item; see
     * {@link #mapStateful(SupplierEx, TriFunction, PredicateEx)}.
     *
     * @return the newly attached stage
     */
    <S, R> BatchStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                         TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn,
                                         PredicateEx<? super S> deleteStateFn);

    /**
     * Emits, for each item, {@code KeyedResult(key, aggregate of the key's items so far)} (Jet's
     * keyed {@code rollingAggregate}).
     * <pre>{@code
     * trades.groupingKey(Trade::symbol).rollingAggregate(AggregateOperations.summingLong(Trade::qty))
     * }</pre>
     * <p><i>Snapshot state:</i> one accumulator per key.
     *
     * @param aggrOp the aggregate operation (arity 1)
     * @return the newly attached stage
     */
    <A, R> BatchStage<KeyedResult<K, R>> rollingAggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp);

    /**
     * Attaches a stage that runs a processor of your own, with its input partitioned by the
     * grouping key: all items of a key reach the same instance (Jet's keyed {@code customTransform}).
     * <pre>{@code
     * events.groupingKey(Event::user).customTransform("dedup", ctx -> new MyDedupP())
     * }</pre>
     *
     * @param stageName         name of the stage
     * @param processorSupplier creates one processor per instance; serializable
     * @return the newly attached stage
     */
    <R> BatchStage<R> customTransform(String stageName, ProcessorSupplier processorSupplier);

    /**
     * Maps each item using a service and the item's grouping key. Items are partitioned by key,
     * so all items of a key reach the same stage instance and its service (a non-shared service
     * can then cache per key); a {@code null} result drops the item.
     * <pre>{@code
     * orders.groupingKey(Order::customerId)
     *       .mapUsingService(ServiceFactory.nonSharedService(ctx -> new CustomerCache()),
     *                        (cache, customerId, order) -> order.withCustomer(cache.get(customerId)))
     * }</pre>
     *
     * @param serviceFactory creates (and destroys) the service
     * @param mapFn          stateless, serializable function of service, key and item
     * @return the newly attached stage
     */
    <S, R> BatchStage<R> mapUsingService(ServiceFactory<S> serviceFactory,
                                      TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn);

    /**
     * Keeps the items for which {@code filterFn}, given the service, the key and the item, is true;
     * items are partitioned by key as in {@link #mapUsingService(ServiceFactory, TriFunction)}.
     * <pre>{@code
     * events.groupingKey(Event::user).filterUsingService(blocked, (set, user, e) -> !set.contains(user))
     * }</pre>
     *
     * @return the newly attached stage
     */
    <S> BatchStage<T> filterUsingService(ServiceFactory<S> serviceFactory, TriPredicate<? super S, ? super K, ? super T> filterFn);

    /**
     * Flat-maps each item using a service and the item's key; items are partitioned by key as in
     * {@link #mapUsingService(ServiceFactory, TriFunction)}; a {@code null} traverser counts as empty.
     *
     * @return the newly attached stage
     */
    <S, R> BatchStage<R> flatMapUsingService(ServiceFactory<S> serviceFactory,
                                          TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn);

    /**
     * The keyed {@code mapUsingServiceAsync}: items are partitioned by key (all items of a key go
     * to one instance) and the function also gets the key; at most 4 requests in flight per
     * instance, output in input order. See {@link GeneralStage#mapUsingServiceAsync(ServiceFactory, BiFunctionEx)}
     * for emission, watermarks and failures.
     * <pre>{@code
     * orders.groupingKey(Order::customerId)
     *       .mapUsingServiceAsync(client, (c, customerId, order) -> c.lookupAsync(customerId).thenApply(order::with))
     * }</pre>
     *
     * @return the newly attached stage
     */
    <S, R> BatchStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory,
            TriFunction<? super S, ? super K, ? super T, ? extends CompletableFuture<R>> mapAsyncFn);

    /**
     * The keyed {@code mapUsingServiceAsync} with the bound on requests in flight per instance and
     * whether the output keeps the input order.
     *
     * @param maxConcurrentOps the most requests in flight per instance; positive
     * @param preserveOrder    whether results are emitted in input order
     * @return the newly attached stage
     */
    <S, R> BatchStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory, int maxConcurrentOps, boolean preserveOrder,
            TriFunction<? super S, ? super K, ? super T, ? extends CompletableFuture<R>> mapAsyncFn);

    /**
     * The keyed {@code mapUsingServiceAsyncBatched}: the function gets the keys and the items of up
     * to {@code maxBatchSize} items (the two lists match index by index) and returns a future of one
     * result per item, in order ({@code null} drops an item).
     * <pre>{@code
     * orders.groupingKey(Order::customerId)
     *       .mapUsingServiceAsyncBatched(client, 100, (c, ids, orders) -> c.multiGetAsync(ids))
     * }</pre>
     *
     * @param maxBatchSize the most items per call; positive
     * @return the newly attached stage
     */
    <S, R> BatchStage<R> mapUsingServiceAsyncBatched(ServiceFactory<S> serviceFactory, int maxBatchSize,
            TriFunction<? super S, ? super List<K>, ? super List<T>, ? extends CompletableFuture<List<R>>> mapAsyncFn);
}
