package io.sluice.engine.impl.pipeline;

import io.sluice.engine.function.FunctionEx;
import io.sluice.engine.impl.processor.Processors;
import io.sluice.engine.impl.processor.StepSupplier;

/** {@code map}: one item out per item in ({@code null} drops it). */
final class MapTransform extends StatelessTransform {
    private final FunctionEx<?, ?> mapFn;

    MapTransform(AbstractTransform upstream, FunctionEx<?, ?> mapFn) {
        super("map", upstream);
        this.mapFn = mapFn;
    }

    @Override
    StepSupplier step() {
        return Processors.mapStep(mapFn);
    }
}
