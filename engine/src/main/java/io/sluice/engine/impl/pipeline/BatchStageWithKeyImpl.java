package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.datamodel.KeyedResult;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.BatchStageWithKey;

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
}
