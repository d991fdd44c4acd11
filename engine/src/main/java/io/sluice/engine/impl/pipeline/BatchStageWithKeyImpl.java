package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.function.TriPredicate;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.BatchStageWithKey;
import io.sluice.engine.pipeline.ServiceFactory;
import io.sluice.engine.pipeline.Traverser;

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

    @Override
    public <S, R> BatchStage<R> mapUsingService(ServiceFactory<S> serviceFactory,
                                          TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn) {
        Util.checkSerializable(mapFn, "mapFn");
        return upstream.attachKeyedUsingService("mapUsingService", keyFn, serviceFactory,
                Processors.mapUsingServiceStep(serviceFactory, ServiceFns.keyed(checkedKey("mapUsingService"), mapFn)));
    }

    @Override
    public <S> BatchStage<T> filterUsingService(ServiceFactory<S> serviceFactory,
                                         TriPredicate<? super S, ? super K, ? super T> filterFn) {
        Util.checkSerializable(filterFn, "filterFn");
        return upstream.attachKeyedUsingService("filterUsingService", keyFn, serviceFactory,
                Processors.filterUsingServiceStep(serviceFactory,
                        ServiceFns.keyedFilter(checkedKey("filterUsingService"), filterFn)));
    }

    @Override
    public <S, R> BatchStage<R> flatMapUsingService(ServiceFactory<S> serviceFactory,
                                              TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn) {
        Util.checkSerializable(flatMapFn, "flatMapFn");
        return upstream.attachKeyedUsingService("flatMapUsingService", keyFn, serviceFactory,
                Processors.flatMapUsingServiceStep(serviceFactory,
                        ServiceFns.keyed(checkedKey("flatMapUsingService"), flatMapFn)));
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
        Util.checkSerializable(mapAsyncFn, "mapAsyncFn");
        return upstream.attachMapUsingServiceAsync("mapUsingServiceAsync", keyFn, serviceFactory, maxConcurrentOps,
                preserveOrder, 1, ServiceFns.keyed(checkedKey("mapUsingServiceAsync"), mapAsyncFn), null);
    }

    @Override
    public <S, R> BatchStage<R> mapUsingServiceAsyncBatched(ServiceFactory<S> serviceFactory, int maxBatchSize,
            TriFunction<? super S, ? super java.util.List<K>, ? super java.util.List<T>,
                    ? extends java.util.concurrent.CompletableFuture<java.util.List<R>>> mapAsyncFn) {
        Util.checkSerializable(mapAsyncFn, "mapAsyncFn");
        return upstream.attachMapUsingServiceAsync("mapUsingServiceAsyncBatched", keyFn, serviceFactory,
                ComputeStageImplBase.DEFAULT_MAX_CONCURRENT_OPS, ComputeStageImplBase.DEFAULT_PRESERVE_ORDER, maxBatchSize,
                null, ServiceFns.keyedBatch(checkedKey("mapUsingServiceAsyncBatched"), mapAsyncFn));
    }

    private FunctionEx<Object, Object> checkedKey(String stageName) {
        return TimestampedKeys.checked(keyFn, stageName);
    }
}
