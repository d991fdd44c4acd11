package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.function.TriPredicate;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.BatchStageWithKey;
import io.sluice.engine.pipeline.GroupAggregateBuilder;
import io.sluice.engine.pipeline.GroupAggregateBuilder1;
import io.sluice.engine.pipeline.ServiceFactory;
import io.sluice.engine.pipeline.Traverser;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A batch stage with a grouping key; adds no transform until a keyed operation is called. */
final class BatchStageWithKeyImpl<T, K> implements BatchStageWithKey<T, K> {
    private final BatchStageImpl<T> upstream;
    private final FunctionEx<? super T, ? extends K> keyFn;

    BatchStageWithKeyImpl(BatchStageImpl<T> upstream, FunctionEx<? super T, ? extends K> keyFn) {
        this.upstream = upstream;
        this.keyFn = keyFn;
    }

    @Override
    public FunctionEx<? super T, ? extends K> keyFn() {
        return keyFn;
    }

    @Override
    public <A, R> BatchStage<KeyedResult<K, R>> aggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp) {
        return upstream.attach(new AggregateTransform(upstream.transform, keyFn,
                BatchStageImpl.checkAggregateOperation(aggrOp)));
    }

    @Override
    public <T1, A, R> BatchStage<KeyedResult<K, R>> aggregate2(BatchStageWithKey<T1, ? extends K> stage1,
                                                               AggregateOperation<A, ? extends R> aggrOp) {
        List<KeyedInput> others = List.of(keyedInput(stage1, "stage1"));
        return attachCoGroup(others, BatchStageImpl.checkCoAggregateOperation(aggrOp, 2, "aggregate2"));
    }

    @Override
    public <T1, T2, A, R> BatchStage<KeyedResult<K, R>> aggregate3(BatchStageWithKey<T1, ? extends K> stage1,
                                                                   BatchStageWithKey<T2, ? extends K> stage2,
                                                                   AggregateOperation<A, ? extends R> aggrOp) {
        List<KeyedInput> others = List.of(keyedInput(stage1, "stage1"), keyedInput(stage2, "stage2"));
        return attachCoGroup(others, BatchStageImpl.checkCoAggregateOperation(aggrOp, 3, "aggregate3"));
    }

    @Override
    public GroupAggregateBuilder1<T, K> aggregateBuilder() {
        return new AggregateBuilders.Keyed1<>(this);
    }

    @Override
    public <R0> GroupAggregateBuilder<K, R0> aggregateBuilder(AggregateOperation1<? super T, ?, ? extends R0> aggrOp0) {
        return new AggregateBuilders.Keyed<>(this, Util.checkSerializable(aggrOp0, "aggrOp0"));
    }

    @Override
    public BatchStage<T> distinct() {
        return upstream.attach(new DistinctTransform(upstream.transform, keyFn));
    }

    @Override
    public <S, R> BatchStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                            TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn) {
        Util.checkSerializable(mapFn, "mapFn");
        return upstream.attachStateful("mapStateful", keyFn, 0, createFn, StatefulFns.map(mapFn), null);
    }

    @Override
    public <S, R> BatchStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                            TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn,
                                            PredicateEx<? super S> deleteStateFn) {
        Util.checkSerializable(mapFn, "mapFn");
        return upstream.attachStateful("mapStateful", keyFn, 0, createFn, StatefulFns.map(mapFn), null,
                Util.checkSerializable(deleteStateFn, "deleteStateFn"));
    }

    @Override
    public <S> BatchStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn) {
        Util.checkSerializable(filterFn, "filterFn");
        return upstream.attachStateful("filterStateful", keyFn, 0, createFn, StatefulFns.filter(filterFn), null);
    }

    @Override
    public <S> BatchStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn,
                                            PredicateEx<? super S> deleteStateFn) {
        Util.checkSerializable(filterFn, "filterFn");
        return upstream.attachStateful("filterStateful", keyFn, 0, createFn, StatefulFns.filter(filterFn), null,
                Util.checkSerializable(deleteStateFn, "deleteStateFn"));
    }

    @Override
    public <S, R> BatchStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                                TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn) {
        Util.checkSerializable(flatMapFn, "flatMapFn");
        return upstream.attachStateful("flatMapStateful", keyFn, 0, createFn, StatefulFns.flatMap(flatMapFn), null);
    }

    @Override
    public <S, R> BatchStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                                TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn,
                                                PredicateEx<? super S> deleteStateFn) {
        Util.checkSerializable(flatMapFn, "flatMapFn");
        return upstream.attachStateful("flatMapStateful", keyFn, 0, createFn, StatefulFns.flatMap(flatMapFn), null,
                Util.checkSerializable(deleteStateFn, "deleteStateFn"));
    }

    @Override
    public <A, R> BatchStage<KeyedResult<K, R>> rollingAggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp) {
        return upstream.attachRollingAggregate(keyFn, aggrOp);
    }

    @Override
    public <R> BatchStage<R> customTransform(String stageName, ProcessorSupplier processorSupplier) {
        return upstream.attachKeyedCustomTransform(stageName, processorSupplier, keyFn);
    }

    /** Another input of a co-grouping: its stage's transform and its key function. */
    record KeyedInput(AbstractTransform transform, FunctionEx<?, ?> keyFn) {
    }

    /**
     * The transform and key of {@code stage}, an argument named {@code paramName}, checking that it
     * is a keyed batch stage of this pipeline.
     */
    KeyedInput keyedInput(BatchStageWithKey<?, ?> stage, String paramName) {
        Objects.requireNonNull(stage, () -> paramName + " must not be null");
        if (!(stage instanceof BatchStageWithKeyImpl<?, ?> keyed)) {
            throw new IllegalArgumentException(paramName + " (" + stage.getClass().getName() + ") cannot be planned:"
                    + " get keyed stages from stage.groupingKey(keyFn)");
        }
        return new KeyedInput(upstream.pipeline.transformOf(keyed.upstream, paramName), keyed.keyFn);
    }

    /** Attaches a keyed aggregation of this stage (input 0) and {@code others} (inputs 1..). */
    <RET> RET attachCoGroup(List<KeyedInput> others, AggregateOperation<?, ?> aggrOp) {
        List<AbstractTransform> inputs = new ArrayList<>();
        List<FunctionEx<?, ?>> keyFns = new ArrayList<>();
        inputs.add(upstream.transform);
        keyFns.add(keyFn);
        for (KeyedInput in : others) {
            inputs.add(in.transform());
            keyFns.add(in.keyFn());
        }
        return upstream.attach(new AggregateTransform(inputs, keyFns, aggrOp));
    }

    @Override
    public <S, R> BatchStage<R> mapUsingService(ServiceFactory<S> serviceFactory,
                                          TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn) {
        return services().mapUsingService(serviceFactory, mapFn);
    }

    @Override
    public <S> BatchStage<T> filterUsingService(ServiceFactory<S> serviceFactory,
                                         TriPredicate<? super S, ? super K, ? super T> filterFn) {
        return services().filterUsingService(serviceFactory, filterFn);
    }

    @Override
    public <S, R> BatchStage<R> flatMapUsingService(ServiceFactory<S> serviceFactory,
                                              TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn) {
        return services().flatMapUsingService(serviceFactory, flatMapFn);
    }

    @Override
    public <S, R> BatchStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory,
            TriFunction<? super S, ? super K, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn) {
        return mapUsingServiceAsync(serviceFactory, ComputeStageImplBase.DEFAULT_MAX_CONCURRENT_OPS,
                ComputeStageImplBase.DEFAULT_PRESERVE_ORDER, mapAsyncFn);
    }

    @Override
    public <S, R> BatchStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory, int maxConcurrentOps, boolean preserveOrder,
            TriFunction<? super S, ? super K, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn) {
        return services().mapUsingServiceAsync(serviceFactory, maxConcurrentOps, preserveOrder, mapAsyncFn);
    }

    @Override
    public <S, R> BatchStage<R> mapUsingServiceAsyncBatched(ServiceFactory<S> serviceFactory, int maxBatchSize,
            TriFunction<? super S, ? super java.util.List<K>, ? super java.util.List<T>,
                    ? extends java.util.concurrent.CompletableFuture<java.util.List<R>>> mapAsyncFn) {
        return services().mapUsingServiceAsyncBatched(serviceFactory, maxBatchSize, mapAsyncFn);
    }

    private KeyedServiceStages services() {
        return new KeyedServiceStages(upstream, keyFn);
    }
}
