package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.ToLongFunctionEx;
import io.sluice.engine.function.TriFunction;

/**
 * A stage of a streaming (unbounded) pipeline. Stateless operations keep each item's timestamp;
 * watermarks flow in-band and a stage with several inputs forwards their minimum.
 *
 * @param <T> the type of the stage's items
 */
public interface StreamStage<T> extends GeneralStage<T> {

    /**
     * Assigns (new) event timestamps with {@code timestampFn} and derives watermarks, replacing
     * any earlier ones; see {@link StreamSourceStage#withTimestamps}. Fused into the stage before it.
     * <pre>{@code
     * p.readFrom(source).withoutTimestamps().map(Trade::parse).withTimestamps(Trade::time, 100)
     * }</pre>
     * <p><i>Emits when:</i> for every item, the item with its new timestamp. <i>Watermarks:</i> its
     * own (highest timestamp seen by the instance minus {@code allowedLag}); earlier watermarks stop
     * here. <i>Snapshot state:</i> none.
     *
     * @return the newly attached stage
     */
    StreamStage<T> withTimestamps(ToLongFunctionEx<? super T> timestampFn, long allowedLag);

    /**
     * Groups items into event-time windows for {@code aggregate}.
     * <pre>{@code
     * stage.window(WindowDefinition.tumbling(1000)).aggregate(AggregateOperations.counting())
     * }</pre>
     *
     * @throws IllegalStateException if this stage has no timestamps (add withTimestamps first)
     */
    StageWithWindow<T> window(WindowDefinition windowDefinition);

    /**
     * Merges another stream into this one (watermark: the minimum of both). Both must have
     * timestamps, or neither.
     *
     * @return the newly attached stage
     */
    StreamStage<T> merge(StreamStage<? extends T> other);

    /**
     * Maps each item using a state object created by {@code createFn} (one state for the whole
     * stream: the stage runs as a single instance). A {@code null} result drops the item.
     * <p><i>Snapshot state:</i> the state object (must be serializable).
     *
     * @return the newly attached stage
     */
    <S, R> StreamStage<R> mapStateful(SupplierEx<? extends S> createFn, BiFunctionEx<? super S, ? super T, ? extends R> mapFn);

    /** Filters with a state object; see {@link #mapStateful}. */
    <S> StreamStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn);

    /** Flat-maps with a state object; see {@link #mapStateful}. */
    <S, R> StreamStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                          BiFunctionEx<? super S, ? super T, ? extends Traverser<R>> flatMapFn);

    /**
     * Emits, for each item, the aggregate of all items so far (a running total). Runs as a single
     * instance; the output keeps each item's timestamp.
     * <pre>{@code
     * StreamStage<Long> runningCount = events.rollingAggregate(AggregateOperations.counting());
     * }</pre>
     * <p><i>Snapshot state:</i> the accumulator.
     *
     * @return the newly attached stage
     */
    <A, R> StreamStage<R> rollingAggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp);

    @Override
    <K> StreamStageWithKey<T, K> groupingKey(FunctionEx<? super T, ? extends K> keyFn);

    @Override
    <R> StreamStage<R> map(FunctionEx<? super T, ? extends R> mapFn);

    @Override
    StreamStage<T> filter(PredicateEx<? super T> filterFn);

    @Override
    <R> StreamStage<R> flatMap(FunctionEx<? super T, ? extends Traverser<R>> flatMapFn);

    @Override
    <S, R> StreamStage<R> mapUsingService(ServiceFactory<S> serviceFactory,
                                           BiFunctionEx<? super S, ? super T, ? extends R> mapFn);

    @Override
    <S> StreamStage<T> filterUsingService(ServiceFactory<S> serviceFactory, BiPredicateEx<? super S, ? super T> filterFn);

    @Override
    <S, R> StreamStage<R> flatMapUsingService(ServiceFactory<S> serviceFactory,
                                               BiFunctionEx<? super S, ? super T, ? extends Traverser<R>> flatMapFn);

    @Override
    <K, T1_IN, T1, R> StreamStage<R> hashJoin(BatchStage<T1_IN> stage1,
                                                JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);

    @Override
    <K, T1_IN, T1, R> StreamStage<R> innerHashJoin(BatchStage<T1_IN> stage1,
                                                     JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                     BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);

    @Override
    <S, R> StreamStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory,
            BiFunctionEx<? super S, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn);

    @Override
    <S, R> StreamStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory, int maxConcurrentOps, boolean preserveOrder,
            BiFunctionEx<? super S, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn);

    @Override
    <S, R> StreamStage<R> mapUsingServiceAsyncBatched(ServiceFactory<S> serviceFactory, int maxBatchSize,
            BiFunctionEx<? super S, ? super java.util.List<T>, ? extends java.util.concurrent.CompletableFuture<java.util.List<R>>> mapAsyncFn);

    @Override
    StreamHashJoinBuilder<T> hashJoinBuilder();

    @Override
    <K1, K2, T1_IN, T2_IN, T1, T2, R> StreamStage<R> hashJoin2(
            BatchStage<T1_IN> stage1, JoinClause<K1, ? super T, ? super T1_IN, ? extends T1> joinClause1,
            BatchStage<T2_IN> stage2, JoinClause<K2, ? super T, ? super T2_IN, ? extends T2> joinClause2,
            TriFunction<? super T, ? super T1, ? super T2, ? extends R> mapToOutputFn);

    @Override
    StreamStage<T> rebalance();

    @Override
    <K> StreamStage<T> rebalance(FunctionEx<? super T, ? extends K> keyFn);

    /**
     * {@inheritDoc}
     * <p>On a stage with timestamps the processor receives {@code TimestampedItem}s and must emit
     * {@code TimestampedItem}s; watermarks are forwarded after its {@code tryProcessWatermark}.
     */
    @Override
    <R> StreamStage<R> customTransform(String stageName, ProcessorSupplier processorSupplier);

    @Override
    StreamStage<T> peek();

    @Override
    StreamStage<T> peek(FunctionEx<? super T, ? extends CharSequence> toStringFn);

    @Override
    StreamStage<T> peek(PredicateEx<? super T> shouldLogFn, FunctionEx<? super T, ? extends CharSequence> toStringFn);

    @Override
    StreamStage<T> setName(String name);

    /**
     * Applies a reusable piece of pipeline to this stage, so that it reads in the chain (as Jet's
     * {@code apply}). {@code transformFn} is called once, now, with this stage and returns the
     * stage it attached (or this stage); it runs while the pipeline is built, so only the functions
     * it passes to the stages it adds travel with the job.
     * <pre>{@code
     * static StreamStage<String> cleaned(StreamStage<String> lines) {
     *     return lines.map(String::trim).filter(l -> !l.isEmpty());
     * }
     * p.readFrom(source).apply(MyPipelines::cleaned).writeTo(sink);
     * }</pre>
     *
     * @param transformFn the piece of pipeline; must not return {@code null}
     * @param <R>         the type of the returned stage's items
     * @return the stage {@code transformFn} returned
     */
    default <R> StreamStage<R> apply(java.util.function.Function<? super StreamStage<T>, ? extends StreamStage<R>> transformFn) {
        java.util.Objects.requireNonNull(transformFn, "transformFn must not be null");
        StreamStage<R> result = transformFn.apply(this);
        if (result == null) {
            throw new IllegalArgumentException("transformFn of apply(..) returned null; return the stage it attached"
                    + " (or the stage it was given)");
        }
        return result;
    }

    @Override
    StreamStage<T> setLocalParallelism(int localParallelism);
}
