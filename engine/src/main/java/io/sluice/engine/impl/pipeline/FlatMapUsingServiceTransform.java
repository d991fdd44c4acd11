package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.StepSupplier;
import io.sluice.engine.pipeline.ServiceFactory;

/** {@code flatMapUsingService}. */
final class FlatMapUsingServiceTransform extends StatelessTransform {
    private final ServiceFactory<?> serviceFactory;
    private final BiFunctionEx<?, ?, ?> flatMapFn;

    FlatMapUsingServiceTransform(AbstractTransform upstream, ServiceFactory<?> serviceFactory, BiFunctionEx<?, ?, ?> flatMapFn) {
        super("flatMapUsingService", upstream);
        this.serviceFactory = serviceFactory;
        this.flatMapFn = flatMapFn;
    }

    @Override
    StepSupplier step() {
        return Processors.flatMapUsingServiceStep(serviceFactory, flatMapFn);
    }
}
