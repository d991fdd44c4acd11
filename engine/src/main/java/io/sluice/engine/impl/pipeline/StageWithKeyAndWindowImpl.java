package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.KeyedWindowResult;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.pipeline.WindowGroupAggregateBuilder;
import io.sluice.engine.pipeline.WindowGroupAggregateBuilder1;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.StageWithKeyAndWindow;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.StreamStageWithKey;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.List;
import java.util.Objects;

/** A keyed stream stage with a window definition; see {@link WindowAggregateTransform} for the DAG. */
final class StageWithKeyAndWindowImpl<T, K> implements StageWithKeyAndWindow<T, K> {
    private final StageWithWindowImpl<T> windowed;
    private final WindowDefinition def;
    private final StreamStageImpl<T> upstream;
    private final FunctionEx<? super T, ? extends K> keyFn;

    StageWithKeyAndWindowImpl(StreamStageImpl<T> upstream, FunctionEx<? super T, ? extends K> keyFn, WindowDefinition def,
                              ProcessorSink<?> lateSink) {
        this.upstream = upstream;
        this.keyFn = keyFn;
        this.def = def;
        this.windowed = new StageWithWindowImpl<>(upstream, keyFn, def, lateSink);
    }

    @Override
    public WindowDefinition windowDefinition() {
        return def;
    }

    @Override
    public <A, R> StreamStage<KeyedWindowResult<K, R>> aggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp) {
        return windowed.attach(List.of(), BatchStageImpl.checkAggregateOperation(aggrOp));
    }

    @Override
    public <T1, A, R> StreamStage<KeyedWindowResult<K, R>> aggregate2(StreamStageWithKey<T1, K> stage1,
                                                                      AggregateOperation<A, ? extends R> aggrOp) {
        return windowed.attach(List.of(input(stage1, "stage1")), StageWithWindowImpl.checkArity(aggrOp, 2, "aggregate2"));
    }

    @Override
    public <T1, T2, A, R> StreamStage<KeyedWindowResult<K, R>> aggregate3(StreamStageWithKey<T1, K> stage1,
                                                                          StreamStageWithKey<T2, K> stage2,
                                                                          AggregateOperation<A, ? extends R> aggrOp) {
        return windowed.attach(List.of(input(stage1, "stage1"), input(stage2, "stage2")),
                StageWithWindowImpl.checkArity(aggrOp, 3, "aggregate3"));
    }

    @Override
    public StreamStage<T> streamStage() {
        return upstream;
    }

    @Override
    public FunctionEx<? super T, ? extends K> keyFn() {
        return keyFn;
    }

    @Override
    public StreamStage<KeyedWindowResult<K, T>> distinct() {
        return aggregate(AggregateOperations.<T>pickAny());
    }

    @Override
    public <T1, R0, R1> StreamStage<KeyedWindowResult<K, Tuple2<R0, R1>>> aggregate2(
            AggregateOperation1<? super T, ?, ? extends R0> aggrOp0, StreamStageWithKey<T1, K> stage1,
            AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1) {
        StageWithWindowImpl.checkOps(aggrOp0, aggrOp1);
        return aggregate2(stage1, AggregateOperations.aggregateOperation2(aggrOp0, aggrOp1));
    }

    @Override
    public <T1, T2, R0, R1, R2> StreamStage<KeyedWindowResult<K, Tuple3<R0, R1, R2>>> aggregate3(
            AggregateOperation1<? super T, ?, ? extends R0> aggrOp0, StreamStageWithKey<T1, K> stage1,
            AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1, StreamStageWithKey<T2, K> stage2,
            AggregateOperation1<? super T2, ?, ? extends R2> aggrOp2) {
        StageWithWindowImpl.checkOps(aggrOp0, aggrOp1, aggrOp2);
        return aggregate3(stage1, stage2, AggregateOperations.aggregateOperation3(aggrOp0, aggrOp1, aggrOp2));
    }

    @Override
    public <R0> WindowGroupAggregateBuilder<K, R0> aggregateBuilder(AggregateOperation1<? super T, ?, ? extends R0> aggrOp0) {
        return new WindowAggregateBuilders.KeyedSeparate<>(windowed, aggrOp0);
    }

    @Override
    public WindowGroupAggregateBuilder1<T, K> aggregateBuilder() {
        return new WindowAggregateBuilders.KeyedSingle<>(windowed);
    }

    static StageWithWindowImpl.Input input(StreamStageWithKey<?, ?> stage, String paramName) {
        Objects.requireNonNull(stage, () -> paramName + " must not be null");
        if (!(stage instanceof StreamStageWithKeyImpl<?, ?> keyed)) {
            throw new IllegalArgumentException(paramName + " must be a keyed stage of this pipeline (from groupingKey(..))");
        }
        return new StageWithWindowImpl.Input(keyed.upstream(), keyed.keyFn(), paramName);
    }

    @Override
    public StageWithKeyAndWindow<T, K> lateItemsTo(Sink<? super T> sink) {
        return new StageWithKeyAndWindowImpl<>(upstream, keyFn, def, StageWithWindowImpl.checkLateSink(sink));
    }

    @Override
    public <T1, R> StreamStage<R> join(StreamStageWithKey<T1, K> right,
                                       io.sluice.engine.function.BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn) {
        return attachJoin(right, mapToOutputFn, false);
    }

    @Override
    public <T1, R> StreamStage<R> leftOuterJoin(StreamStageWithKey<T1, K> right,
                                                io.sluice.engine.function.BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn) {
        return attachJoin(right, mapToOutputFn, true);
    }

    private <RET> RET attachJoin(StreamStageWithKey<?, ?> right, io.sluice.engine.function.BiFunctionEx<?, ?, ?> mapToOutputFn,
                                 boolean leftOuter) {
        String method = leftOuter ? "window(..).leftOuterJoin(..)" : "window(..).join(..)";
        StageWithWindowImpl.Input in = input(right, "right");
        return windowed.attachJoin((io.sluice.engine.pipeline.Stage) in.stage(), keyFn, in.keyFn(), null, mapToOutputFn,
                leftOuter, method);
    }
}
