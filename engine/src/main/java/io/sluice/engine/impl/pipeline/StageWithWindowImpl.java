package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation;
import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.aggregate.AggregateOperations;
import io.sluice.engine.datamodel.Tuple2;
import io.sluice.engine.datamodel.Tuple3;
import io.sluice.engine.datamodel.WindowResult;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.StageWithKeyAndWindow;
import io.sluice.engine.pipeline.StageWithWindow;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.WindowAggregateBuilder;
import io.sluice.engine.pipeline.WindowAggregateBuilder1;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stream stage with a window definition, keyed ({@code keyFn != null}, behind
 * {@link StageWithKeyAndWindowImpl}) or not. Adds no transform until {@code aggregate*} is called.
 */
final class StageWithWindowImpl<T> implements StageWithWindow<T> {
    private final StreamStageImpl<T> upstream;
    private final FunctionEx<?, ?> keyFn;
    private final WindowDefinition def;
    private final ProcessorSink<?> lateSink;

    StageWithWindowImpl(StreamStageImpl<T> upstream, FunctionEx<?, ?> keyFn, WindowDefinition def, ProcessorSink<?> lateSink) {
        this.upstream = upstream;
        this.keyFn = keyFn;
        this.def = def;
        this.lateSink = lateSink;
    }

    @Override
    public WindowDefinition windowDefinition() {
        return def;
    }

    @Override
    public <A, R> StreamStage<WindowResult<R>> aggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp) {
        return attach(List.of(), BatchStageImpl.checkAggregateOperation(aggrOp));
    }

    @Override
    public <T1, A, R> StreamStage<WindowResult<R>> aggregate2(StreamStage<T1> stage1, AggregateOperation<A, ? extends R> aggrOp) {
        return attach(List.of(new Input(stage1, null, "stage1")), checkArity(aggrOp, 2, "aggregate2"));
    }

    @Override
    public <T1, T2, A, R> StreamStage<WindowResult<R>> aggregate3(StreamStage<T1> stage1, StreamStage<T2> stage2,
                                                                 AggregateOperation<A, ? extends R> aggrOp) {
        return attach(List.of(new Input(stage1, null, "stage1"), new Input(stage2, null, "stage2")),
                checkArity(aggrOp, 3, "aggregate3"));
    }

    @Override
    public StageWithWindow<T> lateItemsTo(Sink<? super T> sink) {
        return new StageWithWindowImpl<>(upstream, keyFn, def, checkLateSink(sink));
    }

    @Override
    public StreamStage<T> streamStage() {
        return upstream;
    }

    @Override
    public <K> StageWithKeyAndWindow<T, K> groupingKey(FunctionEx<? super T, ? extends K> keyFn) {
        if (this.keyFn != null) {
            throw new IllegalStateException("this windowed stage already has a grouping key");
        }
        return new StageWithKeyAndWindowImpl<>(upstream, Util.checkSerializable(keyFn, "keyFn"), def, lateSink);
    }

    @Override
    public StreamStage<WindowResult<T>> distinct() {
        StageWithKeyAndWindow<T, T> byItem = groupingKey(FunctionEx.identity());
        return byItem.distinct().map(r -> new WindowResult<>(r.start(), r.end(), r.result(), r.isEarly()));
    }

    @Override
    public <T1, R0, R1> StreamStage<WindowResult<Tuple2<R0, R1>>> aggregate2(
            AggregateOperation1<? super T, ?, ? extends R0> aggrOp0, StreamStage<T1> stage1,
            AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1) {
        checkOps(aggrOp0, aggrOp1);
        return aggregate2(stage1, AggregateOperations.aggregateOperation2(aggrOp0, aggrOp1));
    }

    @Override
    public <T1, T2, R0, R1, R2> StreamStage<WindowResult<Tuple3<R0, R1, R2>>> aggregate3(
            AggregateOperation1<? super T, ?, ? extends R0> aggrOp0, StreamStage<T1> stage1,
            AggregateOperation1<? super T1, ?, ? extends R1> aggrOp1, StreamStage<T2> stage2,
            AggregateOperation1<? super T2, ?, ? extends R2> aggrOp2) {
        checkOps(aggrOp0, aggrOp1, aggrOp2);
        return aggregate3(stage1, stage2, AggregateOperations.aggregateOperation3(aggrOp0, aggrOp1, aggrOp2));
    }

    @Override
    public <R0> WindowAggregateBuilder<R0> aggregateBuilder(AggregateOperation1<? super T, ?, ? extends R0> aggrOp0) {
        return new WindowAggregateBuilders.Separate<>(this, aggrOp0);
    }

    @Override
    public WindowAggregateBuilder1<T> aggregateBuilder() {
        return new WindowAggregateBuilders.Single<>(this);
    }

    /** Checks the separate operations of {@code aggregate2/3}: non-null, single-input, serializable. */
    static void checkOps(AggregateOperation1<?, ?, ?>... ops) {
        for (int i = 0; i < ops.length; i++) {
            Objects.requireNonNull(ops[i], "aggrOp" + i + " must not be null");
            Util.checkSerializable(ops[i], "aggrOp" + i);
        }
    }

    /** Another input of a co-aggregation: its stage and (keyed) its key function. */
    record Input(Object stage, FunctionEx<?, ?> keyFn, String paramName) {
    }

    /** Attaches the window transform reading this stage and {@code others}. */
    <RET> RET attach(List<Input> others, AggregateOperation<?, ?> aggrOp) {
        PipelineImpl pipeline = upstream.pipeline;
        List<AbstractTransform> inputs = new ArrayList<>();
        List<FunctionEx<?, ?>> keyFns = keyFn == null ? null : new ArrayList<>();
        inputs.add(upstream.transform);
        if (keyFns != null) {
            keyFns.add(keyFn);
        }
        for (Input in : others) {
            Objects.requireNonNull(in.stage(), () -> in.paramName() + " must not be null");
            AbstractTransform t = pipeline.transformOf((io.sluice.engine.pipeline.Stage) in.stage(), in.paramName());
            if (!t.timestamped()) {
                throw new IllegalStateException("stage '" + t.name() + "' (" + in.paramName() + ") has no timestamps: call"
                        + " withTimestamps(..) (or withNativeTimestamps/withIngestionTimestamps on the source stage)"
                        + " before co-aggregating it in a window");
            }
            inputs.add(t);
            if (keyFns != null) {
                keyFns.add(in.keyFn());
            }
        }
        return upstream.attach(new WindowAggregateTransform(inputs, keyFns, def, aggrOp, lateSink));
    }

    static <OP extends AggregateOperation<?, ?>> OP checkArity(OP aggrOp, int arity, String method) {
        Objects.requireNonNull(aggrOp, "aggrOp must not be null");
        if (aggrOp.arity() != arity && (arity < 2 || arity > 3)) {
            throw new IllegalArgumentException("aggrOp must have arity " + arity + " for " + method + " (one input per"
                    + " stage: this one and " + (arity - 1) + " added), but has arity " + aggrOp.arity());
        }
        if (aggrOp.arity() != arity) {
            throw new IllegalArgumentException("aggrOp must have arity " + arity + " for " + method + " (one input per"
                    + " stage), but has arity " + aggrOp.arity() + "; build it with AggregateOperation.withCreate(..)"
                    + ".andAccumulate0(..).andAccumulate1(..)" + (arity == 3 ? ".andAccumulate2(..)" : ""));
        }
        return io.sluice.engine.impl.util.Util.checkSerializable(aggrOp, "aggrOp");
    }

    static ProcessorSink<?> checkLateSink(Sink<?> sink) {
        Objects.requireNonNull(sink, "sink must not be null");
        if (!(sink instanceof ProcessorSink<?> processorSink)) {
            throw new IllegalArgumentException("sink '" + sink.name() + "' (" + sink.getClass().getName()
                    + ") cannot be planned: create sinks with SinkBuilder, Sink.fromProcessor or the connectors");
        }
        io.sluice.engine.impl.util.Util.checkSerializable(sink, "sink");
        return processorSink;
    }

    @Override
    public <K, T1_IN, T1, R> StreamStage<R> join(StreamStage<T1_IN> right,
                                                 io.sluice.engine.pipeline.JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                 io.sluice.engine.function.BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn) {
        return attachClauseJoin(right, joinClause, mapToOutputFn, false);
    }

    @Override
    public <K, T1_IN, T1, R> StreamStage<R> leftOuterJoin(StreamStage<T1_IN> right,
                                                          io.sluice.engine.pipeline.JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                          io.sluice.engine.function.BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn) {
        return attachClauseJoin(right, joinClause, mapToOutputFn, true);
    }

    private <RET> RET attachClauseJoin(StreamStage<?> right, io.sluice.engine.pipeline.JoinClause<?, ?, ?, ?> joinClause,
                                       io.sluice.engine.function.BiFunctionEx<?, ?, ?> mapToOutputFn, boolean leftOuter) {
        String method = leftOuter ? "window(..).leftOuterJoin(..)" : "window(..).join(..)";
        Objects.requireNonNull(right, "right must not be null");
        Objects.requireNonNull(joinClause, "joinClause must not be null");
        return attachJoin(right, joinClause.leftKeyFn(), joinClause.rightKeyFn(), joinClause.rightProjectFn(),
                mapToOutputFn, leftOuter, method);
    }

    /** Attaches a window join; {@code leftKeyFn} replaces this stage's grouping key (of the clause). */
    <RET> RET attachJoin(io.sluice.engine.pipeline.Stage right, FunctionEx<?, ?> leftKeyFn, FunctionEx<?, ?> rightKeyFn,
                         FunctionEx<?, ?> rightProjectFn, io.sluice.engine.function.BiFunctionEx<?, ?, ?> mapToOutputFn,
                         boolean leftOuter, String method) {
        if (!(def instanceof WindowDefinition.Sliding sliding) || !sliding.isTumbling()) {
            throw new IllegalArgumentException(method + " needs a tumbling window, but the window is " + def
                    + " (a pair of items would share several windows); for items within some time of each other"
                    + " use groupingKey(..).intervalJoin(..)");
        }
        if (def.earlyResultsPeriod() != 0) {
            throw new IllegalArgumentException(method + " emits each pair as soon as both items are there: remove"
                    + " setEarlyResultsPeriod(" + def.earlyResultsPeriod() + ") from the window definition");
        }
        if (lateSink != null) {
            throw new IllegalArgumentException(method + " does not support lateItemsTo(..): late items of a join"
                    + " are dropped and counted; remove lateItemsTo(..)");
        }
        return upstream.attachStreamJoin(right, "right", leftKeyFn, rightKeyFn, rightProjectFn, mapToOutputFn,
                io.sluice.engine.impl.stream.JoinCondition.tumbling(sliding.windowSize()), leftOuter, method);
    }
}
