package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.function.TriFunction;
import io.sluice.engine.function.TriPredicate;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.util.Util;
import io.sluice.engine.pipeline.ServiceFactory;

import java.util.concurrent.CompletableFuture;

/**
 * The service stages of a keyed stage, batch or stream alike ({@code BatchStageWithKeyImpl} and
 * {@code StreamStageWithKeyImpl} delegate here): items are partitioned by the key, and the user's
 * function also gets the key. Each method returns the newly attached stage, typed by the caller.
 */
final class KeyedServiceStages {
    private final ComputeStageImplBase<?> upstream;
    private final FunctionEx<?, ?> keyFn;

    KeyedServiceStages(ComputeStageImplBase<?> upstream, FunctionEx<?, ?> keyFn) {
        this.upstream = upstream;
        this.keyFn = keyFn;
    }

    <RET> RET mapUsingService(ServiceFactory<?> serviceFactory, TriFunction<?, ?, ?, ?> mapFn) {
        Util.checkSerializable(mapFn, "mapFn");
        return upstream.attachKeyedUsingService("mapUsingService", keyFn, serviceFactory,
                Processors.mapUsingServiceStep(serviceFactory, ServiceFns.keyed(checkedKey("mapUsingService"), mapFn)));
    }

    <RET> RET filterUsingService(ServiceFactory<?> serviceFactory, TriPredicate<?, ?, ?> filterFn) {
        Util.checkSerializable(filterFn, "filterFn");
        return upstream.attachKeyedUsingService("filterUsingService", keyFn, serviceFactory,
                Processors.filterUsingServiceStep(serviceFactory,
                        ServiceFns.keyedFilter(checkedKey("filterUsingService"), filterFn)));
    }

    <RET> RET flatMapUsingService(ServiceFactory<?> serviceFactory, TriFunction<?, ?, ?, ?> flatMapFn) {
        Util.checkSerializable(flatMapFn, "flatMapFn");
        return upstream.attachKeyedUsingService("flatMapUsingService", keyFn, serviceFactory,
                Processors.flatMapUsingServiceStep(serviceFactory,
                        ServiceFns.keyed(checkedKey("flatMapUsingService"), flatMapFn)));
    }

    <RET> RET mapUsingServiceAsync(ServiceFactory<?> serviceFactory, int maxConcurrentOps, boolean preserveOrder,
                                   TriFunction<?, ?, ?, ? extends CompletableFuture<?>> mapAsyncFn) {
        Util.checkSerializable(mapAsyncFn, "mapAsyncFn");
        return upstream.attachMapUsingServiceAsync("mapUsingServiceAsync", keyFn, serviceFactory, maxConcurrentOps,
                preserveOrder, 1, ServiceFns.keyed(checkedKey("mapUsingServiceAsync"), mapAsyncFn), null);
    }

    <RET> RET mapUsingServiceAsyncBatched(ServiceFactory<?> serviceFactory, int maxBatchSize,
                                          TriFunction<?, ?, ?, ?> mapAsyncFn) {
        Util.checkSerializable(mapAsyncFn, "mapAsyncFn");
        return upstream.attachMapUsingServiceAsync("mapUsingServiceAsyncBatched", keyFn, serviceFactory,
                ComputeStageImplBase.DEFAULT_MAX_CONCURRENT_OPS, ComputeStageImplBase.DEFAULT_PRESERVE_ORDER, maxBatchSize,
                null, ServiceFns.keyedBatch(checkedKey("mapUsingServiceAsyncBatched"), mapAsyncFn));
    }

    private FunctionEx<Object, Object> checkedKey(String stageName) {
        return TimestampedKeys.checked(keyFn, stageName);
    }
}
