package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.function.TriPredicate;

import java.util.List;
import java.util.concurrent.CompletableFuture;

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
     * Emits one item per distinct key (the first one seen by the instance owning the key; which
     * one is not defined when several instances see the key).
     *
     * @return the newly attached stage
     */
    BatchStage<T> distinct();

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
