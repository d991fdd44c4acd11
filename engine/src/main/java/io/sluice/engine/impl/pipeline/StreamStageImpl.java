package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.ToLongFunctionEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.BatchStage;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.ServiceFactory;
import io.sluice.engine.pipeline.StageWithWindow;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.StreamStageWithKey;
import io.sluice.engine.pipeline.Traverser;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.Objects;

/**
 * A stage of a streaming pipeline. With event time ({@link AbstractTransform#timestamped()}) its
 * items travel as {@code TimestampedItem}s: the planner runs stateless steps on the inner items
 * and re-wraps their output with the same timestamp, and sinks get the inner items.
 */
final class StreamStageImpl<T> extends ComputeStageImplBase<T> implements StreamStage<T> {

    StreamStageImpl(PipelineImpl pipeline, AbstractTransform transform) {
        super(pipeline, transform);
    }

    @Override
    StreamStageImpl<?> newStage(AbstractTransform t) {
        return new StreamStageImpl<>(pipeline, t);
    }

    boolean hasTimestamps() {
        return transform.timestamped();
    }

    /** Fails unless this stage has event time; {@code operation} names what needs it. */
    void checkTimestamps(String operation) {
        if (!hasTimestamps()) {
            throw new IllegalStateException("stage '" + name() + "' has no timestamps: call withTimestamps(..) (or"
                    + " withNativeTimestamps/withIngestionTimestamps on the source stage) before " + operation);
        }
    }

    @Override
    public StreamStage<T> withTimestamps(ToLongFunctionEx<? super T> timestampFn, long allowedLag) {
        Util.checkSerializable(timestampFn, "timestampFn");
        StreamSourceStageImpl.checkAllowedLag(allowedLag);
        return attach(new InsertWatermarksTransform(transform, timestampFn, allowedLag));
    }

    @Override
    public StageWithWindow<T> window(WindowDefinition windowDefinition) {
        Objects.requireNonNull(windowDefinition, "windowDefinition must not be null");
        checkTimestamps("window(..)");
        return new StageWithWindowImpl<>(this, null, windowDefinition, null);
    }

    @Override
    public StreamStage<T> merge(StreamStage<? extends T> other) {
        AbstractTransform otherTransform = pipeline.transformOf(other, "other");
        if (otherTransform.timestamped() != hasTimestamps()) {
            throw new IllegalArgumentException("cannot merge stage '" + name() + "' (" + describeTime(transform)
                    + ") with stage '" + other.name() + "' (" + describeTime(otherTransform)
                    + "): both must have timestamps, or neither");
        }
        return attachMerge(other);
    }

    private static String describeTime(AbstractTransform t) {
        return t.timestamped() ? "with timestamps" : "without timestamps";
    }

    @Override
    public <S, R> StreamStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                             BiFunctionEx<? super S, ? super T, ? extends R> mapFn) {
        Util.checkSerializable(mapFn, "mapFn");
        return attachStateful("mapStateful", null, 0, createFn, StatefulFns.mapGlobal(mapFn), null);
    }

    @Override
    public <S> StreamStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn) {
        Util.checkSerializable(filterFn, "filterFn");
        return attachStateful("filterStateful", null, 0, createFn, StatefulFns.filter(filterFn), null);
    }

    @Override
    public <S, R> StreamStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                                 BiFunctionEx<? super S, ? super T, ? extends Traverser<R>> flatMapFn) {
        Util.checkSerializable(flatMapFn, "flatMapFn");
        return attachStateful("flatMapStateful", null, 0, createFn, StatefulFns.flatMapGlobal(flatMapFn), null);
    }

    @Override
    public <A, R> StreamStage<R> rollingAggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp) {
        return attachRollingAggregate(null, aggrOp);
    }

    @Override
    public <K> StreamStageWithKey<T, K> groupingKey(FunctionEx<? super T, ? extends K> keyFn) {
        return new StreamStageWithKeyImpl<>(this, Util.checkSerializable(keyFn, "keyFn"));
    }

    @Override
    public <R> StreamStage<R> map(FunctionEx<? super T, ? extends R> mapFn) {
        return attachMap(mapFn);
    }

    @Override
    public StreamStage<T> filter(PredicateEx<? super T> filterFn) {
        return attachFilter(filterFn);
    }

    @Override
    public <R> StreamStage<R> flatMap(FunctionEx<? super T, ? extends Traverser<R>> flatMapFn) {
        return attachFlatMap(flatMapFn);
    }

    @Override
    public <S, R> StreamStage<R> mapUsingService(ServiceFactory<S> serviceFactory,
                                                  BiFunctionEx<? super S, ? super T, ? extends R> mapFn) {
        return attachMapUsingService(serviceFactory, mapFn);
    }

    @Override
    public <S> StreamStage<T> filterUsingService(ServiceFactory<S> serviceFactory,
                                                 BiPredicateEx<? super S, ? super T> filterFn) {
        return attachFilterUsingService(serviceFactory, filterFn);
    }

    @Override
    public <S, R> StreamStage<R> flatMapUsingService(ServiceFactory<S> serviceFactory,
                                                      BiFunctionEx<? super S, ? super T, ? extends Traverser<R>> flatMapFn) {
        return attachFlatMapUsingService(serviceFactory, flatMapFn);
    }

    @Override
    public <K, T1_IN, T1, R> StreamStage<R> hashJoin(BatchStage<T1_IN> stage1,
                                                       JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                       BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn) {
        return attachHashJoin(stage1, joinClause, mapToOutputFn, false);
    }

    @Override
    public <K, T1_IN, T1, R> StreamStage<R> innerHashJoin(BatchStage<T1_IN> stage1,
                                                            JoinClause<K, ? super T, ? super T1_IN, ? extends T1> joinClause,
                                                            BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn) {
        return attachHashJoin(stage1, joinClause, mapToOutputFn, true);
    }

    @Override
    public <S, R> StreamStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory,
            BiFunctionEx<? super S, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn) {
        return mapUsingServiceAsync(serviceFactory, DEFAULT_MAX_CONCURRENT_OPS, DEFAULT_PRESERVE_ORDER, mapAsyncFn);
    }

    @Override
    public <S, R> StreamStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory, int maxConcurrentOps, boolean preserveOrder,
            BiFunctionEx<? super S, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn) {
        return attachMapUsingServiceAsync("mapUsingServiceAsync", null, serviceFactory, maxConcurrentOps, preserveOrder, 1,
                Util.checkSerializable(mapAsyncFn, "mapAsyncFn"), null);
    }

    @Override
    public <S, R> StreamStage<R> mapUsingServiceAsyncBatched(ServiceFactory<S> serviceFactory, int maxBatchSize,
            BiFunctionEx<? super S, ? super java.util.List<T>, ? extends java.util.concurrent.CompletableFuture<java.util.List<R>>> mapAsyncFn) {
        return attachMapUsingServiceAsync("mapUsingServiceAsyncBatched", null, serviceFactory, DEFAULT_MAX_CONCURRENT_OPS,
                DEFAULT_PRESERVE_ORDER, maxBatchSize, null, Util.checkSerializable(mapAsyncFn, "mapAsyncFn"));
    }

    @Override
    public io.sluice.engine.pipeline.StreamHashJoinBuilder<T> hashJoinBuilder() {
        return new HashJoinBuilderImpl.Stream<>(this);
    }

    @Override
    public <K1, K2, T1_IN, T2_IN, T1, T2, R> StreamStage<R> hashJoin2(
            BatchStage<T1_IN> stage1, JoinClause<K1, ? super T, ? super T1_IN, ? extends T1> joinClause1,
            BatchStage<T2_IN> stage2, JoinClause<K2, ? super T, ? super T2_IN, ? extends T2> joinClause2,
            TriFunction<? super T, ? super T1, ? super T2, ? extends R> mapToOutputFn) {
        return attachHashJoin2(stage1, joinClause1, stage2, joinClause2, mapToOutputFn);
    }

    @Override
    public StreamStage<T> rebalance() {
        return attachRebalance(null);
    }

    @Override
    public <K> StreamStage<T> rebalance(FunctionEx<? super T, ? extends K> keyFn) {
        Util.checkSerializable(keyFn, "keyFn");
        return attachRebalance(TimestampedKeys.of(keyFn, hasTimestamps()));
    }

    @Override
    public <R> StreamStage<R> customTransform(String stageName, ProcessorSupplier processorSupplier) {
        return attachCustomTransform(stageName, processorSupplier);
    }

    @Override
    public StreamStage<T> peek() {
        return attachPeek(PeekFns.ALWAYS, PeekFns.TO_STRING);
    }

    @Override
    public StreamStage<T> peek(FunctionEx<? super T, ? extends CharSequence> toStringFn) {
        return attachPeek(PeekFns.ALWAYS, toStringFn);
    }

    @Override
    public StreamStage<T> peek(PredicateEx<? super T> shouldLogFn, FunctionEx<? super T, ? extends CharSequence> toStringFn) {
        return attachPeek(shouldLogFn, toStringFn);
    }

    @Override
    public StreamStage<T> setName(String name) {
        applyName(name);
        return this;
    }

    @Override
    public StreamStage<T> setLocalParallelism(int localParallelism) {
        applyLocalParallelism(localParallelism);
        return this;
    }

    /**
     * Attaches a stream-to-stream join of this stage (left) with {@code right}.
     *
     * @param method the DSL method, for messages
     */
    <RET> RET attachStreamJoin(io.sluice.engine.pipeline.Stage right, String paramName, FunctionEx<?, ?> leftKeyFn,
                               FunctionEx<?, ?> rightKeyFn, FunctionEx<?, ?> rightProjectFn,
                               io.sluice.engine.function.BiFunctionEx<?, ?, ?> mapToOutputFn,
                               io.sluice.engine.impl.stream.JoinCondition condition, boolean leftOuter, String method) {
        checkTimestamps(method);
        AbstractTransform rightTransform = pipeline.transformOf(right, paramName);
        if (!rightTransform.timestamped()) {
            throw new IllegalStateException("stage '" + right.name() + "' (" + paramName + ") has no timestamps: call"
                    + " withTimestamps(..) (or withNativeTimestamps/withIngestionTimestamps on the source stage)"
                    + " before joining it in " + method);
        }
        Util.checkSerializable(mapToOutputFn, "mapToOutputFn");
        return attach(new StreamJoinTransform(transform, rightTransform, leftKeyFn, rightKeyFn, rightProjectFn,
                mapToOutputFn, condition, leftOuter));
    }
}
