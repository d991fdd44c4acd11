package io.sluice.engine.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.TriFunction;

import java.util.Objects;

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
     * Co-aggregates this stage's items (input 0) and {@code stage1}'s (input 1) with one two-input
     * operation into one result, emitted when both inputs are exhausted (also when they are empty).
     * Input {@code i} is accumulated with {@code aggrOp.accumulateFn(i)}. Runs in two stages if
     * {@code aggrOp} has a {@code combineFn} (accumulate in parallel, combine in one instance), else
     * in one (all items to one instance).
     * <pre>{@code
     * BatchStage<Double> paidPerVisit = visits.aggregate2(payments,
     *         aggregateOperation2(counting(), summingLong(Payment::amount), (v, p) -> (double) p / v));
     * }</pre>
     *
     * @param stage1 the other input, a stage of the same pipeline
     * @param aggrOp an operation of arity 2 (see {@code AggregateOperation.withCreate(..).andAccumulate0(..)
     *               .andAccumulate1(..)} or {@code AggregateOperations.aggregateOperation2}); serializable
     * @return the newly attached stage
     */
    <T1, A, R> BatchStage<R> aggregate2(BatchStage<T1> stage1, AggregateOperation<A, ? extends R> aggrOp);

    /**
     * Co-aggregates this stage with {@code aggrOp0} and {@code stage1} with {@code aggrOp1}, and emits
     * both results as one {@code Tuple2} when both inputs are exhausted; see
     * {@link #aggregate2(BatchStage, AggregateOperation)}.
     * <pre>{@code
     * BatchStage<Tuple2<Long, Long>> visitsAndPaid =
     *         visits.aggregate2(counting(), payments, summingLong(Payment::amount));
     * }</pre>
     *
     * @param aggrOp0 the operation on this stage's items
     * @param stage1  the other input, a stage of the same pipeline
     * @param aggrOp1 the operation on {@code stage1}'s items
     * @return the newly attached stage
     */
    default <T1, R0, R1> BatchStage<Tuple2<R0, R1>> aggregate2(AggregateOperation1<? super T, ?, ? extends R0> aggrOp0,
                                                               BatchStage<T1> stage1,
                                                               AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1) {
        Objects.requireNonNull(aggrOp0, "aggrOp0 must not be null");
        Objects.requireNonNull(aggrOp1, "aggrOp1 must not be null");
        return aggregate2(stage1, AggregateOperations.<T, T1, Object, Object, R0, R1>aggregateOperation2(
                uncheckedOp(aggrOp0), uncheckedOp(aggrOp1)));
    }

    /**
     * Co-aggregates this stage's items (input 0), {@code stage1}'s (input 1) and {@code stage2}'s
     * (input 2) with one three-input operation into one result; see
     * {@link #aggregate2(BatchStage, AggregateOperation)}.
     * <pre>{@code
     * BatchStage<String> funnel = visits.aggregate3(carts, payments,
     *         aggregateOperation3(counting(), counting(), counting(), (v, c, p) -> v + " > " + c + " > " + p));
     * }</pre>
     *
     * @param stage1 input 1, a stage of the same pipeline
     * @param stage2 input 2, a stage of the same pipeline
     * @param aggrOp an operation of arity 3; serializable
     * @return the newly attached stage
     */
    <T1, T2, A, R> BatchStage<R> aggregate3(BatchStage<T1> stage1, BatchStage<T2> stage2,
                                            AggregateOperation<A, ? extends R> aggrOp);

    /**
     * Co-aggregates this stage with {@code aggrOp0}, {@code stage1} with {@code aggrOp1} and
     * {@code stage2} with {@code aggrOp2}, and emits the three results as one {@code Tuple3}; see
     * {@link #aggregate2(BatchStage, AggregateOperation)}.
     * <pre>{@code
     * BatchStage<Tuple3<Long, Long, Long>> counts =
     *         visits.aggregate3(counting(), carts, counting(), payments, summingLong(Payment::amount));
     * }</pre>
     *
     * @return the newly attached stage
     */
    default <T1, T2, R0, R1, R2> BatchStage<Tuple3<R0, R1, R2>> aggregate3(
            AggregateOperation1<? super T, ?, ? extends R0> aggrOp0,
            BatchStage<T1> stage1, AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1,
            BatchStage<T2> stage2, AggregateOperation1<? super T2, ?, ? extends R2> aggrOp2) {
        Objects.requireNonNull(aggrOp0, "aggrOp0 must not be null");
        Objects.requireNonNull(aggrOp1, "aggrOp1 must not be null");
        Objects.requireNonNull(aggrOp2, "aggrOp2 must not be null");
        return aggregate3(stage1, stage2,
                AggregateOperations.<T, T1, T2, Object, Object, Object, R0, R1, R2>aggregateOperation3(
                        uncheckedOp(aggrOp0), uncheckedOp(aggrOp1), uncheckedOp(aggrOp2)));
    }

    /**
     * Returns a builder of a stage that co-aggregates this stage and any number of others with one
     * multi-input operation; this stage is input {@code tag0()}. See {@link AggregateBuilder1}.
     * <pre>{@code
     * AggregateBuilder1<Visit> b = visits.aggregateBuilder();
     * Tag<Payment> paymentIn = b.add(payments);
     * BatchStage<Long> total = b.build(AggregateOperation.withCreate(LongAccumulator::new)
     *         .<Visit>andAccumulate0((acc, v) -> acc.add(1))
     *         .<Payment>andAccumulate1((acc, p) -> acc.add(p.amount()))
     *         .andCombine(LongAccumulator::add)
     *         .andExportFinish(LongAccumulator::get));
     * }</pre>
     *
     * @return a new builder
     */
    AggregateBuilder1<T> aggregateBuilder();

    /**
     * Returns a builder of a stage that co-aggregates this stage, with {@code aggrOp0}, and any number
     * of others, each with its own operation, into an {@code ItemsByTag}. See {@link AggregateBuilder}.
     * <pre>{@code
     * AggregateBuilder<Long> b = visits.aggregateBuilder(counting());
     * Tag<Long> paid = b.add(payments, summingLong(Payment::amount));
     * BatchStage<String> summary = b.build(ibt -> ibt.get(b.tag0()) + " visits, " + ibt.get(paid) + " paid");
     * }</pre>
     *
     * @param aggrOp0 the operation on this stage's items
     * @return a new builder
     */
    <R0> AggregateBuilder<R0> aggregateBuilder(AggregateOperation1<? super T, ?, ? extends R0> aggrOp0);

    /** Treats an operation with a wildcard accumulator as one over {@code Object}; only for passing it on. */
    @SuppressWarnings("unchecked")
    private static <T, R> AggregateOperation1<T, Object, R> uncheckedOp(AggregateOperation1<? super T, ?, ? extends R> op) {
        return (AggregateOperation1<T, Object, R>) op;
    }

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

    /**
     * Adds event time to a finite stage, as Jet's {@code BatchStage.addTimestamps}: each item gets
     * the timestamp {@code timestampFn} returns, watermarks trail the highest timestamp by
     * {@code allowedLag}, and the result is a {@link StreamStage}, so event-time operations
     * (windows, {@code mapStateful} with a TTL) can run on batch input. An item more than
     * {@code allowedLag} behind the highest timestamp before it is late (windows drop it, or route
     * it with {@code lateItemsTo}); the watermark advances before each item, so which items are late
     * does not depend on batching. At the end of the input every open window is emitted.
     * <pre>{@code
     * p.readFrom(Sources.list(trades))
     *  .addTimestamps(Trade::time, 1_000)
     *  .window(WindowDefinition.tumbling(60_000))
     *  .aggregate(AggregateOperations.counting())
     *  .writeTo(sink);
     * }</pre>
     * <p><i>Emits when:</i> for every item, the item with its timestamp. <i>Snapshot state:</i> none.
     *
     * @param timestampFn the event time of an item, typically in milliseconds; stateless, not {@code null}
     * @param allowedLag  how far behind the highest timestamp an item may be and still be on time; not negative
     * @return the newly attached stream stage
     */
    StreamStage<T> addTimestamps(io.sluice.engine.function.ToLongFunctionEx<? super T> timestampFn, long allowedLag);

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
