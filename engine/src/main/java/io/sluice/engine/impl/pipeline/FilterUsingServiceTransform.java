package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.BiPredicateEx;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.StepSupplier;
import io.sluice.engine.pipeline.ServiceFactory;

/** {@code filterUsingService}. */
final class FilterUsingServiceTransform extends StatelessTransform {
    private final ServiceFactory<?> serviceFactory;
    private final BiPredicateEx<?, ?> filterFn;

    FilterUsingServiceTransform(AbstractTransform upstream, ServiceFactory<?> serviceFactory, BiPredicateEx<?, ?> filterFn) {
        super("filterUsingService", upstream);
        this.serviceFactory = serviceFactory;
        this.filterFn = filterFn;
    }

    @Override
    StepSupplier step() {
        return Processors.filterUsingServiceStep(serviceFactory, filterFn);
    }
}
