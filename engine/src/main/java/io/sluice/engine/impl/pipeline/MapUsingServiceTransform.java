package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.BiFunctionEx;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.StepSupplier;
import io.sluice.engine.pipeline.ServiceFactory;

/** {@code mapUsingService}. */
final class MapUsingServiceTransform extends StatelessTransform {
    private final ServiceFactory<?> serviceFactory;
    private final BiFunctionEx<?, ?, ?> mapFn;

    MapUsingServiceTransform(AbstractTransform upstream, ServiceFactory<?> serviceFactory, BiFunctionEx<?, ?, ?> mapFn) {
        super("mapUsingService", upstream);
        this.serviceFactory = serviceFactory;
        this.mapFn = mapFn;
    }

    @Override
    StepSupplier step() {
        return Processors.mapUsingServiceStep(serviceFactory, mapFn);
    }
}
