package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.function.TriPredicate;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A stream stage with a grouping key: keyed state and keyed windows. State is kept per key on
 * the instance that owns the key's partition.
 *
 * @param <T> item type
 * @param <K> key type
 */
public interface StreamStageWithKey<T, K> extends GeneralStageWithKey<T, K> {

    /**
     * Maps each item using the state of its key, created by {@code createFn} on the key's first
     * item. A {@code null} result drops the item.
     * <pre>{@code
     * trades.groupingKey(Trade::symbol)
     *       .mapStateful(LongAccumulator::new, (acc, symbol, t) -> { acc.add(t.qty()); return acc.get(); })
     * }</pre>
     * <p><i>Snapshot state:</i> the per-key state objects (must be serializable).
     *
     * @return the newly attached stage
     */
    <S, R> StreamStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                      TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn);

    /**
     * Like {@link #mapStateful(SupplierEx, TriFunction)}, but a key's state is evicted when the
     * watermark passes its last item's timestamp by {@code ttl}; {@code onEvictFn} may then emit a
     * last item for the key (or {@code null}).
     *
     * <p><i>Emits when:</i> for every item, {@code mapFn}'s result; when a key is evicted,
     * {@code onEvictFn}'s result, stamped with the watermark. When a finite stream ends, every key
     * still held is evicted with watermark {@code Long.MAX_VALUE} (as in Jet), so its last item is
     * not lost. <i>Watermarks:</i> forwarded after the eviction output they cause; items behind the
     * watermark are dropped (their state may be gone).
     *
     * @param ttl       event-time to live of a key's state; positive (requires timestamps)
     * @param onEvictFn called with (state, key, watermark) on eviction; may be {@code null}
     * @return the newly attached stage
     * @throws IllegalArgumentException if {@code ttl} is not positive
     * @throws IllegalStateException    if the stage has no timestamps
     */
    <S, R> StreamStage<R> mapStateful(long ttl, SupplierEx<? extends S> createFn,
                                      TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn,
                                      TriFunction<? super S, ? super K, Long, ? extends R> onEvictFn);

    /** Filters with per-key state; see {@link #mapStateful(SupplierEx, TriFunction)}. */
    <S> StreamStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn);

    /** Filters with per-key state evicted after {@code ttl} of event time. */
    <S> StreamStage<T> filterStateful(long ttl, SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn);

    /** Flat-maps with per-key state; see {@link #mapStateful(SupplierEx, TriFunction)}. */
    <S, R> StreamStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                          TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn);

    /**
     * Flat-maps with per-key state evicted after {@code ttl}; {@code onEvictFn} may emit items (also
     * for every key still held when a finite stream ends, with watermark {@code Long.MAX_VALUE}).
     */
    <S, R> StreamStage<R> flatMapStateful(long ttl, SupplierEx<? extends S> createFn,
                                          TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn,
                                          TriFunction<? super S, ? super K, Long, ? extends Traverser<R>> onEvictFn);

    /**
     * Emits, for each item, {@code KeyedResult(key, aggregate of the key's items so far)}, with the
     * item's timestamp.
     * <pre>{@code
     * trades.groupingKey(Trade::symbol).rollingAggregate(AggregateOperations.summingLong(Trade::qty))
     * }</pre>
     * <p><i>Snapshot state:</i> one accumulator per key.
     *
     * @return the newly attached stage
     */
    <A, R> StreamStage<KeyedResult<K, R>> rollingAggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp);

    /**
     * Like {@link #mapStateful(SupplierEx, TriFunction)}, and after each item {@code deleteStateFn}
     * is tested with the key's (updated) state: {@code true} removes the state at once, so the key's
     * next item starts from a fresh {@code createFn()}. Frees the state of keys that are finished
     * (a session closed by its logout event) without waiting for an event-time TTL, and works on a
     * stream without timestamps. Not in Jet, whose only way to drop a key's state is the TTL.
     * <pre>{@code
     * // events per session; a session's state is removed at its logout
     * events.groupingKey(Event::sessionId)
     *       .mapStateful(() -> new long[2],                                   // {count, closed}
     *                    (st, id, e) -> { st[0]++; st[1] = e.isLogout() ? 1 : 0; return st[0]; },
     *                    st -> st[1] == 1)
     * }</pre>
     * <p><i>Snapshot state:</i> the states not removed.
     *
     * @param deleteStateFn stateless, serializable predicate of the state, called after each item of the key
     * @return the newly attached stage
     */
    <S, R> StreamStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                      TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn,
                                      PredicateEx<? super S> deleteStateFn);

    /**
     * Filters with per-key state, removing a key's state when {@code deleteStateFn} is true for it
     * after an item; see {@link #mapStateful(SupplierEx, TriFunction, PredicateEx)}.
     *
     * @return the newly attached stage
     */
    <S> StreamStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn,
                                      PredicateEx<? super S> deleteStateFn);

    /**
     * Flat-maps with per-key state, removing a key's state when {@code deleteStateFn} is true for it
     * after an item; see {@link #mapStateful(SupplierEx, TriFunction, PredicateEx)}.
     *
     * @return the newly attached stage
     */
    <S, R> StreamStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                          TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn,
                                          PredicateEx<? super S> deleteStateFn);

    /**
     * Attaches a stage that runs a processor of your own, with its input partitioned by the
     * grouping key: all items of a key reach the same instance (Jet's keyed {@code customTransform}).
     * On a stage with timestamps the processor receives {@code TimestampedItem}s (partitioned by the
     * key of the inner item) and must emit {@code TimestampedItem}s.
     * <pre>{@code
     * events.groupingKey(Event::user).customTransform("dedup", ctx -> new MyDedupP())
     * }</pre>
     *
     * @param stageName         name of the stage
     * @param processorSupplier creates one processor per instance; serializable
     * @return the newly attached stage
     */
    <R> StreamStage<R> customTransform(String stageName, ProcessorSupplier processorSupplier);

    /**
     * Groups each key's items into event-time windows.
     *
     * @throws IllegalStateException if the stage has no timestamps
     */
    StageWithKeyAndWindow<T, K> window(WindowDefinition windowDefinition);

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
    <S, R> StreamStage<R> mapUsingService(ServiceFactory<S> serviceFactory,
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
    <S> StreamStage<T> filterUsingService(ServiceFactory<S> serviceFactory, TriPredicate<? super S, ? super K, ? super T> filterFn);

    /**
     * Flat-maps each item using a service and the item's key; items are partitioned by key as in
     * {@link #mapUsingService(ServiceFactory, TriFunction)}; a {@code null} traverser counts as empty.
     *
     * @return the newly attached stage
     */
    <S, R> StreamStage<R> flatMapUsingService(ServiceFactory<S> serviceFactory,
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
    <S, R> StreamStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory,
            TriFunction<? super S, ? super K, ? super T, ? extends CompletableFuture<R>> mapAsyncFn);

    /**
     * The keyed {@code mapUsingServiceAsync} with the bound on requests in flight per instance and
     * whether the output keeps the input order.
     *
     * @param maxConcurrentOps the most requests in flight per instance; positive
     * @param preserveOrder    whether results are emitted in input order
     * @return the newly attached stage
     */
    <S, R> StreamStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory, int maxConcurrentOps, boolean preserveOrder,
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
    <S, R> StreamStage<R> mapUsingServiceAsyncBatched(ServiceFactory<S> serviceFactory, int maxBatchSize,
            TriFunction<? super S, ? super List<K>, ? super List<T>, ? extends CompletableFuture<List<R>>> mapAsyncFn);

    /**
     * Interval join (as Flink's {@code intervalJoin(..).between(..)}): joins each left item (this
     * stream) with every right item of the same key whose timestamp lies in
     * {@code [left.ts + lowerBound, left.ts + upperBound]} (both inclusive), each pair once.
     * <pre>{@code
     * // a click within 10 s after its impression
     * impressions.groupingKey(Impression::id)
     *            .intervalJoin(clicks.groupingKey(Click::impressionId), 0, 10_000,
     *                          (impression, click) -> Tuple2.tuple2(impression, click))
     * }</pre>
     * <p><i>Emits when:</i> as soon as the second item of a pair arrives, stamped with the left
     * item's timestamp. <i>Watermarks:</i> the input watermark, held back to the oldest left item
     * that may still join (by at most {@code upperBound}), so no result is late downstream.
     * <i>Late items</i> (behind the watermark) are dropped and counted. <i>Snapshot state:</i> the
     * held items per key: a left item until the watermark passes {@code ts + upperBound}, a right
     * item until it passes {@code ts - lowerBound}.
     *
     * @param right         the right stream with its key; must have timestamps
     * @param lowerBound    the lowest {@code right.ts - left.ts} that joins; may be negative
     * @param upperBound    the highest {@code right.ts - left.ts} that joins; not below {@code lowerBound}
     * @param mapToOutputFn {@code (left, right) -> output}, {@code null} drops the pair; stateless
     * @return the newly attached stage
     */
    <T1, R> StreamStage<R> intervalJoin(StreamStageWithKey<T1, K> right, long lowerBound, long upperBound,
                                        BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);

    /**
     * Like {@link #intervalJoin}, and a left item that joined no right item is emitted once as
     * {@code mapToOutputFn(left, null)}, stamped with its timestamp, when the watermark passes
     * {@code left.ts + upperBound} (or when a finite stream ends).
     * <pre>{@code
     * impressions.groupingKey(Impression::id)
     *            .leftOuterIntervalJoin(clicks.groupingKey(Click::impressionId), 0, 10_000,
     *                                   (impression, click) -> click != null)   // clicked?
     * }</pre>
     *
     * @return the newly attached stage
     */
    <T1, R> StreamStage<R> leftOuterIntervalJoin(StreamStageWithKey<T1, K> right, long lowerBound, long upperBound,
                                                 BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);
}
