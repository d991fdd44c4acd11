package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.BatchStageWithKey;
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
}
