package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.PredicateEx;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.StepSupplier;

/** {@code filter}: keeps the items that match. */
final class FilterTransform extends StatelessTransform {
    private final PredicateEx<?> filterFn;

    FilterTransform(AbstractTransform upstream, PredicateEx<?> filterFn) {
        super("filter", upstream);
        this.filterFn = filterFn;
    }

    @Override
    StepSupplier step() {
        return Processors.filterStep(filterFn);
    }
}
