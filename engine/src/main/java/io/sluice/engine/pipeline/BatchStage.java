package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.TriFunction;

/**
 * A stage of a batch (finite) pipeline. Adds the operations that need the end of the input:
 * aggregation, {@code distinct}, {@code sort}.
 *
 * @param <T> the type of the stage's items
 */
public interface BatchStage<T> extends GeneralStage<T> {

    @Override
    <R> BatchStage<R> map(FunctionEx<? super T, ? extends R> mapFn);

    @Override
    BatchStage<T> filter(PredicateEx<? super T> filterFn);

    @Override
    <R> BatchStage<R> flatMap(FunctionEx<? super T, ? extends Traverser<R>> flatMapFn);

    @Override
    <S, R> BatchStage<R> mapUsingService(ServiceFactory<S> serviceFactory,
                                          BiFunctionEx<? super S, ? super T, ? extends R> mapFn);

    @Override
    <S> BatchStage<T> filterUsingService(ServiceFactory<S> serviceFactory, BiPredicateEx<? super S, ? super T> filterFn);

    @Override
    <S, R> BatchStage<R> flatMapUsingService(ServiceFactory<S> serviceFactory,
                                              BiFunctionEx<? super S, ? super T, ? extends Traverser<R>> flatMapFn);

    @Override
    <K, T1_IN, T1, R> BatchStage<R> hashJoin(BatchStage<T1_IN> stage1,
                                               JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                               BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);

    @Override
    <K, T1_IN, T1, R> BatchStage<R> innerHashJoin(BatchStage<T1_IN> stage1,
                                                    JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                    BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn);

    @Override
    <S, R> BatchStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory,
            BiFunctionEx<? super S, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn);

    @Override
    <S, R> BatchStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory, int maxConcurrentOps, boolean preserveOrder,
            BiFunctionEx<? super S, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn);

    @Override
    <S, R> BatchStage<R> mapUsingServiceAsyncBatched(ServiceFactory<S> serviceFactory, int maxBatchSize,
            BiFunctionEx<? super S, ? super java.util.List<T>, ? extends java.util.concurrent.CompletableFuture<java.util.List<R>>> mapAsyncFn);

    @Override
    HashJoinBuilder<T> hashJoinBuilder();

    @Override
    <K1, K2, T1_IN, T2_IN, T1, T2, R> BatchStage<R> hashJoin2(
            BatchStage<T1_IN> stage1, JoinClause<K1, ? super T, ? super T1_IN, ? extends T1> joinClause1,
            BatchStage<T2_IN> stage2, JoinClause<K2, ? super T, ? super T2_IN, ? extends T2> joinClause2,
            TriFunction<? super T, ? super T1, ? super T2, ? extends R> mapToOutputFn);

    @Override
    <K> BatchStageWithKey<T, K> groupingKey(FunctionEx<? super T, ? extends K> keyFn);

    @Override
    BatchStage<T> rebalance();

    @Override
    <K> BatchStage<T> rebalance(FunctionEx<? super T, ? extends K> keyFn);

    @Override
    <R> BatchStage<R> customTransform(String stageName, ProcessorSupplier processorSupplier);

    /**
     * {@inheritDoc}
     * <p>In a batch the state lives until the input ends (then it is dropped); the stage runs as
     * one instance and sees the items in the order its input delivers them.
     */
    @Override
    <S, R> BatchStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                      BiFunctionEx<? super S, ? super T, ? extends R> mapFn);

    @Override
    <S> BatchStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn);

    @Override
    <S, R> BatchStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                          BiFunctionEx<? super S, ? super T, ? extends Traverser<R>> flatMapFn);

    @Override
    <A, R> BatchStage<R> rollingAggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp);

    @Override
    BatchStage<T> peek();

    @Override
    BatchStage<T> peek(FunctionEx<? super T, ? extends CharSequence> toStringFn);

    @Override
    BatchStage<T> peek(PredicateEx<? super T> shouldLogFn, FunctionEx<? super T, ? extends CharSequence> toStringFn);

    /**
     * Merges this stage's items with another stage's (no order between them).
     *
     * @return the newly attached stage
     */
    BatchStage<T> merge(BatchStage<? extends T> other);

    /**
     * Aggregates all items into one result, emitted when the input is exhausted (also for empty
     * input: the result of an empty accumulator). Accumulates in parallel, combines in one instance.
     * <pre>{@code
     * BatchStage<Long> total = numbers.aggregate(AggregateOperations.summingLong(n -> n));
     * }</pre>
     *
     * @return the newly attached stage
     */
    <A, R> BatchStage<R> aggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp);

    /**
     * Emits each distinct item once ({@code equals}/{@code hashCode}).
     *
     * @return the newly attached stage
     */
    BatchStage<T> distinct();

    /**
     * Sorts the items by their natural order (they must be {@link Comparable}). The sorted stage
     * and the stages fused after it run with parallelism 1, so they see the items in order.
     *
     * @return the newly attached stage
     */
    BatchStage<T> sort();

    /**
     * Sorts the items with {@code comparator}; see {@link #sort()}.
     *
     * @param comparator stateless, serializable comparator
     * @return the newly attached stage
     */
    BatchStage<T> sort(ComparatorEx<? super T> comparator);

    @Override
    BatchStage<T> setName(String name);

    /**
     * Applies a reusable piece of pipeline to this stage, so that it reads in the chain (as Jet's
     * {@code apply}). {@code transformFn} is called once, now, with this stage and returns the
     * stage it attached (or this stage); it runs while the pipeline is built, so only the functions
     * it passes to the stages it adds travel with the job.
     * <pre>{@code
     * static BatchStage<String> cleaned(BatchStage<String> lines) {
     *     return lines.map(String::trim).filter(l -> !l.isEmpty());
     * }
     * p.readFrom(source).apply(MyPipelines::cleaned).writeTo(sink);
     * }</pre>
     *
     * @param transformFn the piece of pipeline; must not return {@code null}
     * @param <R>         the type of the returned stage's items
     * @return the stage {@code transformFn} returned
     */
    default <R> BatchStage<R> apply(java.util.function.Function<? super BatchStage<T>, ? extends BatchStage<R>> transformFn) {
        java.util.Objects.requireNonNull(transformFn, "transformFn must not be null");
        BatchStage<R> result = transformFn.apply(this);
        if (result == null) {
            throw new IllegalArgumentException("transformFn of apply(..) returned null; return the stage it attached"
                    + " (or the stage it was given)");
        }
        return result;
    }

    @Override
    BatchStage<T> setLocalParallelism(int localParallelism);
}
