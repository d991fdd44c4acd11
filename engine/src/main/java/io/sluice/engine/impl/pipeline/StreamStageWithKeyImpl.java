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
import io.sluice.engine.impl.stream.RollingAggregateP;
import io.sluice.engine.impl.stream.StatefulMapP;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.ServiceFactory;
import io.sluice.engine.pipeline.StageWithKeyAndWindow;
import io.sluice.engine.pipeline.StreamStage;
import io.sluice.engine.pipeline.StreamStageWithKey;
import io.sluice.engine.pipeline.Traverser;
import io.sluice.engine.pipeline.WindowDefinition;

import java.util.Objects;

/** A stream stage with a grouping key; adds no transform until a keyed operation is called. */
final class StreamStageWithKeyImpl<T, K> implements StreamStageWithKey<T, K> {
    private final StreamStageImpl<T> upstream;
    private final FunctionEx<? super T, ? extends K> keyFn;

    StreamStageWithKeyImpl(StreamStageImpl<T> upstream, FunctionEx<? super T, ? extends K> keyFn) {
        this.upstream = upstream;
        this.keyFn = keyFn;
    }

    StreamStageImpl<T> upstream() {
        return upstream;
    }

    @Override
    public FunctionEx<? super T, ? extends K> keyFn() {
        return keyFn;
    }

    @Override
    public <S, R> StreamStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                             TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn) {
        Util.checkSerializable(mapFn, "mapFn");
        return attachStateful("mapStateful", 0, createFn, StatefulFns.map(mapFn), null);
    }

    @Override
    public <S, R> StreamStage<R> mapStateful(long ttl, SupplierEx<? extends S> createFn,
                                             TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn,
                                             TriFunction<? super S, ? super K, Long, ? extends R> onEvictFn) {
        checkTtl(ttl);
        Util.checkSerializable(mapFn, "mapFn");
        TriFunction<Object, Object, Object, Traverser<?>> evict = null;
        if (onEvictFn != null) {
            evict = StatefulFns.map(Util.checkSerializable(onEvictFn, "onEvictFn"));
        }
        return attachStateful("mapStateful", ttl, createFn, StatefulFns.map(mapFn), evict);
    }

    @Override
    public <S> StreamStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn) {
        Util.checkSerializable(filterFn, "filterFn");
        return attachStateful("filterStateful", 0, createFn, StatefulFns.filter(filterFn), null);
    }

    @Override
    public <S> StreamStage<T> filterStateful(long ttl, SupplierEx<? extends S> createFn,
                                             BiPredicateEx<? super S, ? super T> filterFn) {
        checkTtl(ttl);
        Util.checkSerializable(filterFn, "filterFn");
        return attachStateful("filterStateful", ttl, createFn, StatefulFns.filter(filterFn), null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, R> StreamStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                                 TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn) {
        Util.checkSerializable(flatMapFn, "flatMapFn");
        return attachStateful("flatMapStateful", 0, createFn,
                (TriFunction<Object, Object, Object, Traverser<?>>) (TriFunction<?, ?, ?, ?>) flatMapFn, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <S, R> StreamStage<R> flatMapStateful(long ttl, SupplierEx<? extends S> createFn,
                                                 TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn,
                                                 TriFunction<? super S, ? super K, Long, ? extends Traverser<R>> onEvictFn) {
        checkTtl(ttl);
        Util.checkSerializable(flatMapFn, "flatMapFn");
        if (onEvictFn != null) {
            Util.checkSerializable(onEvictFn, "onEvictFn");
        }
        return attachStateful("flatMapStateful", ttl, createFn,
                (TriFunction<Object, Object, Object, Traverser<?>>) (TriFunction<?, ?, ?, ?>) flatMapFn,
                (TriFunction<Object, Object, Object, Traverser<?>>) (TriFunction<?, ?, ?, ?>) onEvictFn);
    }

    @Override
    public <A, R> StreamStage<KeyedResult<K, R>> rollingAggregate(AggregateOperation1<? super T, A, ? extends R> aggrOp) {
        return upstream.attachRollingAggregate(keyFn, aggrOp);
    }

    @Override
    public <S, R> StreamStage<R> mapStateful(SupplierEx<? extends S> createFn,
                                             TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn,
                                             PredicateEx<? super S> deleteStateFn) {
        Util.checkSerializable(mapFn, "mapFn");
        return upstream.attachStateful("mapStateful", keyFn, 0, createFn, StatefulFns.map(mapFn), null,
                Util.checkSerializable(deleteStateFn, "deleteStateFn"));
    }

    @Override
    public <S> StreamStage<T> filterStateful(SupplierEx<? extends S> createFn, BiPredicateEx<? super S, ? super T> filterFn,
                                             PredicateEx<? super S> deleteStateFn) {
        Util.checkSerializable(filterFn, "filterFn");
        return upstream.attachStateful("filterStateful", keyFn, 0, createFn, StatefulFns.filter(filterFn), null,
                Util.checkSerializable(deleteStateFn, "deleteStateFn"));
    }

    @Override
    public <S, R> StreamStage<R> flatMapStateful(SupplierEx<? extends S> createFn,
                                                 TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn,
                                                 PredicateEx<? super S> deleteStateFn) {
        Util.checkSerializable(flatMapFn, "flatMapFn");
        return upstream.attachStateful("flatMapStateful", keyFn, 0, createFn, StatefulFns.flatMap(flatMapFn), null,
                Util.checkSerializable(deleteStateFn, "deleteStateFn"));
    }

    @Override
    public <R> StreamStage<R> customTransform(String stageName, ProcessorSupplier processorSupplier) {
        return upstream.attachKeyedCustomTransform(stageName, processorSupplier, keyFn);
    }

    @Override
    public StageWithKeyAndWindow<T, K> window(WindowDefinition windowDefinition) {
        Objects.requireNonNull(windowDefinition, "windowDefinition must not be null");
        upstream.checkTimestamps("window(..)");
        return new StageWithKeyAndWindowImpl<>(upstream, keyFn, windowDefinition, null);
    }

    private void checkTtl(long ttl) {
        if (ttl <= 0) {
            throw new IllegalArgumentException("ttl must be positive (event time a key's state lives after its last item),"
                    + " but was " + ttl + "; use the overload without ttl to keep state forever");
        }
        upstream.checkTimestamps("a stateful stage with a ttl (state is evicted by the watermark)");
    }

    private <RET> RET attachStateful(String name, long ttl, SupplierEx<?> createFn,
                                     TriFunction<Object, Object, Object, Traverser<?>> fn,
                                     TriFunction<Object, Object, Object, Traverser<?>> onEvictFn) {
        return upstream.attachStateful(name, keyFn, ttl, createFn, fn, onEvictFn);
    }

    /** Creates the processor of a (keyed or global) stateful stage; shared with {@link StreamStageImpl}. */
    @SuppressWarnings("unchecked")
    static StatefulMapP statefulP(FunctionEx<?, ?> keyFn, long ttl, SupplierEx<?> createFn,
                                  TriFunction<Object, Object, Object, Traverser<?>> fn,
                                  TriFunction<Object, Object, Object, Traverser<?>> onEvictFn,
                                  PredicateEx<?> deleteStateFn) {
        TriFunction<?, ?, Long, ? extends Traverser<?>> evict =
                (TriFunction<?, ?, Long, ? extends Traverser<?>>) (TriFunction<?, ?, ?, ?>) onEvictFn;
        return new StatefulMapP(keyFn, ttl, createFn, fn, evict, deleteStateFn);
    }

    static RollingAggregateP rollingP(FunctionEx<?, ?> keyFn, AggregateOperation1<?, ?, ?> op) {
        return new RollingAggregateP(keyFn, op);
    }
    @Override
    public <S, R> StreamStage<R> mapUsingService(ServiceFactory<S> serviceFactory,
                                          TriFunction<? super S, ? super K, ? super T, ? extends R> mapFn) {
        return services().mapUsingService(serviceFactory, mapFn);
    }

    @Override
    public <S> StreamStage<T> filterUsingService(ServiceFactory<S> serviceFactory,
                                         TriPredicate<? super S, ? super K, ? super T> filterFn) {
        return services().filterUsingService(serviceFactory, filterFn);
    }

    @Override
    public <S, R> StreamStage<R> flatMapUsingService(ServiceFactory<S> serviceFactory,
                                              TriFunction<? super S, ? super K, ? super T, ? extends Traverser<R>> flatMapFn) {
        return services().flatMapUsingService(serviceFactory, flatMapFn);
    }

    @Override
    public <S, R> StreamStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory,
            TriFunction<? super S, ? super K, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn) {
        return mapUsingServiceAsync(serviceFactory, ComputeStageImplBase.DEFAULT_MAX_CONCURRENT_OPS,
                ComputeStageImplBase.DEFAULT_PRESERVE_ORDER, mapAsyncFn);
    }

    @Override
    public <S, R> StreamStage<R> mapUsingServiceAsync(ServiceFactory<S> serviceFactory, int maxConcurrentOps, boolean preserveOrder,
            TriFunction<? super S, ? super K, ? super T, ? extends java.util.concurrent.CompletableFuture<R>> mapAsyncFn) {
        return services().mapUsingServiceAsync(serviceFactory, maxConcurrentOps, preserveOrder, mapAsyncFn);
    }

    @Override
    public <S, R> StreamStage<R> mapUsingServiceAsyncBatched(ServiceFactory<S> serviceFactory, int maxBatchSize,
            TriFunction<? super S, ? super java.util.List<K>, ? super java.util.List<T>,
                    ? extends java.util.concurrent.CompletableFuture<java.util.List<R>>> mapAsyncFn) {
        return services().mapUsingServiceAsyncBatched(serviceFactory, maxBatchSize, mapAsyncFn);
    }

    private KeyedServiceStages services() {
        return new KeyedServiceStages(upstream, keyFn);
    }

    @Override
    public <T1, R> StreamStage<R> intervalJoin(StreamStageWithKey<T1, K> right, long lowerBound, long upperBound,
                                               io.sluice.engine.function.BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn) {
        return attachIntervalJoin(right, lowerBound, upperBound, mapToOutputFn, false);
    }

    @Override
    public <T1, R> StreamStage<R> leftOuterIntervalJoin(StreamStageWithKey<T1, K> right, long lowerBound, long upperBound,
                                                        io.sluice.engine.function.BiFunctionEx<? super T, ? super T1, ? extends R> mapToOutputFn) {
        return attachIntervalJoin(right, lowerBound, upperBound, mapToOutputFn, true);
    }

    private <RET> RET attachIntervalJoin(StreamStageWithKey<?, ?> right, long lowerBound, long upperBound,
                                         io.sluice.engine.function.BiFunctionEx<?, ?, ?> mapToOutputFn, boolean leftOuter) {
        String method = leftOuter ? "leftOuterIntervalJoin(..)" : "intervalJoin(..)";
        Objects.requireNonNull(right, "right must not be null");
        if (!(right instanceof StreamStageWithKeyImpl<?, ?> keyed)) {
            throw new IllegalArgumentException("right must be a keyed stage of this pipeline (from groupingKey(..))");
        }
        if (lowerBound > upperBound) {
            throw new IllegalArgumentException("lowerBound must not be greater than upperBound, but " + lowerBound
                    + " > " + upperBound + "; the bounds are right.ts - left.ts, e.g. (0, 10_000) for 'right within"
                    + " 10 s after left'");
        }
        return upstream.attachStreamJoin(keyed.upstream(), "right", keyFn, keyed.keyFn(), null, mapToOutputFn,
                io.sluice.engine.impl.stream.JoinCondition.interval(lowerBound, upperBound), leftOuter, method);
    }
}
