package io.sluice.engine.impl.pipeline;

import io.sluice.engine.aggregate.AggregateOperation1;
import io.sluice.engine.core.ProcessorSupplier;
import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.function.SupplierEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.JoinClause;
import io.sluice.engine.pipeline.ServiceFactory;
import io.sluice.engine.pipeline.Sink;
import io.sluice.engine.pipeline.SinkStage;
import io.sluice.engine.pipeline.Stage;
import io.sluice.engine.pipeline.Traverser;

import java.util.Objects;

/**
 * The operations shared by batch and stream stages: each validates its arguments (null,
 * serializability, ownership of other stages), adds a transform to the pipeline and returns
 * the new stage, of the subclass's kind ({@link #newStage}).
 *
 * @param <T> item type
 */
abstract class ComputeStageImplBase<T> extends AbstractStage {

    ComputeStageImplBase(PipelineImpl pipeline, AbstractTransform transform) {
        super(pipeline, transform);
    }

    /** A stage of this kind (batch or stream) for {@code t}. */
    abstract ComputeStageImplBase<?> newStage(AbstractTransform t);

    @SuppressWarnings("unchecked")
    final <RET> RET attach(AbstractTransform t) {
        pipeline.add(t);
        return (RET) newStage(t);
    }

    <RET> RET attachMap(FunctionEx<?, ?> mapFn) {
        return attach(new MapTransform(transform, Util.checkSerializable(mapFn, "mapFn")));
    }

    <RET> RET attachFilter(PredicateEx<?> filterFn) {
        return attach(new FilterTransform(transform, Util.checkSerializable(filterFn, "filterFn")));
    }

    <RET> RET attachFlatMap(FunctionEx<?, ? extends Traverser<?>> flatMapFn) {
        return attach(new FlatMapTransform(transform, Util.checkSerializable(flatMapFn, "flatMapFn")));
    }

    <RET> RET attachMapUsingService(ServiceFactory<?> serviceFactory, BiFunctionEx<?, ?, ?> mapFn) {
        Objects.requireNonNull(serviceFactory, "serviceFactory must not be null");
        return attach(new MapUsingServiceTransform(transform, serviceFactory, Util.checkSerializable(mapFn, "mapFn")));
    }

    <RET> RET attachFilterUsingService(ServiceFactory<?> serviceFactory, BiPredicateEx<?, ?> filterFn) {
        Objects.requireNonNull(serviceFactory, "serviceFactory must not be null");
        return attach(new FilterUsingServiceTransform(transform, serviceFactory, Util.checkSerializable(filterFn, "filterFn")));
    }

    <RET> RET attachFlatMapUsingService(ServiceFactory<?> serviceFactory, BiFunctionEx<?, ?, ?> flatMapFn) {
        Objects.requireNonNull(serviceFactory, "serviceFactory must not be null");
        return attach(new FlatMapUsingServiceTransform(transform, serviceFactory,
                Util.checkSerializable(flatMapFn, "flatMapFn")));
    }

    /** Jet's default bound on async requests in flight per instance. */
    static final int DEFAULT_MAX_CONCURRENT_OPS = 4;
    /** Jet's default: async results keep the input order. */
    static final boolean DEFAULT_PRESERVE_ORDER = true;

    /**
     * {@code mapUsingServiceAsync} (per item) or {@code mapUsingServiceAsyncBatched} (per list),
     * keyed when {@code keyFn} is given; {@code itemFn}/{@code batchFn} already take (service, item(s)).
     */
    <RET> RET attachMapUsingServiceAsync(String name, FunctionEx<?, ?> keyFn, ServiceFactory<?> serviceFactory,
                                         int maxConcurrentOps, boolean preserveOrder, int maxBatchSize,
                                         BiFunctionEx<?, ?, ?> itemFn, BiFunctionEx<?, ?, ?> batchFn) {
        Objects.requireNonNull(serviceFactory, "serviceFactory must not be null");
        if (maxConcurrentOps < 1) {
            throw new IllegalArgumentException("maxConcurrentOps must be positive (the most requests in flight per"
                    + " instance), but was " + maxConcurrentOps);
        }
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be positive (the most items per call of mapAsyncFn),"
                    + " but was " + maxBatchSize);
        }
        return attach(new AsyncServiceTransform(name, transform, keyFn, serviceFactory, maxConcurrentOps, preserveOrder,
                maxBatchSize, itemFn, batchFn));
    }

    /** A keyed {@code ...UsingService} stage: partitioned by {@code keyFn}, then {@code step}. */
    <RET> RET attachKeyedUsingService(String name, FunctionEx<?, ?> keyFn, ServiceFactory<?> serviceFactory,
                                      io.sluice.engine.impl.processor.StepSupplier step) {
        Objects.requireNonNull(serviceFactory, "serviceFactory must not be null");
        return attach(new KeyedServiceTransform(name, transform, keyFn, step));
    }

    <RET> RET attachHashJoinN(java.util.List<AbstractTransform> sides, java.util.List<JoinClause<?, ?, ?, ?>> clauses,
                              java.util.List<io.sluice.engine.datamodel.Tag<?>> tags, BiFunctionEx<?, ?, ?> mapToOutputFn) {
        Util.checkSerializable(mapToOutputFn, "mapToOutputFn");
        if (sides.isEmpty()) {
            throw new IllegalStateException("hashJoinBuilder has no build side: call add(stage, joinClause) at least once"
                    + " before build(..)");
        }
        return attach(HashJoinTransform.joinN(transform, sides, clauses, tags, mapToOutputFn));
    }

    <RET> RET attachHashJoin(Stage stage1, JoinClause<?, ?, ?, ?> joinClause, BiFunctionEx<?, ?, ?> mapToOutputFn,
                             boolean inner) {
        AbstractTransform side = pipeline.transformOf(stage1, "stage1");
        Objects.requireNonNull(joinClause, "joinClause must not be null");
        Util.checkSerializable(mapToOutputFn, "mapToOutputFn");
        return attach(HashJoinTransform.join1(transform, side, joinClause, mapToOutputFn, inner));
    }

    <RET> RET attachHashJoin2(Stage stage1, JoinClause<?, ?, ?, ?> joinClause1, Stage stage2,
                              JoinClause<?, ?, ?, ?> joinClause2, TriFunction<?, ?, ?, ?> mapToOutputFn) {
        AbstractTransform side1 = pipeline.transformOf(stage1, "stage1");
        AbstractTransform side2 = pipeline.transformOf(stage2, "stage2");
        Objects.requireNonNull(joinClause1, "joinClause1 must not be null");
        Objects.requireNonNull(joinClause2, "joinClause2 must not be null");
        Util.checkSerializable(mapToOutputFn, "mapToOutputFn");
        return attach(HashJoinTransform.join2(transform, side1, joinClause1, side2, joinClause2, mapToOutputFn));
    }

    <RET> RET attachMerge(Stage other) {
        return attach(new MergeTransform(transform, pipeline.transformOf(other, "other")));
    }

    <RET> RET attachRebalance(FunctionEx<?, ?> keyFn) {
        return attach(new RebalanceTransform(transform, keyFn == null ? null : Util.checkSerializable(keyFn, "keyFn")));
    }

    <RET> RET attachCustomTransform(String stageName, ProcessorSupplier processorSupplier) {
        Util.checkName(stageName, "stageName");
        Util.checkSerializable(processorSupplier, "processorSupplier");
        return attach(new CustomTransform(transform, stageName, processorSupplier));
    }

    /** A custom transform whose input is partitioned by {@code keyFn} (keyed {@code customTransform}). */
    <RET> RET attachKeyedCustomTransform(String stageName, ProcessorSupplier processorSupplier, FunctionEx<?, ?> keyFn) {
        Util.checkName(stageName, "stageName");
        Util.checkSerializable(processorSupplier, "processorSupplier");
        return attach(new CustomTransform(transform, stageName, processorSupplier, keyFn));
    }

    /**
     * Attaches a keyed ({@code keyFn != null}) or global stateful stage (batch or stream: the same
     * {@link StatefulTransform} and {@code StatefulMapP}).
     */
    <RET> RET attachStateful(String name, FunctionEx<?, ?> keyFn, long ttl, SupplierEx<?> createFn,
                             TriFunction<Object, Object, Object, Traverser<?>> fn,
                             TriFunction<Object, Object, Object, Traverser<?>> onEvictFn) {
        return attachStateful(name, keyFn, ttl, createFn, fn, onEvictFn, null);
    }

    /** Like the above, with a {@code deleteStateFn} (may be {@code null}) tested after each item of a key. */
    <RET> RET attachStateful(String name, FunctionEx<?, ?> keyFn, long ttl, SupplierEx<?> createFn,
                             TriFunction<Object, Object, Object, Traverser<?>> fn,
                             TriFunction<Object, Object, Object, Traverser<?>> onEvictFn,
                             PredicateEx<?> deleteStateFn) {
        Util.checkSerializable(createFn, "createFn");
        if (deleteStateFn != null) {
            Util.checkSerializable(deleteStateFn, "deleteStateFn");
        }
        return attach(new StatefulTransform(name, transform, keyFn,
                key -> ctx -> StreamStageWithKeyImpl.statefulP(key, ttl, createFn, fn, onEvictFn, deleteStateFn)));
    }

    /** Attaches a keyed ({@code keyFn != null}) or global rolling aggregate. */
    <RET> RET attachRollingAggregate(FunctionEx<?, ?> keyFn, AggregateOperation1<?, ?, ?> aggrOp) {
        AggregateOperation1<?, ?, ?> op = BatchStageImpl.checkAggregateOperation(aggrOp);
        return attach(new StatefulTransform("rollingAggregate", transform, keyFn,
                key -> ctx -> StreamStageWithKeyImpl.rollingP(key, op)));
    }

    /** Attaches a stage that logs the items passing through at INFO and passes them on unchanged. */
    <RET> RET attachPeek(PredicateEx<?> shouldLogFn, FunctionEx<?, ? extends CharSequence> toStringFn) {
        return attach(new PeekTransform(transform, Util.checkSerializable(shouldLogFn, "shouldLogFn"),
                Util.checkSerializable(toStringFn, "toStringFn")));
    }

    /** Writes to {@code sink}; see {@code GeneralStage.writeTo}. */
    public SinkStage writeTo(Sink<? super T> sink) {
        Objects.requireNonNull(sink, "sink must not be null");
        if (!(sink instanceof ProcessorSink<?> processorSink)) {
            throw new IllegalArgumentException("sink '" + sink.name() + "' (" + sink.getClass().getName()
                    + ") cannot be planned: create sinks with SinkBuilder, Sink.fromProcessor or the connectors");
        }
        Util.checkSerializable(sink, "sink");
        SinkTransform t = new SinkTransform(transform, processorSink);
        pipeline.add(t);
        return new SinkStageImpl(pipeline, t);
    }
}
