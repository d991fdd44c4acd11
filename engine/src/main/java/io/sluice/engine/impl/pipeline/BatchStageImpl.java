package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.ComparatorEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.AggregateBuilder;
import io.sluice.engine.pipeline.AggregateBuilder1;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.BatchStageWithKey;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.ServiceFactory;
import io.sluice.engine.pipeline.Traverser;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A stage of a batch pipeline. */
final class BatchStageImpl<T> extends ComputeStageImplBase<T> implements BatchStage<T> {

    BatchStageImpl(PipelineImpl pipeline, AbstractTransform transform) {
        super(pipeline, transform);
    }

    @Override
    BatchStageImpl<?> newStage(AbstractTransform t) {
        return new BatchStageImpl<>(pipeline, t);
    }

    @Override
    public io.sluice.engine.pipeline.StreamStage<T> addTimestamps(io.sluice.engine.function.ToLongFunctionEx<? super T> timestampFn,
                                                                  long allowedLag) {
        Objects.requireNonNull(timestampFn, "timestampFn must not be null: pass a function that returns the item's event time");
        Util.checkSerializable(timestampFn, "timestampFn");
        StreamSourceStageImpl.checkAllowedLag(allowedLag);
        InsertWatermarksTransform t = new InsertWatermarksTransform(transform, timestampFn, allowedLag);
        pipeline.add(t);
        return new StreamStageImpl<>(pipeline, t);
    }

    @Override
    public <R> BatchStage<R> map(FunctionEx<? super T, ? extends R> mapFn) {
        return attachMap(mapFn);
    }

    @Override
    public BatchStage<T> filter(PredicateEx<? super T> filterFn) {
        return attachFilter(filterFn);
    }

    @Override
    public <R> BatchStage<R> flatMap(FunctionEx<? super T, ? extends Traverser<R>> flatMapFn) {
        return attachFlatMap(flatMapFn);
    }

    @Override
    public <S, R> BatchStage<R> mapUsingService(ServiceFactory<S> serviceFactory,
                                                 BiFunctionEx<? super S, ? super T, ? extends R> mapFn) {
        return attachMapUsingService(serviceFactory, mapFn);
    }

    @Override
    public <S> BatchStage<T> filterUsingService(ServiceFactory<S> serviceFactory, BiPredicateEx<? super S, ? super T> filterFn) {
        return attachFilterUsingService(serviceFactory, filterFn);
    }

    @Override
    public <S, R> BatchStage<R> flatMapUsingService(ServiceFactory<S> serviceFactory,
                                                     BiFunctionEx<? super S, ? super T, ? extends Traverser<R>> flatMapFn) {
        return attachFlatMapUsingService(serviceFactory, flatMapFn);
    }

    @Override
    public <K, T1_IN, T1, R> BatchStage<R> hashJoin(BatchStage<T1_IN> stage1,
                                                      JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                      BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn) {
        return attachHashJoin(stage1, joinClause, mapToOutputFn, false);
    }

    @Override
    public <K, T1_IN, T1, R> BatchStage<R> innerHashJoin(BatchStage<T1_IN> stage1,
                                                           JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                           BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn) {
        return attachHashJoin(stage1, joinClause, mapToOutputFn, true);
    }

    @Override
    public <S, R> BatchStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory,
            BiFunctionEx<? super S, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn) {
        return mapUsingServiceAsync(serviceFactory, DEFAULT_MAX_CONCURRENT_OPS, DEFAULT_PRESERVE_ORDER, mapAsyncFn);
    }

    @Override
    public <S, R> BatchStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory, int maxConcurrentOps, boolean preserveOrder,
            BiFunctionEx<? super S, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn) {
        return attachMapUsingServiceAsync("mapUsingServiceAsync", null, serviceFactory, maxConcurrentOps, preserveOrder, 1,
                Util.checkSerializable(mapAsyncFn, "mapAsyncFn"), null);
    }

    @Override
    public <S, R> BatchStage<R> mapUsingServiceAsyncBatched(ServiceFactory<S> serviceFactory, int maxBatchSize,
            BiFunctionEx<? super S, ? super java.util.List<T>, ? extends java.util.concurrent.CompletableFuture<java.util.List<R>>> mapAsyncFn) {
        return attachMapUsingServiceAsync("mapUsingServiceAsyncBatched", null, serviceFactory, DEFAULT_MAX_CONCURRENT_OPS,
                DEFAULT_PRESERVE_ORDER, maxBatchSize, null, Util.checkSerializable(mapAsyncFn, "mapAsyncFn"));
    }

    @Override
    public io.sluice.engine.pipeline.HashJoinBuilder<T> hashJoinBuilder() {
        return new HashJoinBuilderImpl.Batch<>(this);
    }

    @Override
    public <K1, K2, T1_IN, T2_IN, T1, T2, R> BatchStage<R> hashJoin2(
            BatchStage<T1_IN> stage1, JoinClause<K1, ? super T, ? super T1_IN, ? extends T1> joinClause1,
            BatchStage<T2_IN> stage2, JoinClause<K2, ? super T, ? super T2_IN, ? extends T2> joinClause2,
            TriFunction<? super T, ? super T1, ? super T2, ? extends R> mapToOutputFn) {
        return attachHashJoin2(stage1, joinClause1, stage2, joinClause2, mapToOutputFn);
    }

    @Override
    public <K> BatchStageWithKey<T, K> groupingKey(FunctionEx<? super T, ? extends K> keyFn) {
        return new BatchStageWithKeyImpl<>(this, Util.checkSerializable(keyFn, "keyFn"));
    }

    @Override
    public BatchStage<T> rebalance() {
        return attachRebalance(null);
    }

    @Override
    public <K> BatchStage<T> rebalance(FunctionEx<? super T, ? extends K> keyFn) {
        return attachRebalance(Util.checkSerializable(keyFn, "keyFn"));
    }

    @Override
    public <R> BatchStage<R> customTransform(String stageName, ProcessorSupplier processorSupplier) {
        return attachCustomTransform(stageName, processorSupplier);
    }

    @Override
    public <S, R> BatchStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                            BiFunctionEx<? super S, ? super T, ? extends R> mapFn) {
        Util.checkSerializable(mapFn, "mapFn");
        return attachStateful("mapStateful", null, 0, createFn, StatefulFns.mapGlobal(mapFn), null);
    }

    @Override
    public <S> BatchStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn) {
        Util.checkSerializable(filterFn, "filterFn");
        return attachStateful("filterStateful", null, 0, createFn, StatefulFns.filter(filterFn), null);
    }

    @Override
    public <S, R> BatchStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                                BiFunctionEx<? super S, ? super T, ? extends Traverser<R>> flatMapFn) {
        Util.checkSerializable(flatMapFn, "flatMapFn");
        return attachStateful("flatMapStateful", null, 0, createFn, StatefulFns.flatMapGlobal(flatMapFn), null);
    }

    @Override
    public <A, R> BatchStage<R> rollingAggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp) {
        return attachRollingAggregate(null, aggrOp);
    }

    @Override
    public BatchStage<T> peek() {
        return attachPeek(PeekFns.ALWAYS, PeekFns.TO_STRING);
    }

    @Override
    public BatchStage<T> peek(FunctionEx<? super T, ? extends CharSequence> toStringFn) {
        return attachPeek(PeekFns.ALWAYS, toStringFn);
    }

    @Override
    public BatchStage<T> peek(PredicateEx<? super T> shouldLogFn, FunctionEx<? super T, ? extends CharSequence> toStringFn) {
        return attachPeek(shouldLogFn, toStringFn);
    }

    @Override
    public BatchStage<T> merge(BatchStage<? extends T> other) {
        return attachMerge(other);
    }

    @Override
    public <A, R> BatchStage<R> aggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp) {
        return attach(new AggregateTransform(transform, null, checkAggregateOperation(aggrOp)));
    }

    @Override
    public <T1, A, R> BatchStage<R> aggregate2(BatchStage<T1> stage1, AggregateOperation<A, ? extends R> aggrOp) {
        List<AbstractTransform> others = List.of(pipeline.transformOf(stage1, "stage1"));
        return attachCoAggregate(others, checkCoAggregateOperation(aggrOp, 2, "aggregate2"));
    }

    @Override
    public <T1, T2, A, R> BatchStage<R> aggregate3(BatchStage<T1> stage1, BatchStage<T2> stage2,
                                                   AggregateOperation<A, ? extends R> aggrOp) {
        List<AbstractTransform> others = List.of(pipeline.transformOf(stage1, "stage1"),
                pipeline.transformOf(stage2, "stage2"));
        return attachCoAggregate(others, checkCoAggregateOperation(aggrOp, 3, "aggregate3"));
    }

    @Override
    public AggregateBuilder1<T> aggregateBuilder() {
        return new AggregateBuilders.Global1<>(this);
    }

    @Override
    public <R0> AggregateBuilder<R0> aggregateBuilder(AggregateOperation1<? super T, ?, ? extends R0> aggrOp0) {
        return new AggregateBuilders.Global<>(this, Util.checkSerializable(aggrOp0, "aggrOp0"));
    }

    /** Attaches a global aggregation of this stage (input 0) and {@code others} (inputs 1..). */
    <RET> RET attachCoAggregate(List<AbstractTransform> others, AggregateOperation<?, ?> aggrOp) {
        List<AbstractTransform> inputs = new ArrayList<>();
        inputs.add(transform);
        inputs.addAll(others);
        return attach(new AggregateTransform(inputs, null, aggrOp));
    }

    @Override
    public BatchStage<T> distinct() {
        return attach(new DistinctTransform(transform, null));
    }

    @Override
    public BatchStage<T> sort() {
        return attach(new SortTransform(transform, ComparatorEx.naturalOrder()));
    }

    @Override
    public BatchStage<T> sort(ComparatorEx<? super T> comparator) {
        return attach(new SortTransform(transform, Util.checkSerializable(comparator, "comparator")));
    }

    @Override
    public BatchStage<T> setName(String name) {
        applyName(name);
        return this;
    }

    @Override
    public BatchStage<T> setLocalParallelism(int localParallelism) {
        applyLocalParallelism(localParallelism);
        return this;
    }

    static <OP extends AggregateOperation1<?, ?, ?>> OP checkAggregateOperation(OP aggrOp) {
        Objects.requireNonNull(aggrOp, "aggrOp must not be null");
        if (aggrOp.arity() != 1) {
            throw new IllegalArgumentException("aggrOp must have arity 1 for a single-input aggregate, but has arity "
                    + aggrOp.arity());
        }
        return Util.checkSerializable(aggrOp, "aggrOp");
    }

    /** Checks the operation of a co-aggregation of {@code arity} stages ({@code method} names the call). */
    static <OP extends AggregateOperation<?, ?>> OP checkCoAggregateOperation(OP aggrOp, int arity, String method) {
        Objects.requireNonNull(aggrOp, "aggrOp must not be null");
        if (aggrOp.arity() != arity) {
            throw new IllegalArgumentException("aggrOp must have arity " + arity + " for " + method + " (one input per"
                    + " stage), but has arity " + aggrOp.arity() + "; build it with AggregateOperation.withCreate(..)"
                    + ".andAccumulate0(..).andAccumulate1(..)" + (arity == 3 ? ".andAccumulate2(..)" : "")
                    + ", or from one operation per stage with AggregateOperations.aggregateOperation" + arity
                    + "(..) (or coAggregateOperationBuilder())");
        }
        return Util.checkSerializable(aggrOp, "aggrOp");
    }
}
