package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;

/**
 * The operations common to batch and stream stages. {@link BatchStage} (and, for unbounded data,
 * {@code StreamStage}) re-declare them with their own return types.
 *
 * <p>Every function given to a stage must be serializable (it is checked when the stage is
 * added) and stateless: several instances of the stage run it in parallel. A function that
 * throws fails the job with that exception as the cause. A stage used as the input of several
 * stages feeds each of them all of its items (a fork).
 *
 * @param <T> the type of the stage's items
 */
public interface GeneralStage<T> extends Stage {

    /**
     * Maps each item with {@code mapFn}; a {@code null} result drops the item.
     * <pre>{@code
     * BatchStage<String> upper = lines.map(String::toUpperCase);
     * }</pre>
     *
     * @param mapFn stateless, serializable mapping function
     * @return the newly attached stage
     */
    <R> GeneralStage<R> map(FunctionEx<? super T, ? extends R> mapFn);

    /**
     * Keeps only the items for which {@code filterFn} is true.
     * <pre>{@code
     * BatchStage<String> words = tokens.filter(w -> !w.isEmpty());
     * }</pre>
     *
     * @param filterFn stateless, serializable predicate
     * @return the newly attached stage
     */
    GeneralStage<T> filter(PredicateEx<? super T> filterFn);

    /**
     * Replaces each item with the items of the traverser {@code flatMapFn} returns (none, one or
     * many); a {@code null} traverser counts as empty.
     * <pre>{@code
     * BatchStage<String> words = lines.flatMap(line -> Traversers.of(line.split(" ")));
     * }</pre>
     *
     * @param flatMapFn stateless, serializable function
     * @return the newly attached stage
     */
    <R> GeneralStage<R> flatMap(FunctionEx<? super T, ? extends Traverser<R>> flatMapFn);

    /**
     * Maps each item using a service (a client, a cache, a model) that the stage creates once per
     * instance or once per node, as {@code serviceFactory} says; a {@code null} result drops the item.
     * <pre>{@code
     * ServiceFactory<Map<String, String>> names = ServiceFactory.sharedService(ctx -> loadNames());
     * stage.mapUsingService(names, (map, id) -> map.getOrDefault(id, "?"));
     * }</pre>
     *
     * @param serviceFactory creates (and destroys) the service
     * @param mapFn          stateless, serializable function of service and item
     * @return the newly attached stage
     */
    <S, R> GeneralStage<R> mapUsingService(ServiceFactory<S> serviceFactory,
                                            BiFunctionEx<? super S, ? super T, ? extends R> mapFn);

    /**
     * Keeps the items for which {@code filterFn}, given the service, is true.
     *
     * @return the newly attached stage
     * @see #mapUsingService
     */
    <S> GeneralStage<T> filterUsingService(ServiceFactory<S> serviceFactory, BiPredicateEx<? super S, ? super T> filterFn);

    /**
     * Flat-maps each item using a service.
     *
     * @return the newly attached stage
     * @see #mapUsingService
     */
    <S, R> GeneralStage<R> flatMapUsingService(ServiceFactory<S> serviceFactory,
                                                BiFunctionEx<? super S, ? super T, ? extends Traverser<R>> flatMapFn);

    /**
     * Maps each item asynchronously: {@code mapAsyncFn} starts a request with the service and
     * returns a {@link java.util.concurrent.CompletableFuture} of the result, and the stage emits the
     * result when the future completes, without blocking its thread. Same as
     * {@code mapUsingServiceAsync(serviceFactory, 4, true, mapAsyncFn)} (Jet's defaults): at most 4
     * requests in flight per instance, output in input order.
     * <pre>{@code
     * ServiceFactory<HttpClient> http = ServiceFactory.sharedService(ctx -> HttpClient.newHttpClient());
     * stage.mapUsingServiceAsync(http, (client, id) ->
     *         client.sendAsync(request(id), BodyHandlers.ofString()).thenApply(HttpResponse::body));
     * }</pre>
     * <p><i>Emits when:</i> the item's future has completed (and, in order, those of all items
     * before it); a {@code null} future or a {@code null} result drops the item; a future completed
     * exceptionally fails the job with a message naming the stage. <i>Watermarks:</i> held until
     * every item received before them has been emitted. <i>Snapshot state:</i> none; a snapshot
     * waits until the requests in flight have completed and their results were emitted.
     *
     * @param serviceFactory creates (and destroys) the service
     * @param mapAsyncFn     stateless, serializable; must not block
     * @return the newly attached stage
     */
    <S, R> GeneralStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory,
                                                 BiFunctionEx<? super S, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn);

    /**
     * Like {@link #mapUsingServiceAsync(ServiceFactory, BiFunctionEx)}, with the bound on requests
     * in flight per instance and whether the output keeps the input order. Unordered, each result
     * is emitted as soon as its future completes (a slow request does not hold back the others).
     * <pre>{@code
     * stage.mapUsingServiceAsync(lookup, 16, false, (client, id) -> client.getAsync(id));
     * }</pre>
     *
     * @param maxConcurrentOps the most requests in flight per instance; positive
     * @param preserveOrder    whether results are emitted in input order
     * @return the newly attached stage
     * @throws IllegalArgumentException if {@code maxConcurrentOps} is not positive
     */
    <S, R> GeneralStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory, int maxConcurrentOps, boolean preserveOrder,
                                                 BiFunctionEx<? super S, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn);

    /**
     * Like {@link #mapUsingServiceAsync(ServiceFactory, BiFunctionEx)}, but the function gets a list
     * of up to {@code maxBatchSize} items (as many as are waiting, so fewer when input is slow) and
     * returns a future of a list with one result per item, in the same order ({@code null} drops an
     * item). At most 4 requests in flight per instance; output in input order.
     * <pre>{@code
     * stage.mapUsingServiceAsyncBatched(db, 100, (client, ids) -> client.multiGetAsync(ids));
     * }</pre>
     *
     * @param maxBatchSize the most items per call; positive
     * @return the newly attached stage
     * @throws IllegalArgumentException if {@code maxBatchSize} is not positive
     */
    <S, R> GeneralStage<R> mapUsingServiceAsyncBatched(ServiceFactory<S> serviceFactory, int maxBatchSize,
            BiFunctionEx<? super S, ? super java.util.List<T>, ? extends java.util.concurrent.CompletableFuture<java.util.List<R>>> mapAsyncFn);

    /**
     * Enriches each item with the matching items of a batch stage (the build side, read in full
     * before any item of this stage). Left outer join: an item with no match is given
     * {@code null} for the right value; an item with several matches produces one output each.
     * <pre>{@code
     * BatchStage<Trade> trades = ...;
     * BatchStage<Map.Entry<String, Company>> companies = ...;
     * trades.hashJoin(companies, JoinClause.joinMapEntries(Trade::symbol),
     *                 (trade, company) -> new EnrichedTrade(trade, company));
     * }</pre>
     *
     * @param stage1        the build side
     * @param joinClause    how to key both sides and what to take of the right item
     * @param mapToOutputFn combines an item with its match (or {@code null}); a {@code null} result drops it
     * @return the newly attached stage
     */
    <K, T1_IN, T1, R> GeneralStage<R> hashJoin(BatchStage<T1_IN> stage1,
                                                 JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                 BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);

    /**
     * Like {@link #hashJoin} but an item without a match is dropped (inner join).
     *
     * @return the newly attached stage
     */
    <K, T1_IN, T1, R> GeneralStage<R> innerHashJoin(BatchStage<T1_IN> stage1,
                                                      JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                      BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);

    /**
     * Left outer join with two build sides at once; see {@link #hashJoin}.
     *
     * @return the newly attached stage
     */
    <K1, K2, T1_IN, T2_IN, T1, T2, R> GeneralStage<R> hashJoin2(
            BatchStage<T1_IN> stage1, JoinClause<K1, ? super T, ? super T1_IN, ? extends T1> joinClause1,
            BatchStage<T2_IN> stage2, JoinClause<K2, ? super T, ? super T2_IN, ? extends T2> joinClause2,
            io.sluice.engine.function.TriFunction<? super T, ? super T1, ? super T2, ? extends R> mapToOutputFn);

    /**
     * Returns a builder of a left outer hash join with any number of build sides (Jet's
     * {@code hashJoinBuilder}); see {@link GeneralHashJoinBuilder}.
     * <pre>{@code
     * GeneralHashJoinBuilder<Trade> b = trades.hashJoinBuilder();
     * Tag<Company> companyTag = b.add(companies, JoinClause.joinMapEntries(Trade::symbol));
     * GeneralStage<String> out = b.build((trade, matches) -> trade + " " + matches.get(companyTag));
     * }</pre>
     *
     * @return a new builder
     */
    GeneralHashJoinBuilder<T> hashJoinBuilder();

    /**
     * Groups the items by {@code keyFn} for keyed operations ({@code aggregate}, {@code distinct},
     * later stateful mapping and windows). The key must not be {@code null} and must have proper
     * {@code equals}/{@code hashCode}.
     *
     * @param keyFn stateless, serializable key extractor
     * @return a stage with a grouping key
     */
    <K> GeneralStageWithKey<T, K> groupingKey(FunctionEx<? super T, ? extends K> keyFn);

    /**
     * Spreads the items evenly over all instances of the next stage (batch by batch), instead of
     * fusing the next stage into this one.
     *
     * @return the newly attached stage
     */
    GeneralStage<T> rebalance();

    /**
     * Sends each item to the instance of the next stage that owns its key's partition.
     *
     * @param keyFn stateless, serializable key extractor; must not return {@code null}
     * @return the newly attached stage
     */
    <K> GeneralStage<T> rebalance(FunctionEx<? super T, ? extends K> keyFn);

    /**
     * Attaches a stage that runs a processor of your own, with this stage as input ordinal 0.
     *
     * @param stageName name of the stage
     * @param processorSupplier creates one processor per instance
     * @return the newly attached stage
     */
    <R> GeneralStage<R> customTransform(String stageName, ProcessorSupplier processorSupplier);

    /**
     * Maps each item using one state object for the whole stage, created by {@code createFn}
     * (Jet's {@code mapStateful}); {@code mapFn} may update the state. A {@code null} result drops
     * the item. With one global state the stage runs as a single instance (local parallelism 1, an
     * all-to-one edge into it), so it sees every item; group first
     * ({@code groupingKey(..).mapStateful(..)}) for a state per key that runs in parallel.
     * <pre>{@code
     * // number the items: (index, item)
     * stage.mapStateful(LongAccumulator::new, (counter, item) -> Tuple2.tuple2(counter.add(1).get() - 1, item))
     * }</pre>
     * <p><i>Emits when:</i> for every item, {@code mapFn}'s result (keeping the item's timestamp on
     * a stream with event time). <i>Snapshot state:</i> the state object (must be serializable).
     *
     * @param createFn creates the state object; serializable
     * @param mapFn    stateless, serializable function of state and item; may modify the state
     * @return the newly attached stage
     */
    <S, R> GeneralStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                        BiFunctionEx<? super S, ? super T, ? extends R> mapFn);

    /**
     * Keeps the items for which {@code filterFn}, given the one state object of the stage, is true;
     * see {@link #mapStateful(SupplierEx, BiFunctionEx)}.
     * <pre>{@code
     * // keep every 10th item
     * stage.filterStateful(LongAccumulator::new, (counter, item) -> counter.add(1).get() % 10 == 1)
     * }</pre>
     *
     * @param createFn creates the state object; serializable
     * @param filterFn stateless, serializable predicate of state and item; may modify the state
     * @return the newly attached stage
     */
    <S> GeneralStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn);

    /**
     * Flat-maps each item using the one state object of the stage; see
     * {@link #mapStateful(SupplierEx, BiFunctionEx)}. A {@code null} traverser counts as empty.
     * <pre>{@code
     * // after every 100 items, also emit a marker
     * stage.flatMapStateful(LongAccumulator::new, (counter, item) -> counter.add(1).get() % 100 == 0
     *         ? Traversers.of(item, "marker") : Traversers.singleton(item))
     * }</pre>
     *
     * @param createFn  creates the state object; serializable
     * @param flatMapFn stateless, serializable function of state and item; may modify the state
     * @return the newly attached stage
     */
    <S, R> GeneralStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                            BiFunctionEx<? super S, ? super T, ? extends Traverser<R>> flatMapFn);

    /**
     * Emits, for each item, the aggregate of all items so far (a running total), as Jet's
     * {@code rollingAggregate}. Runs as a single instance, like
     * {@link #mapStateful(SupplierEx, BiFunctionEx)}.
     * <pre>{@code
     * numbers.rollingAggregate(AggregateOperations.summingLong(n -> n))   // 2, 7, 8, -5 -> 2, 9, 17, 12
     * }</pre>
     * <p><i>Snapshot state:</i> the accumulator.
     *
     * @param aggrOp the aggregate operation (arity 1)
     * @return the newly attached stage
     */
    <A, R> GeneralStage<R> rollingAggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp);

    /**
     * Logs every item passing through at INFO and passes it on unchanged (Jet's {@code peek()}), as
     * {@code "<job>#<instance>: <item>"} on the logger {@code io.sluice.peek.<stage name>} (SLF4J;
     * set the level of that logger to see or silence the lines). A debugging aid: it costs a log
     * line per item. Fused into the stage before it; on a stream with event time it logs the items,
     * not the timestamps.
     * <pre>{@code
     * p.readFrom(source).map(String::trim).peek().filter(s -> !s.isEmpty())
     * }</pre>
     *
     * @return the newly attached stage, with the same items
     */
    GeneralStage<T> peek();

    /**
     * Like {@link #peek()}, with {@code toStringFn} turning an item into the text logged.
     * <pre>{@code
     * trades.peek(t -> t.symbol() + " x " + t.qty())
     * }</pre>
     *
     * @param toStringFn stateless, serializable function; not called when INFO is off for the logger
     * @return the newly attached stage, with the same items
     */
    GeneralStage<T> peek(FunctionEx<? super T, ? extends CharSequence> toStringFn);

    /**
     * Like {@link #peek()}, logging only the items for which {@code shouldLogFn} is true, as the text
     * {@code toStringFn} makes of them. All items pass on unchanged.
     * <pre>{@code
     * trades.peek(t -> t.qty() > 1000, t -> "big trade " + t)
     * }</pre>
     *
     * @param shouldLogFn stateless, serializable predicate choosing the items to log
     * @param toStringFn  stateless, serializable function making the logged text
     * @return the newly attached stage, with the same items
     */
    GeneralStage<T> peek(PredicateEx<? super T> shouldLogFn, FunctionEx<? super T, ? extends CharSequence> toStringFn);

    /**
     * Writes every item to {@code sink}. A pipeline needs at least one sink, and every branch
     * must end in one.
     *
     * @return the sink stage
     */
    SinkStage writeTo(Sink<? super T> sink);

    @Override
    GeneralStage<T> setName(String name);

    @Override
    GeneralStage<T> setLocalParallelism(int localParallelism);
}
